package org.saescope.lm;

/**
 * An edit of the activation at one hook point, applied during a forward pass before anything
 * downstream reads it (and before the hook's value is recorded by run-with-cache). Several
 * interventions may target the same hook; they run in list order.
 */
public interface Intervention {
    /** The TransformerLens hook name this edits, e.g. {@code blocks.6.hook_resid_post}. */
    String hook();

    /** The activation width this edit was built for (direction length, SAE d_in). */
    int width();

    /**
     * Edits {@code act} in place: row-major {@code [rows, width()]}, row {@code r} holding token
     * position {@code firstPosition + r} (with a KV cache, a step's rows start mid-sequence).
     */
    void edit(float[] act, int rows, int firstPosition);
}
