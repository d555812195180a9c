package org.saescope.app.prompt;

import java.util.Locale;

/**
 * Where one prompt run's time went, in nanoseconds (System.nanoTime differences), from the click
 * (or the end of the typing pause) to the heatmap drawn. Kept by {@link PromptViewModel} for the
 * last run so that a measurement (the app tour) can say which stage to cut; never asserted on.
 *
 * @param queued    submitted until the model lane started it (waiting behind other model work)
 * @param tokenize  text to ids and pieces
 * @param forward   the model's forward pass up to the SAE's hook (it stops there)
 * @param encode    the SAE's encode to sparse codes
 * @param rank      per-feature maxima and, with an index, the quantile of every code
 * @param handOff   the lane's result posted until the FX thread ran it (FX queue and pulse)
 * @param apply     on the FX thread: heatmap values, drawing, both tables' contents
 */
public record PromptTimings(long queued, long tokenize, long forward, long encode, long rank, long handOff, long apply) {
    /** Timings of a run that did not reach a model (no workspace, empty prompt). */
    public static final PromptTimings NONE = new PromptTimings(0, 0, 0, 0, 0, 0, 0);

    public long total() {
        return queued + tokenize + forward + encode + rank + handOff + apply;
    }

    /** The model-lane share of a run, as {@link PromptAnalyzer} measures it. */
    public record Lane(long tokenize, long forward, long encode) {
    }

    /** These lane timings with the FX thread's share filled in. */
    PromptTimings withFx(long newHandOff, long newApply) {
        return new PromptTimings(queued, tokenize, forward, encode, rank, newHandOff, newApply);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "queued %.1f, tokenize %.1f, forward %.1f, encode %.1f, rank %.1f, hand-off %.1f,"
                + " apply %.1f ms", ms(queued), ms(tokenize), ms(forward), ms(encode), ms(rank), ms(handOff), ms(apply));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
