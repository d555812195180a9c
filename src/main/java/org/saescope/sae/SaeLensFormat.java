package org.saescope.sae;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.TensorFiles;
import org.saescope.tensor.TensorInfo;
import org.saescope.tensor.TensorSource;

/**
 * SAELens folders: cfg.json + sae_weights.safetensors (+ sparsity.safetensors). Config handling
 * follows sae_lens/loading/pretrained_sae_loaders.py: {@code handle_config_defaulting} sends a cfg
 * without {@code sae_lens_version} (top level or in metadata) or older than 6 through
 * {@code handle_pre_6_0_config}; v6 cfgs are read as SAEConfig with its defaults.
 */
final class SaeLensFormat implements SaeFormatReader {
    private static final String KNOWN = "standard, gated, jumprelu, topk, batchtopk";

    @Override
    public SaeConfig config(SaeLocation loc, TensorSource weights, List<String> warnings) {
        ConfigJson cj = ConfigJson.read(loc.configFile());
        JsonNode r = cj.root();
        JsonNode meta = cj.object(r, "metadata");
        boolean v6 = isV6(cj, r, meta);
        int dIn = cj.requiredPositiveInt(r, "d_in");
        int dSae = cj.requiredPositiveInt(r, "d_sae");

        String archName;
        Integer k = null;
        NormalizeActivations norm;
        if (v6) {
            archName = cj.requiredString(r, "architecture");
            k = cj.optInt(r, "k");
            String n = cj.optString(r, "normalize_activations");
            norm = n == null ? NormalizeActivations.NONE : NormalizeActivations.fromId(n);
            if (norm == null) {
                throw cj.invalid("normalize_activations", "unknown mode \"" + n
                        + "\"; expected none, expected_average_only_in, constant_norm_rescale or layer_norm");
            }
        } else {
            // handle_pre_6_0_config: activation_fn_str is renamed activation_fn; "topk" with
            // activation_fn_kwargs.k makes the architecture topk; a boolean normalize_activations
            // means expected_average_only_in when true.
            archName = cj.optString(r, "architecture");
            if (archName == null) {
                archName = "standard";
            }
            String fn = cj.optString(r, "activation_fn_str");
            if (fn == null) {
                fn = cj.optString(r, "activation_fn");
            }
            JsonNode kwargs = cj.object(r, "activation_fn_kwargs");
            Integer kwK = kwargs == null ? null : cj.optInt(kwargs, "k");
            if ("topk".equals(fn) && kwK != null) {
                archName = "topk";
                k = kwK;
            } else if (fn != null && !fn.equals("relu") && !fn.equals("topk")) {
                warnings.add("activation_fn " + fn + " is ignored: SAELens v6 runs this SAE with ReLU");
            }
            if (k == null) {
                k = cj.optInt(r, "k");
            }
            norm = pre6Normalization(cj, r);
        }
        SaeArchitecture arch = SaeArchitecture.fromId(archName);
        if (arch == null) {
            throw cj.invalid("architecture", "unknown architecture \"" + archName + "\"; SAEscope reads " + KNOWN);
        }
        if (arch == SaeArchitecture.TOPK) {
            k = k == null ? 100 : k; // TopKSAEConfig's default
            if (k <= 0 || k > dSae) {
                throw cj.invalid("k", "TopK needs 0 < k <= d_sae (" + dSae + "), got " + k);
            }
        }
        if (norm == NormalizeActivations.EXPECTED_AVERAGE_ONLY_IN) {
            warnings.add("normalize_activations is expected_average_only_in but no scaling factor is stored;"
                    + " as SAELens' load_from_disk does, inputs are used as they are");
        }
        if ("hook_z".equals(cj.optString(r, "reshape_activations"))) {
            warnings.add("reshape_activations is hook_z: inputs must be the flattened [n_heads * d_head] z");
        }

        String hookName = firstString(cj, meta, r, "hook_name");
        if (hookName == null && !v6) {
            hookName = cj.optString(r, "hook_point");
        }
        Integer hookLayer = SaeConfig.layerOf(hookName);
        if (hookLayer == null) {
            hookLayer = cj.optInt(r, "hook_layer");
        }
        if (hookLayer == null && !v6) {
            hookLayer = cj.optInt(r, "hook_point_layer");
        }
        Integer context = firstInt(cj, meta, r, "context_size");
        Boolean bos = meta != null && cj.has(meta, "prepend_bos") ? cj.optBool(meta, "prepend_bos")
                : cj.optBool(r, "prepend_bos");
        if (bos == null && !v6) {
            bos = true; // handle_pre_6_0_config's default
        }
        boolean rescale = arch == SaeArchitecture.TOPK || arch == SaeArchitecture.BATCHTOPK
                ? cj.bool(r, "rescale_acts_by_decoder_norm", false) : false;
        return new SaeConfig(SaeFormat.SAELENS, arch, dIn, dSae,
                WeightReader.storedDtype(weights, "W_dec", "W_enc"), hookName, hookLayer,
                firstString(cj, meta, r, "model_name"), arch == SaeArchitecture.TOPK ? k : 0, rescale,
                cj.bool(r, "apply_b_dec_to_input", true), norm, null, context, bos,
                firstString(cj, meta, r, "dataset_path"), r);
    }

    private static boolean isV6(ConfigJson cj, JsonNode r, JsonNode meta) {
        String v = cj.optString(r, "sae_lens_version");
        if (v == null && meta != null) {
            v = cj.optString(meta, "sae_lens_version");
        }
        if (v == null) {
            return false;
        }
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end > 0 && end < 10 && Integer.parseInt(v.substring(0, end)) >= 6;
    }

    private static NormalizeActivations pre6Normalization(ConfigJson cj, JsonNode r) {
        JsonNode n = r.get("normalize_activations");
        if (n == null || n.isNull()) {
            return NormalizeActivations.NONE;
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? NormalizeActivations.EXPECTED_AVERAGE_ONLY_IN : NormalizeActivations.NONE;
        }
        String s = cj.optString(r, "normalize_activations");
        NormalizeActivations m = NormalizeActivations.fromId(s);
        if (m == null) {
            throw cj.invalid("normalize_activations", "unknown mode \"" + s + "\"");
        }
        return m;
    }

    /** A string from the metadata object, else from the top level (v6 nests, older cfgs do not). */
    private static String firstString(ConfigJson cj, JsonNode meta, JsonNode r, String field) {
        String v = meta == null ? null : cj.optString(meta, field);
        return v != null ? v : cj.optString(r, field);
    }

    private static Integer firstInt(ConfigJson cj, JsonNode meta, JsonNode r, String field) {
        Integer v = meta == null ? null : cj.optInt(meta, field);
        return v != null ? v : cj.optInt(r, field);
    }

    @Override
    public List<TensorPlan> plan(SaeConfig cfg, TensorSource weights) {
        List<TensorPlan> p = new ArrayList<>();
        p.add(TensorPlan.required(WeightRole.W_ENC, "W_enc"));
        p.add(TensorPlan.required(WeightRole.W_DEC, "W_dec"));
        p.add(TensorPlan.required(WeightRole.B_DEC, "b_dec"));
        switch (cfg.architecture()) {
            case GATED:
                p.add(TensorPlan.required(WeightRole.B_GATE, "b_gate"));
                p.add(TensorPlan.required(WeightRole.R_MAG, "r_mag"));
                p.add(TensorPlan.required(WeightRole.B_MAG, "b_mag"));
                break;
            case JUMPRELU:
                p.add(TensorPlan.required(WeightRole.B_ENC, "b_enc"));
                p.add(TensorPlan.required(WeightRole.THRESHOLD, "threshold"));
                break;
            case BATCHTOPK:
                p.add(TensorPlan.required(WeightRole.B_ENC, "b_enc"));
                p.add(TensorPlan.required(WeightRole.THRESHOLD, "threshold", "topk_threshold"));
                break;
            default:
                p.add(TensorPlan.required(WeightRole.B_ENC, "b_enc"));
                break;
        }
        return p;
    }

    @Override
    public void finish(SaeLocation loc, SaeConfig cfg, TensorSource weights, EnumMap<WeightRole, float[]> w,
                       List<String> warnings) {
        // read_sae_components_from_disk: an all-ones scaling_factor is dropped; any other one was a
        // finetuning scaling factor, which SAELens v6 cannot load either.
        if (weights.contains("scaling_factor")) {
            for (float f : weights.readF32("scaling_factor")) {
                if (f != 1f) {
                    throw new BadInputException(weights.path(), "scaling_factor is not all ones: a finetuning "
                            + "scaling factor, which SAELens v6 and SAEscope do not support");
                }
            }
        }
        if (cfg.architecture() == SaeArchitecture.BATCHTOPK && cfg.rescaleActsByDecoderNorm()) {
            foldDecoderNorms(cfg, w);
        }
    }

    /**
     * A BatchTopK training checkpoint: fold ‖W_dec[f]‖ into the encoder as SAELens does before
     * saving it as JumpReLU (topk_sae.py {@code _fold_norm_topk}: norms clamped at 1e-8;
     * b_enc · n, W_enc[:, f] · n, W_dec[f] / n).
     */
    private static void foldDecoderNorms(SaeConfig cfg, EnumMap<WeightRole, float[]> w) {
        int dIn = cfg.dIn();
        int dSae = cfg.dSae();
        float[] wDec = w.get(WeightRole.W_DEC);
        float[] wEnc = w.get(WeightRole.W_ENC);
        float[] bEnc = w.get(WeightRole.B_ENC);
        for (int f = 0; f < dSae; f++) {
            double ss = 0;
            for (int i = 0; i < dIn; i++) {
                ss += (double) wDec[f * dIn + i] * wDec[f * dIn + i];
            }
            float n = (float) Math.max(Math.sqrt(ss), 1e-8);
            bEnc[f] *= n;
            for (int i = 0; i < dIn; i++) {
                wDec[f * dIn + i] /= n;
                wEnc[i * dSae + f] *= n;
            }
        }
    }

    @Override
    public float[] logSparsity(SaeLocation loc, SaeConfig cfg, List<String> warnings) {
        Path file = loc.folder().resolve("sparsity.safetensors");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (TensorSource s = TensorFiles.open(file)) {
            if (!s.contains("sparsity")) {
                throw new BadInputException(file, "missing tensor sparsity");
            }
            TensorInfo info = s.info("sparsity");
            if (info.rank() == 0 || info.numel() != cfg.dSae() || info.shape()[info.rank() - 1] != cfg.dSae()) {
                throw new BadInputException(file, "tensor sparsity has shape " + java.util.Arrays.toString(info.shape())
                        + ", expected [" + cfg.dSae() + "] (d_sae)");
            }
            return s.readF32("sparsity");
        }
    }
}
