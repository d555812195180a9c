package org.saescope.app.browser;

/** The density slider's scale: log10 of the fraction of tokens a feature fires on. */
public final class DensityRange {
    /** The slider's left end; a low end at MIN also admits dead features (density 0). */
    public static final double MIN = -6;
    public static final double MAX = 0;

    private DensityRange() {
    }
}
