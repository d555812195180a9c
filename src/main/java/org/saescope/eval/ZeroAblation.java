package org.saescope.eval;

import java.util.Arrays;
import org.saescope.lm.Intervention;

/** Zero-ablates a hook: every position's activation becomes 0 (the CE_zero / KL_zero baseline). */
public record ZeroAblation(String hook, int width) implements Intervention {
    @Override
    public void edit(float[] act, int rows, int firstPosition) {
        Arrays.fill(act, 0, rows * width, 0f);
    }
}
