package org.saescope.lm;

/**
 * What an intervention needs from a sparse autoencoder, without lm depending on the sae layer
 * (the adapter from {@code org.saescope.sae.Sae} lives in {@code org.saescope.features}).
 * Inputs and outputs are in the hook's activation space: any activation normalization the SAE
 * applies is undone by the implementation. Arrays are row-major {@code [rows, dIn()]}.
 */
public interface FeatureDictionary {
    /** Width of the activations it reads and writes. */
    int dIn();

    /** Number of features. */
    int dSae();

    /** The activation of {@code feature} for each of the {@code rows} rows of {@code x}. */
    float[] featureActivations(float[] x, int rows, int feature);

    /** The direction one unit of {@code feature} adds to the reconstruction ({@code W_dec[feature]}), length {@code dIn()}. */
    float[] decoderRow(int feature);

    /** The reconstruction x̂ of each row of {@code x}. */
    float[] reconstruct(float[] x, int rows);
}
