package org.saescope.lm.corpus;

import java.util.Locale;

/**
 * The train / held-out split of the Brown corpus, by whole documents, fixed by rule rather than by
 * a random draw: within each genre, documents are ordered by file id and those at 0-based positions
 * 4, 14, 24, … are held out. Every genre has at least 6 documents, so each is represented; the
 * held-out share is about 10% (52 of 500 documents).
 */
public enum BrownSplit {
    TRAIN,
    HELDOUT;

    /** The split of the document at {@code indexInGenre} among its genre's documents sorted by id. */
    public static BrownSplit of(int indexInGenre) {
        return indexInGenre % 10 == 4 ? HELDOUT : TRAIN;
    }

    /** The split's name in file names: {@code train}, {@code heldout}. */
    public String fileTag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code brown-train.jsonl}, {@code brown-heldout.jsonl}. */
    public String fileName() {
        return "brown-" + fileTag() + ".jsonl";
    }
}
