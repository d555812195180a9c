package org.saescope.lm;

/**
 * A text cut into tokens: the ids and, for each token, the characters of the original text it
 * covers, {@code text.substring(start[i], end[i])} (Java char indices; -1 when a token covers no
 * text). Byte-level tokens that split one character all cover that whole character.
 */
public record TokenizedText(String text, int[] ids, int[] start, int[] end) {
    public int size() {
        return ids.length;
    }
}
