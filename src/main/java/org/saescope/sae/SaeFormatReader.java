package org.saescope.sae;

import java.util.EnumMap;
import java.util.List;
import org.saescope.tensor.TensorSource;

/** One on-disk format: its config, where its weights are, and any fix-ups after reading them. */
interface SaeFormatReader {
    /** Reads and validates the config (tensor headers may be consulted, never data). */
    SaeConfig config(SaeLocation loc, TensorSource weights, List<String> warnings);

    /** The tensors to read for this config (their shapes are checked before anything is read). */
    List<TensorPlan> plan(SaeConfig cfg, TensorSource weights);

    /**
     * Adjusts the canonical weights after reading (folding, scaling, filling defaults), exactly
     * as SAELens' loader for the format does. The default does nothing.
     */
    default void finish(SaeLocation loc, SaeConfig cfg, TensorSource weights,
                        EnumMap<WeightRole, float[]> w, List<String> warnings) {
    }

    /** SAELens sparsity.safetensors (log10 feature density), or null when the format has none. */
    default float[] logSparsity(SaeLocation loc, SaeConfig cfg, List<String> warnings) {
        return null;
    }
}
