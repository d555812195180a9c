package org.saescope.train.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.saescope.lm.Gpt2BatchForward;
import org.saescope.tensor.SafetensorsWriter;

/**
 * Writes trained GPT-2 weights as a Hugging Face folder that {@code GPT2LMHeadModel.from_pretrained}
 * and SAEscope's {@code ModelLoader} both read: {@code config.json} ({@code model_type} gpt2,
 * {@code gelu_new}, tied embeddings) and {@code model.safetensors} with {@code transformer.}-prefixed
 * names and {@code Conv1D} weights stored {@code [in, out]}. Each file goes to a temp name first and
 * is renamed into place.
 */
public final class Gpt2FolderWriter {
    /** How the weights are stored; compute is f32 either way. */
    public enum StoredType { FLOAT32, FLOAT16 }

    private Gpt2FolderWriter() {
    }

    /** Writes config.json and model.safetensors into {@code dir} (created if needed); copies {@code tokenizerJson} when not null. */
    public static void write(Path dir, Gpt2BatchForward.Dims dims, Map<String, float[]> params, StoredType type,
                             Path tokenizerJson) {
        try {
            Files.createDirectories(dir);
            SafetensorsWriter w = new SafetensorsWriter();
            for (Map.Entry<String, long[]> e : Gpt2BatchForward.parameterShapes(dims).entrySet()) {
                String name = e.getKey();
                long[] shape = e.getValue();
                float[] data = params.get(name);
                if (data == null) {
                    throw new IllegalArgumentException("missing parameter " + name);
                }
                if (Gpt2BatchForward.isConv1D(name)) {
                    data = transpose(data, (int) shape[0], (int) shape[1]);
                    shape = new long[] {shape[1], shape[0]};
                }
                if (type == StoredType.FLOAT16) {
                    w.addF16("transformer." + name, data, shape);
                } else {
                    w.addF32("transformer." + name, data, shape);
                }
            }
            w.metadata("format", "pt");
            w.write(dir.resolve("model.safetensors"));
            writeAtomically(dir.resolve("config.json"), configJson(dims, type));
            if (tokenizerJson != null) {
                Path target = dir.resolve("tokenizer.json");
                if (!Files.exists(target) || !Files.isSameFile(tokenizerJson, target)) {
                    writeAtomically(target, Files.readAllBytes(tokenizerJson));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model folder " + dir, e);
        }
    }

    /**
     * Reads back the weights of a folder this writer made (or any GPT-2 checkpoint of the same
     * shape) in compute layout, widened to f32: the start of a further training stage.
     */
    public static Map<String, float[]> read(Path dir, Gpt2BatchForward.Dims dims) {
        Path file = dir.resolve("model.safetensors");
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        try (org.saescope.tensor.SafetensorsFile f = org.saescope.tensor.SafetensorsFile.open(file)) {
            String prefix = f.contains("transformer.wte.weight") ? "transformer." : "";
            for (Map.Entry<String, long[]> e : Gpt2BatchForward.parameterShapes(dims).entrySet()) {
                String name = prefix + e.getKey();
                long[] shape = e.getValue();
                long[] stored = Gpt2BatchForward.isConv1D(e.getKey()) ? new long[] {shape[1], shape[0]} : shape;
                if (!f.contains(name) || !java.util.Arrays.equals(f.info(name).shape(), stored)) {
                    throw new org.saescope.tensor.BadInputException(file, "has no tensor " + name + " of shape "
                            + java.util.Arrays.toString(stored) + " (the model to start from must have the same shape)");
                }
                float[] a = f.readF32(name);
                out.put(e.getKey(), Gpt2BatchForward.isConv1D(e.getKey()) ? transpose(a, (int) shape[1], (int) shape[0]) : a);
            }
        }
        return out;
    }

    /** The config.json of Hugging Face's GPT2Config for these dims (dropout 0: the model was trained without it). */
    static byte[] configJson(Gpt2BatchForward.Dims dims, StoredType type) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode c = json.createObjectNode();
        c.putArray("architectures").add("GPT2LMHeadModel");
        c.put("model_type", "gpt2");
        c.put("vocab_size", dims.vocabSize());
        c.put("n_positions", dims.nPositions());
        c.put("n_ctx", dims.nPositions());
        c.put("n_embd", dims.nEmbd());
        c.put("n_layer", dims.nLayer());
        c.put("n_head", dims.nHead());
        c.put("n_inner", dims.nInner());
        c.put("activation_function", "gelu_new");
        c.put("layer_norm_epsilon", dims.layerNormEpsilon());
        c.put("resid_pdrop", 0.0);
        c.put("embd_pdrop", 0.0);
        c.put("attn_pdrop", 0.0);
        c.put("initializer_range", LmTrainConfig.INIT_STD);
        c.put("scale_attn_weights", true);
        c.put("scale_attn_by_inverse_layer_idx", false);
        c.put("reorder_and_upcast_attn", false);
        c.put("tie_word_embeddings", true);
        // the end-of-text token that separated training documents (GPT-2: 50256, the last id)
        c.put("bos_token_id", dims.vocabSize() - 1);
        c.put("eos_token_id", dims.vocabSize() - 1);
        c.put("torch_dtype", type == StoredType.FLOAT16 ? "float16" : "float32");
        return (json.writeValueAsString(c) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
