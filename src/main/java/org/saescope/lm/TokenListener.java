package org.saescope.lm;

/** Streaming generation: called once per generated token, on the generating thread. */
@FunctionalInterface
public interface TokenListener {
    /** {@code index} counts generated tokens from 0; {@code tokenId} was just appended. */
    void onToken(int index, int tokenId);

    TokenListener NONE = (i, t) -> { };
}
