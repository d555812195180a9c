package org.saescope.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.saescope.sae.kernel.Arch;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.SafetensorsWriter;

/**
 * Saves a trained SAE as a SAELens v6 folder, the layout {@code SAE.load_from_disk} reads (see
 * sae_lens/saes/sae.py {@code save_inference_model} and the trainer's checkpoint code):
 * <ul>
 *   <li>{@code cfg.json}: the inference config — {@code architecture} (standard | topk |
 *       jumprelu), {@code d_in}, {@code d_sae}, {@code dtype}, {@code device},
 *       {@code apply_b_dec_to_input}, {@code normalize_activations}, {@code reshape_activations},
 *       for TopK {@code k} and {@code rescale_acts_by_decoder_norm} — and {@code metadata} with
 *       {@code sae_lens_version} (the format version, which makes loaders read it as v6), the
 *       provenance fields, {@code training_architecture(_details)}, {@code l0} and
 *       {@code num_dead_features} as SAELens' trainer records them.</li>
 *   <li>{@code sae_weights.safetensors}: f32 {@code W_enc} [d_in, d_sae], {@code W_dec}
 *       [d_sae, d_in], {@code b_enc} [d_sae], {@code b_dec} [d_in], and for JumpReLU
 *       {@code threshold} [d_sae] (= exp(log_threshold), as SAELens' JumpReLU training SAE saves).</li>
 *   <li>{@code sparsity.safetensors}: {@code sparsity} [d_sae] = log10(firing frequency + 1e-10).</li>
 * </ul>
 * TopK is written with {@code rescale_acts_by_decoder_norm = false}: the trainer keeps every
 * decoder row at unit norm, so there is nothing to rescale (SAELens folds the norms into the
 * encoder before saving for the same effect).
 *
 * <p>The folder appears whole or not at all: everything is written into a hidden temp folder
 * beside the target, which is then renamed. An existing target is never overwritten.
 */
public final class SaeLensWriter {
    /** The SAELens config version this writer follows; loaders treat >= 6 as the v6 layout. */
    public static final String SAE_LENS_FORMAT_VERSION = "6.0.0";

    private SaeLensWriter() {
    }

    /** Writes {@code sae} to the new folder {@code folder} (its parent is created if needed). */
    public static void write(TrainedSae sae, SaeLensMetadata meta, Path folder) throws IOException {
        Path target = folder.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new BadInputException(target, "already exists; choose a new folder for the trained SAE");
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
        Files.createDirectory(tmp);
        boolean done = false;
        try {
            Files.writeString(tmp.resolve("cfg.json"), configJson(sae, meta));
            weights(sae).write(tmp.resolve("sae_weights.safetensors"));
            new SafetensorsWriter().addF32("sparsity", sae.log10Sparsity(), sae.config().dSae())
                    .write(tmp.resolve("sparsity.safetensors"));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            } catch (FileAlreadyExistsException e) {
                throw new BadInputException(target, "already exists; choose a new folder for the trained SAE");
            }
            done = true;
        } finally {
            if (!done) {
                deleteRecursively(tmp);
            }
        }
    }

    private static SafetensorsWriter weights(TrainedSae sae) {
        SaeParameters p = sae.parameters();
        int dIn = p.dIn();
        int dSae = p.dSae();
        SafetensorsWriter w = new SafetensorsWriter()
                .addF32("W_enc", p.wEnc(), dIn, dSae)
                .addF32("W_dec", p.wDec(), dSae, dIn)
                .addF32("b_enc", p.bEnc(), dSae)
                .addF32("b_dec", p.bDec(), dIn);
        if (sae.config().arch() == Arch.JUMPRELU) {
            w.addF32("threshold", p.threshold(), dSae);
        }
        return w;
    }

    /** The SAELens architecture name of a trainable arch. */
    static String architectureId(Arch arch) {
        return switch (arch) {
            case RELU -> "standard";
            case TOPK -> "topk";
            case JUMPRELU -> "jumprelu";
            default -> throw new IllegalArgumentException("not trainable: " + arch);
        };
    }

    static String configJson(TrainedSae sae, SaeLensMetadata meta) throws IOException {
        SaeTrainConfig c = sae.config();
        ObjectMapper json = new ObjectMapper();
        ObjectNode r = json.createObjectNode();
        r.put("architecture", architectureId(c.arch()));
        r.put("d_in", c.dIn());
        r.put("d_sae", c.dSae());
        r.put("dtype", "float32");
        r.put("device", "cpu");
        r.put("apply_b_dec_to_input", true);
        r.put("normalize_activations", "none");
        r.put("reshape_activations", "none");
        if (c.arch() == Arch.TOPK) {
            r.put("k", c.k());
            r.put("rescale_acts_by_decoder_norm", false);
        }
        ObjectNode m = r.putObject("metadata");
        m.put("sae_lens_version", SAE_LENS_FORMAT_VERSION);
        m.put("trained_with", "SAEscope");
        m.put("model_name", meta.modelName());
        m.put("hook_name", meta.hookName());
        m.putNull("hook_head_index");
        if (meta.contextSize() == null) {
            m.putNull("context_size");
        } else {
            m.put("context_size", meta.contextSize());
        }
        if (meta.prependBos() == null) {
            m.putNull("prepend_bos");
        } else {
            m.put("prepend_bos", meta.prependBos());
        }
        m.putArray("seqpos_slice").addNull();
        m.putObject("model_from_pretrained_kwargs");
        m.put("dataset_path", meta.datasetPath());
        m.put("training_architecture", architectureId(c.arch()));
        ObjectNode d = m.putObject("training_architecture_details");
        switch (c.arch()) {
            case TOPK -> {
                d.put("k_aux", c.kAux());
                d.put("aux_loss_coefficient", c.auxKCoefficient());
            }
            case RELU -> d.put("l1_coefficient", c.l1Coefficient());
            case JUMPRELU -> {
                d.put("l0_coefficient", c.l0Coefficient());
                d.put("jumprelu_bandwidth", c.jumpReluBandwidth());
                d.put("jumprelu_init_threshold", c.jumpReluInitThreshold());
            }
            default -> {
            }
        }
        d.put("lr", c.lr());
        d.put("adam_beta1", c.adamBeta1());
        d.put("adam_beta2", c.adamBeta2());
        d.put("max_grad_norm", c.maxGradNorm());
        d.put("train_batch_size_tokens", c.batchSize());
        d.put("total_training_tokens", c.totalTokens());
        d.put("tokens_trained", sae.tokens());
        d.put("steps", sae.steps());
        d.put("cancelled", sae.cancelled());
        d.put("seed", c.seed());
        d.put("dead_feature_window_tokens", c.deadWindowTokens());
        d.put("b_dec_init", c.bDecInit().name().toLowerCase(java.util.Locale.ROOT));
        // decoder rows are unit norm in the space trained on; after folding the scale they are 1/s
        d.put("activation_norm_scaling_factor", sae.activationScale());
        d.put("decoder_rows_unit_norm", sae.activationScale() == 1f);
        // SAELens' set_final_sae_metadata: l0 = Σ firing frequency over the sparsity window
        double l0 = 0;
        for (float s : sae.log10Sparsity()) {
            l0 += Math.max(0, Math.pow(10, s) - 1e-10);
        }
        m.put("l0", l0);
        if (sae.last() != null) {
            m.put("num_dead_features", sae.last().deadLatents());
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(r);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
