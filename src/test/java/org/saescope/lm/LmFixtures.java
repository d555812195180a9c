package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.saescope.tensor.SafetensorsFile;

/** The checkpoints and golden values src/test/python/lm_golden.py wrote under src/test/resources/lm/. */
public final class LmFixtures {
    static final List<String> MODELS = List.of("gpt2-tiny", "gpt2-tiny-sharded", "pythia-tiny-parallel", "pythia-tiny-serial");
    public static final String PROMPT = "The cat sat on the mat, and the dog";
    /** The error bound of the issue: max |java − torch| / max |torch| over a tensor. */
    public static final double MAX_REL_ERR = 1e-4;

    private LmFixtures() {
    }

    public static Path dir(String model) {
        try {
            return Path.of(LmFixtures.class.getResource("/lm/" + model).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The golden tensors of one checkpoint, read whole (they are small). */
    public static SafetensorsFile golden(String model) {
        return SafetensorsFile.open(dir(model).resolve("golden.safetensors"));
    }

    public static int[] ints(SafetensorsFile g, String name) {
        return Arrays.stream(g.readI64(name)).mapToInt(Math::toIntExact).toArray();
    }

    /** max |actual − expected| / max |expected|: relative to the tensor's scale, so near-zero entries do not blow up. */
    public static double relErr(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxDiff / maxRef;
    }

    static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(relErr(actual, expected)).as(what + " max relative error").isLessThanOrEqualTo(MAX_REL_ERR);
    }
}
