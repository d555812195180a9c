package org.saescope.lm;

/**
 * Sets one SAE feature to {@code value} (0 ablates it) on the chosen positions, keeping everything
 * the SAE does not explain: {@code x += (value − f(x)) · W_dec[feature]}, where f(x) is the
 * feature's current activation.
 */
public record SetFeature(String hook, FeatureDictionary dictionary, int feature, float value, Positions positions)
        implements Intervention {
    public SetFeature {
        if (feature < 0 || feature >= dictionary.dSae()) {
            throw new IllegalArgumentException("feature " + feature + " is outside [0, " + dictionary.dSae() + ")");
        }
    }

    @Override
    public int width() {
        return dictionary.dIn();
    }

    @Override
    public void edit(float[] act, int rows, int firstPosition) {
        int d = dictionary.dIn();
        float[] f = dictionary.featureActivations(act, rows, feature);
        float[] dir = dictionary.decoderRow(feature);
        for (int r = 0; r < rows; r++) {
            if (positions.contains(firstPosition + r)) {
                float delta = value - f[r];
                for (int j = 0, o = r * d; j < d; j++) {
                    act[o + j] += delta * dir[j];
                }
            }
        }
    }
}
