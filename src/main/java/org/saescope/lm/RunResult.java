package org.saescope.lm;

import java.util.Map;

/**
 * What run-with-cache returns, all as plain Java arrays (row-major).
 *
 * @param tokens     the input tokens, length T
 * @param hooks      each requested hook's activation, {@code [T, width]}, as downstream layers saw it
 *                   (after any intervention at that hook)
 * @param logits     {@code [T, vocabSize]}, or null when logits were not asked for
 * @param blocksRun  how many transformer blocks ran (fewer than the model has when it stopped early)
 */
public record RunResult(int[] tokens, Map<String, float[]> hooks, float[] logits, int vocabSize, int blocksRun) {
    public int length() {
        return tokens.length;
    }

    /** The activation of a requested hook; throws if it was not requested. */
    public float[] hook(String name) {
        float[] a = hooks.get(name);
        if (a == null) {
            throw new IllegalArgumentException("hook " + name + " was not requested; have " + hooks.keySet());
        }
        return a;
    }
}
