package org.saescope.features;

import org.saescope.sae.SparseCodes;

/**
 * One window as stage 1 stored it, decoded: its id, token ids, concept id per token (or null when
 * the corpus has no tags; {@link Blobs#NO_CONCEPT} for an untagged token), genre concept id (or
 * −1) and the SAE's codes on its tokens.
 */
record StoredWindow(int id, int[] tokens, int[] concepts, int genre, SparseCodes codes) {
    /** What the window counts against {@link FeatureStatistics#CACHE_ENTRIES}: its code entries and tokens (≈ 8 bytes each). */
    long entries() {
        return (long) codes.nnz() + tokens.length;
    }
}
