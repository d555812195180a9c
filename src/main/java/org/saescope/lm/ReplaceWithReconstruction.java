package org.saescope.lm;

/**
 * Splices an SAE into the model: the activation becomes the SAE's reconstruction x̂ on the chosen
 * positions. With {@code keepError} the error term x − x̂ is added back, so the forward pass is
 * unchanged up to rounding (the baseline of SAELens's {@code use_error_term}); feature edits that
 * keep the error term are {@link SetFeature}.
 */
public record ReplaceWithReconstruction(String hook, FeatureDictionary dictionary, boolean keepError, Positions positions)
        implements Intervention {
    public ReplaceWithReconstruction(String hook, FeatureDictionary dictionary, boolean keepError) {
        this(hook, dictionary, keepError, Positions.all());
    }

    @Override
    public int width() {
        return dictionary.dIn();
    }

    @Override
    public void edit(float[] act, int rows, int firstPosition) {
        int d = dictionary.dIn();
        float[] rec = dictionary.reconstruct(act, rows);
        for (int r = 0; r < rows; r++) {
            if (positions.contains(firstPosition + r)) {
                for (int j = 0, o = r * d; j < d; j++) {
                    // x̂ + (x − x̂) written out, so that keepError costs the same rounding SAELens has
                    act[o + j] = keepError ? rec[o + j] + (act[o + j] - rec[o + j]) : rec[o + j];
                }
            }
        }
    }
}
