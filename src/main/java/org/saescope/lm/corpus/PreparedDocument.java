package org.saescope.lm.corpus;

import java.util.List;

/**
 * One document of a prepared, tagged corpus (see {@code docs/formats/brown-corpus.md}): its text,
 * its token ids, and for every token the part-of-speech tag of the word it comes from.
 *
 * <p>Tags are stored once per word; {@code tokenWords[t]} is the index of token {@code t}'s word in
 * {@code wordTags}, or -1 for a token of whitespace only. Accessors return copies.
 */
public final class PreparedDocument {
    private final String id;
    private final String genre;
    private final String text;
    private final int[] tokens;
    private final int[] tokenWords;
    private final List<String> wordTags;

    /** @throws IllegalArgumentException when the arrays disagree in length or point outside the words */
    public PreparedDocument(String id, String genre, String text, int[] tokens, int[] tokenWords, List<String> wordTags) {
        if (tokens.length != tokenWords.length) {
            throw new IllegalArgumentException(tokens.length + " tokens but " + tokenWords.length + " token_word entries");
        }
        for (int t = 0; t < tokens.length; t++) {
            if (tokens[t] < 0) {
                throw new IllegalArgumentException("token " + t + " has negative id " + tokens[t]);
            }
            if (tokenWords[t] < -1 || tokenWords[t] >= wordTags.size()) {
                throw new IllegalArgumentException("token " + t + " points to word " + tokenWords[t]
                        + " of " + wordTags.size());
            }
        }
        this.id = id;
        this.genre = genre;
        this.text = text;
        this.tokens = tokens.clone();
        this.tokenWords = tokenWords.clone();
        this.wordTags = List.copyOf(wordTags);
    }

    public String id() {
        return id;
    }

    /** The Brown genre ({@code news}, {@code fiction}, …) as cats.txt names it. */
    public String genre() {
        return genre;
    }

    public String text() {
        return text;
    }

    /** GPT-2 token ids of {@link #text()}, without special tokens. */
    public int[] tokens() {
        return tokens.clone();
    }

    public int tokenCount() {
        return tokens.length;
    }

    /** Per token, the index of its word in {@link #wordTags()}, or -1 for whitespace-only tokens. */
    public int[] tokenWords() {
        return tokenWords.clone();
    }

    /** Per word, its full tag (lower-cased, as the corpus has it). */
    public List<String> wordTags() {
        return wordTags;
    }

    /** Per token, the full tag of its word, or null for whitespace-only tokens. */
    public String[] tags() {
        String[] out = new String[tokens.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = tokenWords[t] < 0 ? null : wordTags.get(tokenWords[t]);
        }
        return out;
    }

    /** Per token, the coarse tag of its word ({@link PosTags#coarse}), or null for whitespace-only tokens. */
    public String[] coarseTags() {
        String[] out = tags();
        for (int t = 0; t < out.length; t++) {
            if (out[t] != null) {
                out[t] = PosTags.coarse(out[t]);
            }
        }
        return out;
    }
}
