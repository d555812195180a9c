package org.saescope.sae;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.saescope.tensor.TensorSource;

/**
 * OpenMOSS Llama Scope: hyperparams.json + checkpoints/final.safetensors in nn.Linear layout
 * (encoder.weight [d_sae, d_model], decoder.weight [d_model, d_sae], encoder.bias, decoder.bias).
 *
 * <p>Run as SAELens does (pretrained_sae_loaders.py {@code get_llama_scope_config_from_hf} and
 * {@code llama_scope_sae_huggingface_loader}, then {@code SAE.from_pretrained} folding the norm
 * scaling factor): JumpReLU, apply_b_dec_to_input as the file says (false in every release),
 * dataset-wise normalisation with s = √d_model / dataset_average_activation_norm.in — x · s in,
 * y / s out, which is the fold W_enc · s, W_dec / s, b_dec / s — and one threshold for every
 * feature, {@code jump_relu_threshold · s}. Note that OpenMOSS' own encoder compares the
 * pre-activation of the scaled input against {@code jump_relu_threshold} unscaled; SAEscope keeps
 * SAELens' numbers so that features match Neuronpedia and SAELens users. A
 * {@code log_jumprelu_threshold} tensor (newer OpenMOSS releases) wins over the scalar, unscaled,
 * as in SAELens' R1-distill loader. {@code sparsity_include_decoder_norm} is ignored, as in SAELens.
 */
final class LlamaScopeFormat implements SaeFormatReader {

    @Override
    public SaeConfig config(SaeLocation loc, TensorSource weights, List<String> warnings) {
        ConfigJson cj = ConfigJson.read(loc.configFile());
        JsonNode r = cj.root();
        int dIn = cj.requiredPositiveInt(r, "d_model");
        int dSae = cj.requiredPositiveInt(r, "d_sae");
        String in = cj.requiredString(r, "hook_point_in");
        String out = cj.optString(r, "hook_point_out");
        if (out != null && !out.equals(in)) {
            throw cj.invalid("hook_point_out", "reads " + in + " and writes " + out
                    + ": this is a transcoder, not an SAE");
        }
        if (cj.bool(r, "use_glu_encoder", false)) {
            throw cj.invalid("use_glu_encoder", "GLU encoders are not supported");
        }
        String act = cj.optString(r, "act_fn");
        SaeArchitecture arch;
        if (act == null || act.equalsIgnoreCase("jumprelu")) {
            arch = SaeArchitecture.JUMPRELU;
            if (!weights.contains("log_jumprelu_threshold")) {
                cj.requiredDouble(r, "jump_relu_threshold");
            }
        } else if (act.equalsIgnoreCase("relu")) {
            arch = SaeArchitecture.STANDARD;
        } else {
            throw cj.invalid("act_fn", "unknown architecture \"" + act + "\"; SAEscope reads Llama Scope jumprelu and relu SAEs");
        }
        String normMode = cj.optString(r, "norm_activation");
        NormalizeActivations norm;
        Double scale = null;
        if (normMode == null || normMode.equals("dataset-wise")) {
            JsonNode avg = cj.object(r, "dataset_average_activation_norm");
            if (avg == null && normMode != null) {
                throw cj.missing("dataset_average_activation_norm");
            }
            if (avg != null) {
                double avgIn = cj.requiredDouble(avg, "in");
                if (avgIn <= 0) {
                    throw cj.invalid("dataset_average_activation_norm", "\"in\" must be positive, got " + avgIn);
                }
                scale = Math.sqrt(dIn) / avgIn;
                norm = NormalizeActivations.EXPECTED_AVERAGE_ONLY_IN;
            } else {
                norm = NormalizeActivations.NONE;
            }
        } else if (normMode.equals("inference")) {
            norm = NormalizeActivations.NONE; // the dataset norm is already folded into the weights
        } else if (normMode.equals("token-wise")) {
            norm = NormalizeActivations.CONSTANT_NORM_RESCALE; // √d_model / ‖x‖ per token
        } else {
            throw cj.invalid("norm_activation", "unsupported mode \"" + normMode + "\"");
        }
        String model = cj.optString(r, "model_name");
        String folder = loc.folder().getFileName() == null ? "" : loc.folder().getFileName().toString();
        if (model == null && folder.startsWith("Llama3_1-8B")) {
            model = "meta-llama/Llama-3.1-8B"; // the model of every Llama Scope release (SAELens)
        }
        return new SaeConfig(SaeFormat.LLAMA_SCOPE, arch, dIn, dSae,
                WeightReader.storedDtype(weights, "decoder.weight", "encoder.weight"), in, SaeConfig.layerOf(in),
                model, 0, false, cj.bool(r, "apply_decoder_bias_to_pre_encoder", false), norm, scale,
                null, null, null, r);
    }

    @Override
    public List<TensorPlan> plan(SaeConfig cfg, TensorSource weights) {
        List<TensorPlan> p = new ArrayList<>();
        p.add(TensorPlan.linear(WeightRole.W_ENC, "encoder.weight"));
        p.add(TensorPlan.linear(WeightRole.W_DEC, "decoder.weight"));
        p.add(TensorPlan.required(WeightRole.B_ENC, "encoder.bias"));
        boolean decoderBias = cfg.raw().path("use_decoder_bias").asBoolean(true);
        p.add(decoderBias ? TensorPlan.required(WeightRole.B_DEC, "decoder.bias")
                : TensorPlan.optional(WeightRole.B_DEC, "decoder.bias"));
        if (cfg.architecture() == SaeArchitecture.JUMPRELU) {
            p.add(TensorPlan.optional(WeightRole.THRESHOLD, "log_jumprelu_threshold"));
        }
        return p;
    }

    @Override
    public void finish(SaeLocation loc, SaeConfig cfg, TensorSource weights, EnumMap<WeightRole, float[]> w,
                       List<String> warnings) {
        w.computeIfAbsent(WeightRole.B_DEC, r -> new float[cfg.dIn()]);
        if (cfg.architecture() != SaeArchitecture.JUMPRELU) {
            return;
        }
        float[] t = w.get(WeightRole.THRESHOLD);
        if (t != null) {
            for (int i = 0; i < t.length; i++) {
                t[i] = (float) Math.exp(t[i]);
            }
            return;
        }
        double s = cfg.normScalingFactor() == null ? 1.0 : cfg.normScalingFactor();
        float thr = (float) (cfg.raw().path("jump_relu_threshold").asDouble() * s);
        t = new float[cfg.dSae()];
        java.util.Arrays.fill(t, thr);
        w.put(WeightRole.THRESHOLD, t);
    }
}
