package org.saescope.train;

import java.util.List;
import java.util.Set;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.corpus.CorpusWindows;

/**
 * Activations of a language model at one hook over a corpus: each {@link #next} runs the model on
 * one window (stopping after the last block the hook needs) and returns that window's
 * {@code [context, width]} activations. Rewinds by reading the corpus again, so training can make
 * several passes over a small corpus.
 */
public final class ModelActivationSource implements ActivationSource {
    private final LanguageModel model;
    private final String hook;
    private final CorpusWindows windows;
    private final int width;

    /** The hook must exist in the model (an unknown one is bad input, raised here). */
    public ModelActivationSource(LanguageModel model, String hook, CorpusWindows windows) {
        this.model = model;
        this.hook = hook;
        this.windows = windows;
        this.width = model.hookWidth(hook);
    }

    @Override
    public int dIn() {
        return width;
    }

    @Override
    public float[] next() {
        int[] w = windows.next();
        return w == null ? null : model.runWithCache(w, Set.of(hook), false, List.of()).hook(hook);
    }

    @Override
    public boolean rewind() {
        windows.rewind();
        return true;
    }

    @Override
    public String describe() {
        return windows.file() + " at " + hook;
    }
}
