package org.saescope.sae;

import java.util.List;

/**
 * Where a format keeps one canonical weight: the tensor names it may have (first present wins),
 * whether it is required, and, for matrices, whether the format stores it as nn.Linear's
 * [out, in] (used only when d_in = d_sae makes the shape ambiguous).
 */
record TensorPlan(WeightRole role, List<String> names, boolean required, boolean outInByDefault) {
    static TensorPlan required(WeightRole role, String... names) {
        return new TensorPlan(role, List.of(names), true, false);
    }

    static TensorPlan optional(WeightRole role, String... names) {
        return new TensorPlan(role, List.of(names), false, false);
    }

    /** A matrix the format stores as nn.Linear.weight ([out, in]). */
    static TensorPlan linear(WeightRole role, String name) {
        return new TensorPlan(role, List.of(name), true, true);
    }
}
