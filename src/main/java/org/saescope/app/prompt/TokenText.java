package org.saescope.app.prompt;

/**
 * How a token's text is shown: spaces as ␣, newlines as ↵ (the line breaks after it), tabs as ⇥,
 * other control characters as their Unicode control pictures, so that nothing is invisible.
 */
public final class TokenText {
    private TokenText() {
    }

    public static String visible(String piece) {
        StringBuilder b = new StringBuilder(piece.length());
        for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            switch (c) {
                case ' ' -> b.append('␣');
                case '\n' -> b.append('↵');
                case '\r' -> b.append('␍');
                case '\t' -> b.append('⇥');
                default -> b.append(c < 0x20 ? (char) (0x2400 + c) : c);
            }
        }
        return b.toString();
    }

    /** Whether the heatmap starts a new line after this token. */
    public static boolean endsLine(String piece) {
        return piece.indexOf('\n') >= 0;
    }
}
