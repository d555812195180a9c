package org.saescope.lm.corpus;

/** One {@code word/tag} item of the tagged Brown corpus; {@code tag} is the full, normalised tag. */
record BrownWord(String text, String tag) {
    /** Headline words carry {@code -hl}; a sentence made only of them is a headline. */
    boolean inHeadline() {
        return tag.contains("-hl");
    }
}
