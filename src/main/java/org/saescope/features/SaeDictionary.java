package org.saescope.features;

import org.saescope.lm.FeatureDictionary;
import org.saescope.sae.Sae;
import org.saescope.sae.SparseCodes;
import org.saescope.tensor.BadInputException;

/**
 * A loaded {@link Sae} seen as the {@link FeatureDictionary} that lm's SAE interventions use.
 * Everything is in the model's activation space: encode normalizes (and subtracts b_dec) as
 * SAELens does, and a feature's direction is what one unit of it adds to the decoded output
 * (W_dec[f] after TopK decoder-norm rescaling and constant activation scaling are undone).
 *
 * <p>Like the Sae it wraps, it is used from one thread at a time.
 */
public final class SaeDictionary implements FeatureDictionary {
    private final Sae sae;

    public SaeDictionary(Sae sae) {
        this.sae = sae;
    }

    public Sae sae() {
        return sae;
    }

    @Override
    public int dIn() {
        return sae.config().dIn();
    }

    @Override
    public int dSae() {
        return sae.config().dSae();
    }

    @Override
    public float[] featureActivations(float[] x, int rows, int feature) {
        SparseCodes codes = sae.encode(x, rows);
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = codes.get(r, feature);
        }
        return out;
    }

    /**
     * decode(one unit of {@code feature}) − decode(nothing): the exact activation-space direction
     * for every SAE whose decode is affine in the codes. SAEs that normalize each token
     * (normalize_activations = layer_norm) have a different direction per token and are refused.
     */
    @Override
    public float[] decoderRow(int feature) {
        if (sae.config().hasPerTokenNormalization()) {
            throw new BadInputException(sae.weightsFile(), "normalizes each token (normalize_activations = "
                    + sae.config().normalizeActivations().id() + "), so a feature has no single direction to set or steer with");
        }
        float[] unit = sae.decode(new SparseCodes(new int[] {0, 1}, new int[] {feature}, new float[] {1f}), null);
        float[] none = sae.decode(new SparseCodes(new int[] {0, 0}, new int[0], new float[0]), null);
        for (int i = 0; i < unit.length; i++) {
            unit[i] -= none[i];
        }
        return unit;
    }

    @Override
    public float[] reconstruct(float[] x, int rows) {
        return sae.reconstruct(x, rows);
    }
}
