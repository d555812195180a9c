package org.saescope.sae.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.saescope.sae.SparseCodes;

/**
 * DjlKernel against ReferenceKernel. Most inputs are quantised (see {@link TestSpecs}) so that the
 * matmul is exact and the two must agree exactly, ties included; one test uses plain floats.
 */
class DjlKernelTest {
    private static final double TOL = 1e-5;

    /** Every architecture, with TopK also in its rescaled-by-decoder-norm form. */
    static Stream<Arguments> archs() {
        return Stream.of(
                Arguments.of(Arch.RELU, false),
                Arguments.of(Arch.JUMPRELU, false),
                Arguments.of(Arch.GATED, false),
                Arguments.of(Arch.TOPK, false),
                Arguments.of(Arch.TOPK, true));
    }

    private static SparseCodes[] encodeBoth(EncoderSpec spec, float[] x, int n, int block) {
        try (DjlKernel djl = new DjlKernel(spec, Device.cpu(), block)) {
            SparseCodes got = djl.encode(x, n);
            SparseCodes want = new ReferenceKernel(spec).encode(x, n);
            return new SparseCodes[] {want, got};
        }
    }

    @ParameterizedTest(name = "{0} scaled={1}")
    @MethodSource("archs")
    void matchesReferenceOn64x512(Arch arch, boolean scaled) {
        EncoderSpec spec = TestSpecs.quantized(arch, 64, 512, 32, scaled, 1);
        float[] x = TestSpecs.quantizedInputs(40, 64, 2);
        SparseCodes[] r = encodeBoth(spec, x, 40, DjlKernel.DEFAULT_BLOCK_TOKENS);
        CodesAssert.assertSameCodes(r[0], r[1], TOL);
        assertThat(r[0].nnz()).as("the test exercises some activations").isGreaterThan(40);
    }

    @ParameterizedTest(name = "{0} scaled={1}")
    @MethodSource("archs")
    void matchesReferenceOnOddSizesAcrossBlockBoundaries(Arch arch, boolean scaled) {
        // 301 = 7 · 43: no power-of-two structure; 23 tokens in blocks of 5 leaves a short last block.
        EncoderSpec spec = TestSpecs.quantized(arch, 37, 301, 13, scaled, 3);
        float[] x = TestSpecs.quantizedInputs(23, 37, 4);
        SparseCodes[] r = encodeBoth(spec, x, 23, 5);
        CodesAssert.assertSameCodes(r[0], r[1], TOL);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void matchesReferenceWhenMostValuesTie(Arch arch) {
        EncoderSpec spec = TestSpecs.ties(arch, 16, 200, 20, 5);
        float[] x = TestSpecs.tieInputs(30, 16, 6);
        SparseCodes[] r = encodeBoth(spec, x, 30, 7);
        CodesAssert.assertSameCodes(r[0], r[1], 0);
        // The point of this input: within a token, many kept values are equal.
        int ties = 0;
        for (int p = 1; p < r[0].nnz(); p++) {
            ties += r[0].values()[p] == r[0].values()[p - 1] ? 1 : 0;
        }
        assertThat(ties).isGreaterThan(r[0].nnz() / 2);
    }

    @Test
    void topKWithKOne() {
        EncoderSpec spec = TestSpecs.quantized(Arch.TOPK, 37, 301, 1, false, 7);
        float[] x = TestSpecs.quantizedInputs(20, 37, 8);
        SparseCodes[] r = encodeBoth(spec, x, 20, 6);
        CodesAssert.assertSameCodes(r[0], r[1], TOL);
    }

    @Test
    void topKWithKEqualToDSaeKeepsEveryPositivePreActivation() {
        for (int dSae : new int[] {301, 512}) {
            EncoderSpec spec = TestSpecs.quantized(Arch.TOPK, 37, dSae, dSae, true, 9);
            float[] x = TestSpecs.quantizedInputs(9, 37, 10);
            SparseCodes[] r = encodeBoth(spec, x, 9, 4);
            CodesAssert.assertSameCodes(r[0], r[1], TOL);
            assertThat(r[1].maxCount()).isGreaterThan(dSae / 4);
        }
    }

    @Test
    void topKRowsWithFewerThanKPositivePreActivations() {
        // A strongly negative b_enc leaves only a handful of positive pre-activations per token.
        EncoderSpec base = TestSpecs.quantized(Arch.TOPK, 32, 256, 40, false, 11);
        float[] bEnc = base.bEnc().clone();
        for (int j = 0; j < bEnc.length; j++) {
            bEnc[j] -= 2.5f;
        }
        EncoderSpec spec = new EncoderSpec(Arch.TOPK, 32, 256, base.wEnc(), base.wDec(), bEnc, null, null, null, null,
                40, null);
        float[] x = TestSpecs.quantizedInputs(50, 32, 12);
        SparseCodes[] r = encodeBoth(spec, x, 50, 16);
        CodesAssert.assertSameCodes(r[0], r[1], TOL);
        int shortRows = 0;
        for (int t = 0; t < 50; t++) {
            shortRows += r[1].count(t) < 40 ? 1 : 0;
        }
        assertThat(shortRows).as("rows with fewer than k positives").isEqualTo(50);
        assertThat(r[1].nnz()).as("but not all empty").isPositive();
    }

    @ParameterizedTest(name = "{0} scaled={1}")
    @MethodSource("archs")
    void allNegativeRowsGiveEmptyCodes(Arch arch, boolean scaled) {
        // x = 0 makes raw = 0, so every pre-activation is the (negative) bias.
        EncoderSpec base = TestSpecs.quantized(arch, 24, 96, 8, scaled, 13);
        float[] neg = new float[96];
        Arrays.fill(neg, -0.25f);
        EncoderSpec spec = new EncoderSpec(arch, 24, 96, base.wEnc(), base.wDec(),
                base.bEnc() == null ? null : neg, base.threshold(), base.bGate() == null ? null : neg,
                base.rMagExp(), base.bMag() == null ? null : neg, base.k(), base.preScale());
        float[] x = TestSpecs.quantizedInputs(6, 24, 14);
        Arrays.fill(x, 2 * 24, 4 * 24, 0f); // tokens 2 and 3
        SparseCodes[] r = encodeBoth(spec, x, 6, 4);
        CodesAssert.assertSameCodes(r[0], r[1], TOL);
        assertThat(r[1].count(2)).isZero();
        assertThat(r[1].count(3)).isZero();
    }

    @ParameterizedTest(name = "{0} scaled={1}")
    @MethodSource("archs")
    void nanInputsAreTreatedAsTheReferenceTreatsThem(Arch arch, boolean scaled) {
        EncoderSpec spec = TestSpecs.quantized(arch, 24, 96, 8, scaled, 15);
        float[] x = TestSpecs.quantizedInputs(5, 24, 16);
        x[24 + 3] = Float.NaN; // token 1: every pre-activation is NaN
        SparseCodes[] r = encodeBoth(spec, x, 5, 2);
        CodesAssert.assertSameCodes(r[0], r[1], TOL);
        assertThat(r[1].count(1)).isZero();
        assertThat(r[1].count(0)).isPositive();
    }

    @Test
    void zeroTokens() {
        EncoderSpec spec = TestSpecs.quantized(Arch.TOPK, 8, 32, 4, false, 17);
        try (DjlKernel k = new DjlKernel(spec)) {
            SparseCodes c = k.encode(new float[0], 0);
            assertThat(c.tokens()).isZero();
            assertThat(k.decode(c)).isEmpty();
        }
    }

    @Test
    void refusesInputShorterThanNRows() {
        EncoderSpec spec = TestSpecs.quantized(Arch.RELU, 8, 32, 0, false, 18);
        try (DjlKernel k = new DjlKernel(spec)) {
            assertThatThrownBy(() -> k.encode(new float[15], 2)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest(name = "{0} scaled={1}")
    @MethodSource("archs")
    void closeToReferenceOnPlainFloats(Arch arch, boolean scaled) {
        EncoderSpec spec = TestSpecs.gaussian(arch, 64, 512, 32, scaled, 19);
        float[] x = TestSpecs.gaussianInputs(40, 64, 20);
        SparseCodes[] r = encodeBoth(spec, x, 40, 16);
        CodesAssert.assertCloseCodes(spec, r[0], r[1], TOL);
    }

    @ParameterizedTest(name = "{0} scaled={1}")
    @MethodSource("archs")
    void decodeMatchesReference(Arch arch, boolean scaled) {
        EncoderSpec spec = TestSpecs.gaussian(arch, 37, 301, 13, scaled, 21);
        float[] x = TestSpecs.gaussianInputs(60, 37, 22);
        try (DjlKernel djl = new DjlKernel(spec)) {
            SparseCodes codes = djl.encode(x, 60);
            float[] want = new ReferenceKernel(spec).decode(codes);
            CodesAssert.assertClose(want, djl.decode(codes), TOL);
        }
    }

    @Test
    void decodeOfHandMadeCodes() {
        EncoderSpec spec = TestSpecs.gaussian(Arch.TOPK, 5, 7, 3, false, 23);
        // token 0: features 6 and 0; token 1: nothing; token 2: feature 3 twice over (repeated index)
        SparseCodes codes = new SparseCodes(new int[] {0, 2, 2, 4}, new int[] {6, 0, 3, 3},
                new float[] {2f, 0.5f, 1f, 1f});
        try (DjlKernel djl = new DjlKernel(spec)) {
            float[] out = djl.decode(codes);
            float[] w = spec.wDec();
            for (int i = 0; i < 5; i++) {
                assertThat(out[i]).isCloseTo(2f * w[6 * 5 + i] + 0.5f * w[i], org.assertj.core.data.Offset.offset(1e-6f));
                assertThat(out[5 + i]).isZero();
                assertThat(out[10 + i]).isCloseTo(2f * w[3 * 5 + i], org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }

    @Test
    void decodeOfManyTokensUsesAllThreadsAndStillMatches() {
        // Enough pairs that the decode is split over the pool.
        EncoderSpec spec = TestSpecs.gaussian(Arch.TOPK, 48, 256, 32, false, 25);
        float[] x = TestSpecs.gaussianInputs(300, 48, 26);
        try (DjlKernel djl = new DjlKernel(spec)) {
            SparseCodes codes = djl.encode(x, 300);
            assertThat(codes.nnz()).isGreaterThan(4096);
            CodesAssert.assertClose(new ReferenceKernel(spec).decode(codes), djl.decode(codes), TOL);
        }
    }
}
