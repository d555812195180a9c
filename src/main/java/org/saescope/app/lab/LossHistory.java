package org.saescope.app.lab;

import java.util.Arrays;

/**
 * Loss curves of every instance so far, immutable: the view model replaces it on each update so
 * that a property change means "redraw". {@code values[t][i]} is instance t's loss at {@code steps[i]}.
 */
public record LossHistory(int[] steps, double[][] values) {
    public static final LossHistory EMPTY = new LossHistory(new int[0], new double[0][]);

    public int size() {
        return steps.length;
    }

    /** This history with one more point per instance. */
    public LossHistory plus(int step, double[] loss) {
        int[] s = Arrays.copyOf(steps, steps.length + 1);
        s[steps.length] = step;
        double[][] v = new double[loss.length][];
        for (int t = 0; t < loss.length; t++) {
            double[] old = t < values.length ? values[t] : new double[steps.length];
            v[t] = Arrays.copyOf(old, steps.length + 1);
            v[t][steps.length] = loss[t];
        }
        return new LossHistory(s, v);
    }
}
