package org.saescope.lm;

/**
 * A text cut into tokens: the ids, and for each token the characters of the original text it covers
 * ({@code text.substring(start[i], end[i])}) and its own decoded text (what a UI shows per token;
 * for byte-level BPE a token may be part of a multi-byte character, then its text has U+FFFD).
 */
public record TokenizedText(String text, int[] ids, int[] start, int[] end, String[] pieces) {
    public int size() {
        return ids.length;
    }
}
