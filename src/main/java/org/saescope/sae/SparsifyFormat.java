package org.saescope.sae;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.saescope.tensor.TensorSource;

/**
 * EleutherAI sparsify: cfg.json + sae.safetensors, one folder per hookpoint (named like
 * {@code layers.6}), the training run's config.json one level up. From sparsify/sparse_coder.py and
 * fused_encoder.py: pre = ReLU((x − b_dec) · encoder.weightᵀ + encoder.bias), keep the top k,
 * decode = Σ a_f · W_dec[f] + b_dec. That is SAELens TopK (top-k then ReLU keeps the same positive
 * set) with apply_b_dec_to_input true. SAELens' own sparsify loader sets apply_b_dec_to_input to
 * {@code not normalize_decoder}; sparsify's encode subtracts b_dec whenever it is not a
 * transcoder, and SAEscope follows sparsify.
 */
final class SparsifyFormat implements SaeFormatReader {
    private static final Pattern LAYERS = Pattern.compile("^layers[._](\\d+)(?:\\.(.+))?$");

    @Override
    public SaeConfig config(SaeLocation loc, TensorSource weights, List<String> warnings) {
        ConfigJson cj = ConfigJson.read(loc.configFile());
        JsonNode r = cj.root();
        int dIn = cj.requiredPositiveInt(r, "d_in");
        Integer numLatents = cj.optInt(r, "num_latents");
        int dSae;
        if (numLatents != null && numLatents > 0) {
            dSae = numLatents;
        } else {
            Integer ef = cj.optInt(r, "expansion_factor");
            if (ef == null || ef <= 0) {
                throw cj.invalid("num_latents", "neither num_latents nor expansion_factor gives the width");
            }
            dSae = Math.multiplyExact(dIn, ef);
        }
        int k = cj.requiredPositiveInt(r, "k");
        if (k > dSae) {
            throw cj.invalid("k", "k " + k + " exceeds the " + dSae + " latents");
        }
        String activation = cj.optString(r, "activation");
        if (activation != null && !activation.equals("topk")) {
            throw cj.invalid("activation", "unknown architecture \"" + activation + "\"; SAEscope reads sparsify's topk");
        }
        if (cj.bool(r, "transcode", false)) {
            throw cj.invalid("transcode", "this is a sparsify transcoder, not an SAE");
        }
        if (cj.bool(r, "skip_connection", false)) {
            throw cj.invalid("skip_connection", "SAEs with a skip connection (W_skip) are not supported");
        }
        if (cj.bool(r, "signed", false)) {
            throw cj.invalid("signed", "signed TopK SAEs are not supported");
        }
        String folder = loc.folder().getFileName() == null ? "" : loc.folder().getFileName().toString();
        Integer layer = null;
        String hook = null;
        Matcher m = LAYERS.matcher(folder);
        if (m.matches()) {
            layer = Integer.valueOf(m.group(1));
            String site = m.group(2);
            hook = site == null ? "blocks." + layer + ".hook_resid_post"
                    : site.equals("mlp") ? "blocks." + layer + ".hook_mlp_out"
                    : site.equals("self_attn") || site.equals("attention") ? "blocks." + layer + ".hook_attn_out"
                    : null;
        } else if (folder.equals("embed_tokens")) {
            hook = "hook_embed";
            layer = 0;
        }
        String model = null;
        Integer ctx = null;
        String dataset = null;
        Path run = loc.folder().toAbsolutePath().getParent();
        if (run != null && Files.isRegularFile(run.resolve("config.json"))) {
            ConfigJson rc = ConfigJson.read(run.resolve("config.json"));
            model = rc.optString(rc.root(), "model");
            ctx = rc.optInt(rc.root(), "ctx_len");
            dataset = rc.optString(rc.root(), "dataset");
        }
        return new SaeConfig(SaeFormat.SPARSIFY, SaeArchitecture.TOPK, dIn, dSae,
                WeightReader.storedDtype(weights, "encoder.weight", "W_enc"), hook, layer, model, k, false,
                true, NormalizeActivations.NONE, null, ctx, null, dataset, r);
    }

    @Override
    public List<TensorPlan> plan(SaeConfig cfg, TensorSource weights) {
        TensorPlan enc = weights.contains("W_enc") ? TensorPlan.required(WeightRole.W_ENC, "W_enc")
                : TensorPlan.linear(WeightRole.W_ENC, "encoder.weight");
        TensorPlan dec = weights.contains("W_dec") ? TensorPlan.required(WeightRole.W_DEC, "W_dec")
                : TensorPlan.linear(WeightRole.W_DEC, "decoder.weight");
        return List.of(enc, dec,
                TensorPlan.optional(WeightRole.B_ENC, "encoder.bias", "b_enc"),
                TensorPlan.optional(WeightRole.B_DEC, "b_dec", "decoder.bias"));
    }

    @Override
    public void finish(SaeLocation loc, SaeConfig cfg, TensorSource weights, EnumMap<WeightRole, float[]> w,
                       List<String> warnings) {
        // As SAELens' sparsify_disk_loader: a missing bias is zero.
        w.computeIfAbsent(WeightRole.B_ENC, r -> new float[cfg.dSae()]);
        w.computeIfAbsent(WeightRole.B_DEC, r -> new float[cfg.dIn()]);
    }
}
