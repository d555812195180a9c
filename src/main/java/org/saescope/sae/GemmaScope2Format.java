package org.saescope.sae;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.TensorInfo;
import org.saescope.tensor.TensorSource;

/**
 * Gemma Scope 2 (Gemma 3): config.json ({@code architecture: "jump_relu"}, {@code width},
 * {@code l0}, {@code hf_hook_point_in}, {@code type}, {@code affine_connection}) and
 * params.safetensors with lowercase w_enc [d_in, d_sae], w_dec [d_sae, d_in], b_enc, b_dec,
 * threshold. Run as SAELens {@code gemma_3_sae_huggingface_loader} does: JumpReLU,
 * apply_b_dec_to_input false, no normalisation; d_in and d_sae from w_enc's shape.
 */
final class GemmaScope2Format implements SaeFormatReader {
    private static final Pattern HF_HOOK = Pattern.compile("^model\\.layers\\.(\\d+)\\.(.+)$");

    @Override
    public SaeConfig config(SaeLocation loc, TensorSource weights, List<String> warnings) {
        ConfigJson cj = ConfigJson.read(loc.configFile());
        JsonNode r = cj.root();
        String arch = cj.requiredString(r, "architecture");
        if (!arch.equals("jump_relu")) {
            throw cj.invalid("architecture", "unknown architecture \"" + arch
                    + "\"; Gemma Scope 2 SAEs are jump_relu");
        }
        String type = cj.optString(r, "type");
        if (type != null && !type.equals("sae")) {
            throw cj.invalid("type", "this is a Gemma Scope 2 " + type + ", not an SAE; SAEscope reads SAEs only");
        }
        if (cj.bool(r, "affine_connection", false)) {
            throw cj.invalid("affine_connection", "an affine skip connection makes this a skip transcoder, "
                    + "not an SAE");
        }
        String enc = weights.contains("w_enc") ? "w_enc" : "W_enc";
        if (!weights.contains(enc)) {
            throw new BadInputException(weights.path(), "missing tensor w_enc");
        }
        TensorInfo info = WeightReader.encoderMatrix(weights, enc);
        int dIn = (int) info.dim(0);
        int dSae = (int) info.dim(1);
        Integer width = cj.optInt(r, "width");
        if (width != null && width != dSae) {
            throw new BadInputException(loc.configFile(), "says width " + width + " but " + enc + " in "
                    + weights.path().getFileName() + " has " + dSae + " features");
        }
        String hf = cj.optString(r, "hf_hook_point_in");
        String hook = hookName(hf);
        if (hf != null && hook == null) {
            warnings.add("hf_hook_point_in " + hf + " has no TransformerLens name SAEscope knows");
        }
        Integer layer = hook != null ? SaeConfig.layerOf(hook) : layerOf(hf);
        return new SaeConfig(SaeFormat.GEMMA_SCOPE_2, SaeArchitecture.JUMPRELU, dIn, dSae,
                WeightReader.storedDtype(weights, "w_dec", "W_dec", enc), hook, layer,
                cj.optString(r, "model_name"), 0, false, false, NormalizeActivations.NONE, null,
                null, null, null, r);
    }

    /**
     * The TransformerLens hook for a Hugging Face module path: a layer's output is the residual
     * stream after it; post_feedforward_layernorm's output is what the MLP adds; o_proj's input is
     * the concatenated attention heads (hook_z); pre_feedforward_layernorm's output is ln2's.
     */
    static String hookName(String hf) {
        if (hf == null) {
            return null;
        }
        Matcher m = HF_HOOK.matcher(hf);
        if (!m.matches()) {
            return null;
        }
        String b = "blocks." + m.group(1);
        switch (m.group(2)) {
            case "output":
                return b + ".hook_resid_post";
            case "post_feedforward_layernorm.output":
                return b + ".hook_mlp_out";
            case "self_attn.o_proj.input":
                return b + ".attn.hook_z";
            case "pre_feedforward_layernorm.output":
                return b + ".ln2.hook_normalized";
            default:
                return null;
        }
    }

    private static Integer layerOf(String hf) {
        Matcher m = hf == null ? null : HF_HOOK.matcher(hf);
        return m != null && m.matches() ? Integer.valueOf(m.group(1)) : null;
    }

    @Override
    public List<TensorPlan> plan(SaeConfig cfg, TensorSource weights) {
        return List.of(TensorPlan.required(WeightRole.W_ENC, "w_enc", "W_enc"),
                TensorPlan.required(WeightRole.W_DEC, "w_dec", "W_dec"),
                TensorPlan.required(WeightRole.B_ENC, "b_enc"),
                TensorPlan.required(WeightRole.B_DEC, "b_dec"),
                TensorPlan.required(WeightRole.THRESHOLD, "threshold"));
    }
}
