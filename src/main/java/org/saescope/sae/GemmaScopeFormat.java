package org.saescope.sae;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.TensorInfo;
import org.saescope.tensor.TensorSource;

/**
 * Gemma Scope (Gemma 2) params.npz: W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc, b_dec,
 * threshold; JumpReLU, apply_b_dec_to_input false, no normalisation (SAELens
 * {@code gemma_2_sae_huggingface_loader}). There is no config file: the sizes come from W_enc and
 * the hook from the Hugging Face path it was downloaded to
 * ({@code gemma-scope-2b-pt-res/layer_5/width_16k/average_l0_71/params.npz}), when that is kept.
 */
final class GemmaScopeFormat implements SaeFormatReader {
    private static final Pattern LAYER = Pattern.compile("^layer_(\\d+)$");
    private static final Pattern REPO = Pattern.compile("^gemma-scope-(\\d+b)-(pt|it)-(res|mlp|att)(?:-canonical)?$");

    @Override
    public SaeConfig config(SaeLocation loc, TensorSource weights, List<String> warnings) {
        String encName = weights.contains("W_enc") ? "W_enc" : "w_enc";
        if (!weights.contains(encName)) {
            throw new BadInputException(weights.path(), "missing tensor W_enc (a Gemma Scope params.npz has "
                    + "W_enc, W_dec, b_enc, b_dec and threshold)");
        }
        TensorInfo enc = WeightReader.encoderMatrix(weights, encName);
        int dIn = (int) enc.dim(0);
        int dSae = (int) enc.dim(1);
        PathHints hints = PathHints.of(loc.weightsFile());
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        raw.put("source", "params.npz (no config file; sizes from W_enc, hook from the path)");
        raw.put("d_in", dIn);
        raw.put("d_sae", dSae);
        raw.put("hook_name", hints.hookName);
        raw.put("model_name", hints.modelName);
        return new SaeConfig(SaeFormat.GEMMA_SCOPE, SaeArchitecture.JUMPRELU, dIn, dSae,
                WeightReader.storedDtype(weights, "W_dec", "w_dec", encName), hints.hookName, hints.layer,
                hints.modelName, 0, false, false, NormalizeActivations.NONE, null, hints.modelName == null ? null : 1024,
                hints.modelName == null ? null : Boolean.TRUE,
                hints.modelName == null ? null : "monology/pile-uncopyrighted", raw);
    }

    @Override
    public List<TensorPlan> plan(SaeConfig cfg, TensorSource weights) {
        return List.of(TensorPlan.required(WeightRole.W_ENC, "W_enc", "w_enc"),
                TensorPlan.required(WeightRole.W_DEC, "W_dec", "w_dec"),
                TensorPlan.required(WeightRole.B_ENC, "b_enc"),
                TensorPlan.required(WeightRole.B_DEC, "b_dec"),
                TensorPlan.required(WeightRole.THRESHOLD, "threshold"));
    }

    @Override
    public void finish(SaeLocation loc, SaeConfig cfg, TensorSource weights, EnumMap<WeightRole, float[]> w,
                       List<String> warnings) {
        // SAELens: the embedding SAEs were trained on embeddings scaled by sqrt(d_model), so it
        // divides W_enc and multiplies W_dec by sqrt(d_in).
        if (PathHints.of(loc.weightsFile()).embedding) {
            float s = (float) Math.sqrt(cfg.dIn());
            float[] enc = w.get(WeightRole.W_ENC);
            for (int i = 0; i < enc.length; i++) {
                enc[i] /= s;
            }
            float[] dec = w.get(WeightRole.W_DEC);
            for (int i = 0; i < dec.length; i++) {
                dec[i] *= s;
            }
        }
    }

    /** What a Hugging Face download path says about a Gemma Scope SAE. */
    private static final class PathHints {
        Integer layer;
        String hookName;
        String modelName;
        boolean embedding;

        static PathHints of(Path file) {
            PathHints h = new PathHints();
            String site = null;
            for (Path part : file.toAbsolutePath()) {
                String s = part.toString();
                Matcher m = LAYER.matcher(s);
                if (m.matches()) {
                    h.layer = Integer.valueOf(m.group(1));
                }
                if (s.contains("embedding")) {
                    h.embedding = true;
                }
                Matcher r = REPO.matcher(s);
                if (r.matches()) {
                    h.modelName = "gemma-2-" + r.group(1) + (r.group(2).equals("it") ? "-it" : "");
                    site = r.group(3);
                }
            }
            if (site != null && h.embedding && site.equals("res")) {
                h.hookName = "hook_embed";
                h.layer = 0;
            } else if (site != null && h.layer != null) {
                h.hookName = "blocks." + h.layer + (site.equals("res") ? ".hook_resid_post"
                        : site.equals("mlp") ? ".hook_mlp_out" : ".attn.hook_z");
            }
            return h;
        }
    }
}
