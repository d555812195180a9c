package org.saescope.lm.corpus;

/**
 * Gives each token the word its characters come from. A token belongs to the word that holds its
 * first non-whitespace character (GPT-2 tokens carry the space before a word, and a token such as
 * {@code ."} can straddle two words: the first one wins). A token of whitespace only, or one whose
 * characters lie outside every word, gets {@code -1}.
 */
final class TokenWordAligner {
    private TokenWordAligner() {
    }

    /**
     * @param text       the text that was tokenised
     * @param wordStarts per word, its first char index (words in order, not overlapping)
     * @param wordEnds   per word, one past its last char index
     * @param tokens     the tokens' char spans in {@code text}
     * @return per token, the index of its word or -1
     */
    static int[] align(String text, int[] wordStarts, int[] wordEnds, CorpusTokenizer.Tokens tokens) {
        int[] wordAt = new int[text.length()];
        java.util.Arrays.fill(wordAt, -1);
        for (int w = 0; w < wordStarts.length; w++) {
            for (int c = wordStarts[w]; c < wordEnds[w]; c++) {
                wordAt[c] = w;
            }
        }
        int[] out = new int[tokens.size()];
        for (int t = 0; t < out.length; t++) {
            out[t] = -1;
            int start = Math.max(tokens.starts()[t], 0);
            int end = Math.min(tokens.ends()[t], text.length());
            for (int c = start; c < end; c++) {
                if (!Character.isWhitespace(text.charAt(c))) {
                    out[t] = wordAt[c];
                    break;
                }
            }
        }
        return out;
    }
}
