package org.saescope.app.prompt;

/**
 * The heatmap colour scale: an activation divided by the scale's maximum, clamped to [0, 1], mapped
 * linearly from the background colour to a saturated orange. Colours are 0xRRGGBB ints so the
 * scale is testable without JavaFX; zero is exactly the background.
 */
public final class ActivationColors {
    public static final int HOT = 0xE8590C;
    public static final int LIGHT_BACKGROUND = 0xFFFFFF;
    public static final int DARK_BACKGROUND = 0x2B2B2B;
    /** The light theme's accent: Modena's default {@code -fx-accent}. */
    public static final int LIGHT_ACCENT = 0x0096C9;
    /** The dark theme's accent: {@code -fx-accent} in dark.css. */
    public static final int DARK_ACCENT = 0xE8590C;

    private final int cold;
    private final int accent;

    public ActivationColors(boolean dark) {
        this.cold = dark ? DARK_BACKGROUND : LIGHT_BACKGROUND;
        this.accent = dark ? DARK_ACCENT : LIGHT_ACCENT;
    }

    /**
     * The theme's accent colour, which marks an example's focal token. It is drawn on the
     * background below the cell, never on the cell itself: the dark accent is the hot colour.
     */
    public int accent() {
        return accent;
    }

    /** The colour of {@code value} on a scale whose top is {@code max} (max ≤ 0: everything cold). */
    public int rgb(double value, double max) {
        double t = max > 0 && value > 0 ? Math.min(1, value / max) : 0;
        return mix(cold, HOT, t);
    }

    public int cold() {
        return cold;
    }

    static int mix(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
        int bl = (int) Math.round((a & 255) * (1 - t) + (b & 255) * t);
        return (r << 16) | (g << 8) | bl;
    }

    /** Black text on light cells, white on dark ones. */
    public static int textFor(int rgb) {
        double lum = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
        return lum > 140 ? 0x111111 : 0xF5F5F5;
    }
}
