package org.saescope.lm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.DType;
import org.saescope.tensor.SafetensorsFile;
import org.saescope.tensor.TensorInfo;
import org.saescope.tensor.TensorSource;

/**
 * The weights of a Hugging Face folder: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} maps each tensor name to. Every shard is opened (and its
 * header validated) up front; tensor data is read on demand.
 */
final class CheckpointWeights implements Weights {
    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";
    /** A shard is named by a plain file name in the same folder; never a path that leaves it. */
    private static final Pattern SHARD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.safetensors");

    private final Path origin;
    private final List<TensorSource> sources;
    private final Map<String, TensorSource> byName;

    private CheckpointWeights(Path origin, List<TensorSource> sources, Map<String, TensorSource> byName) {
        this.origin = origin;
        this.sources = sources;
        this.byName = byName;
    }

    /** Opens the weights of {@code dir}; a missing or inconsistent index is a {@link BadInputException}. */
    static CheckpointWeights open(Path dir) {
        Path single = dir.resolve(SINGLE);
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(single)) {
            TensorSource s = SafetensorsFile.open(single);
            Map<String, TensorSource> byName = new HashMap<>();
            for (String n : s.names()) {
                byName.put(n, s);
            }
            return new CheckpointWeights(single, List.of(s), byName);
        }
        if (Files.isRegularFile(index)) {
            return openSharded(index);
        }
        if (hasPickleWeights(dir)) {
            throw new BadInputException(dir, "holds only PyTorch pickle weights (pytorch_model.bin), which can run arbitrary code when "
                    + "loaded; SAEscope reads safetensors only. Convert in Python: model.save_pretrained(dir, safe_serialization=True)");
        }
        throw new BadInputException(dir, "has neither " + SINGLE + " nor " + INDEX);
    }

    private static boolean hasPickleWeights(Path dir) {
        return Files.exists(dir.resolve("pytorch_model.bin")) || Files.exists(dir.resolve("pytorch_model.bin.index.json"));
    }

    private static CheckpointWeights openSharded(Path index) {
        JsonNode map = ConfigJson.read(index).node("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new BadInputException(index, "has no \"weight_map\" object");
        }
        Map<String, TensorSource> shards = new LinkedHashMap<>();
        Map<String, TensorSource> byName = new HashMap<>();
        List<TensorSource> opened = new ArrayList<>();
        try {
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) map::fields) {
                String shard = e.getValue().asText();
                if (!e.getValue().isTextual() || !SHARD_NAME.matcher(shard).matches()) {
                    throw new BadInputException(index, "tensor '" + e.getKey() + "' maps to '" + e.getValue()
                            + "', which is not a .safetensors file name in the same folder");
                }
                TensorSource src = shards.get(shard);
                if (src == null) {
                    Path p = index.resolveSibling(shard);
                    if (!Files.isRegularFile(p)) {
                        throw new BadInputException(index, "names shard " + shard + ", which does not exist");
                    }
                    src = SafetensorsFile.open(p);
                    opened.add(src);
                    shards.put(shard, src);
                }
                if (!src.contains(e.getKey())) {
                    throw new BadInputException(src.path(), "lacks tensor '" + e.getKey() + "' that " + INDEX + " places there");
                }
                byName.put(e.getKey(), src);
            }
        } catch (RuntimeException ex) {
            opened.forEach(TensorSource::close);
            throw ex;
        }
        return new CheckpointWeights(index, opened, byName);
    }

    @Override
    public TensorInfo info(String name) {
        TensorSource s = byName.get(name);
        return s == null ? null : s.info(name);
    }

    @Override
    public Path fileOf(String name) {
        TensorSource s = byName.get(name);
        return s == null ? origin : s.path();
    }

    @Override
    public float[] readF32(String name) {
        TensorSource s = byName.get(name);
        if (s == null) {
            throw new BadInputException(origin, "missing tensor '" + name + "'");
        }
        return s.readF32(name);
    }

    /** The floating-point dtype holding the most elements, as torch names it ("float32", "bfloat16"...). */
    String storedDType() {
        Map<DType, Long> count = new HashMap<>();
        for (Map.Entry<String, TensorSource> e : byName.entrySet()) {
            TensorInfo i = e.getValue().info(e.getKey());
            if (i.dtype().isFloatingPoint()) {
                count.merge(i.dtype(), i.numel(), Long::sum);
            }
        }
        return count.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> torchName(e.getKey())).orElse("unknown");
    }

    static String torchName(DType d) {
        return switch (d) {
            case F64 -> "float64";
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> d.safetensorsName().toLowerCase(java.util.Locale.ROOT);
        };
    }

    @Override
    public void close() {
        sources.forEach(TensorSource::close);
    }
}
