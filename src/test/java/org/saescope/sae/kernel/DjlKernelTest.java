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

    /**
     * Reference and DJL codes; TopK is also encoded with W_enc cut into five column chunks (the
     * last one short), and both DJL results must agree exactly, floors and all.
     */
    private static SparseCodes[] encodeBoth(EncoderSpec spec, float[] x, int n, int block) {
        SparseCodes want = new ReferenceKernel(spec).encode(x, n);
        SparseCodes got;
        try (DjlKernel djl = new DjlKernel(spec, Device.cpu(), block)) {
            got = djl.encode(x, n);
        }
        if (spec.arch() == Arch.TOPK) {
            try (DjlKernel chunked = new DjlKernel(spec, Device.cpu(), block, spec.dSae() / 5 + 1)) {
                CodesAssert.assertSameCodes(got, chunked.encode(x, n), 0);
            }
        }
        return new SparseCodes[] {want, got};
    }

    @ParameterizedTest(name = "{0} scaled={1}")
    @MethodSource("archs")
    void matchesReferenceOn64x512(Arch arch, boolean scaled) {
        EncoderSpec spec = TestSpecs.quantized(arch, 64, 512, 32, scaled, 1);
        float[] x = TestSpecs.quantizedInputs(40, 64, 2);
        SparseCodes[] r = encodeBoth(spec, x, 40, DjlKernel.blockTokensFor(512));
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

    @ParameterizedTest(name = "{0} scaled={1}")
    @MethodSource("archs")
    void chunkWidthsThatDoNotDivideTheWidthGiveTheSameCodes(Arch arch, boolean scaled) {
        EncoderSpec spec = TestSpecs.quantized(arch, 37, 301, 13, scaled, 35);
        float[] x = TestSpecs.quantizedInputs(23, 37, 36);
        SparseCodes want = new ReferenceKernel(spec).encode(x, 23);
        for (int chunk : new int[] {1, 13, 64, 300, 301, 4096}) {
            try (DjlKernel djl = new DjlKernel(spec, Device.cpu(), 5, chunk)) {
                CodesAssert.assertSameCodes(want, djl.encode(x, 23), TOL);
            }
        }
    }

    @Test
    void topKTokensBelowTheirFloorAreSelectedAgainExactly() {
        // Blocks of 8 tokens, alternately tiny (pre-activations mostly b_enc: a high k-th value per
        // unit of input norm) and large: the floors learnt from a tiny block are far too high for
        // the large one after it. Scales are powers of two, so the matmul stays exact.
        EncoderSpec spec = TestSpecs.quantized(Arch.TOPK, 37, 301, 13, false, 41);
        int n = 64;
        float[] x = TestSpecs.quantizedInputs(n, 37, 42);
        for (int t = 0; t < n; t++) {
            float scale = (t / 8) % 2 == 0 ? 1f / 16 : 4f;
            for (int i = 0; i < 37; i++) {
                x[t * 37 + i] *= scale;
            }
        }
        SparseCodes want = new ReferenceKernel(spec).encode(x, n);
        try (DjlKernel djl = new DjlKernel(spec, Device.cpu(), 8, 64)) {
            CodesAssert.assertSameCodes(want, djl.encode(x, n), TOL);
            assertThat(djl.tokensSelectedAgain()).as("the test makes floors fail").isPositive();
            // A second call starts from the floors the first one learnt.
            CodesAssert.assertSameCodes(want, djl.encode(x, n), TOL);
        }
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

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"RELU", "GATED"})
    void manyActivationsPerTokenAreSortedTheSame(Arch arch) {
        // About half of 2048 features fire: long runs take the radix sort path.
        EncoderSpec spec = TestSpecs.quantized(arch, 32, 2048, 0, false, 33);
        float[] x = TestSpecs.quantizedInputs(12, 32, 34);
        SparseCodes[] r = encodeBoth(spec, x, 12, 5);
        CodesAssert.assertSameCodes(r[0], r[1], TOL);
        assertThat(r[1].maxCount()).isGreaterThan(600);
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

    @ParameterizedTest(name = "scaled={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void topKTokensOfVeryDifferentScale(boolean scaled) {
        // TopK starts each token from a floor taken from the previous one; a token 16x smaller
        // than its predecessor has fewer than k values above that floor and must be rescanned.
        EncoderSpec spec = TestSpecs.quantized(Arch.TOPK, 32, 2048, 8, scaled, 27);
        int n = 24;
        float[] x = TestSpecs.quantizedInputs(n, 32, 28);
        for (int t = 0; t < n; t++) {
            float f = (t % 3 == 2) ? 0.25f : (t % 3 == 1 ? 4f : 1f);
            for (int i = 0; i < 32; i++) {
                x[t * 32 + i] *= f;
            }
        }
        SparseCodes[] r = encodeBoth(spec, x, n, 8);
        CodesAssert.assertSameCodes(r[0], r[1], TOL);
    }

    @Test
    void topKWithManyPositivesOverflowsTheCandidateBufferFirst() {
        // Zero bias and 4096 features: the first token of each worker starts with no floor and
        // meets ~2000 positive candidates, many times the buffer, so it is compacted repeatedly.
        EncoderSpec base = TestSpecs.quantized(Arch.TOPK, 16, 4096, 3, false, 29);
        EncoderSpec spec = new EncoderSpec(Arch.TOPK, 16, 4096, base.wEnc(), base.wDec(), new float[4096], null, null,
                null, null, 3, null);
        float[] x = TestSpecs.quantizedInputs(6, 16, 30);
        SparseCodes[] r = encodeBoth(spec, x, 6, 1);
        CodesAssert.assertSameCodes(r[0], r[1], TOL);
    }

    @Test
    void topKWithInfiniteWeightsGivesNaNAndInfinitePreActivations() {
        // W_enc[0][5] = +inf and W_enc[1][5] = -inf: feature 5 is +inf, -inf or NaN (inf - inf)
        // depending on the signs of x0 and x1, whatever order the matmul sums in. Each NaN takes
        // one of the k places, as in the reference; +inf is kept as the largest value.
        EncoderSpec base = TestSpecs.quantized(Arch.TOPK, 8, 64, 4, false, 31);
        float[] w = base.wEnc().clone();
        w[5] = Float.POSITIVE_INFINITY;
        w[64 + 5] = Float.NEGATIVE_INFINITY;
        EncoderSpec spec = new EncoderSpec(Arch.TOPK, 8, 64, w, base.wDec(), base.bEnc(), null, null, null, null, 4,
                null);
        float[] x = TestSpecs.quantizedInputs(4, 8, 32);
        float[][] signs = {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
        for (int t = 0; t < 4; t++) {
            x[t * 8] = signs[t][0];
            x[t * 8 + 1] = signs[t][1];
        }
        SparseCodes[] r = encodeBoth(spec, x, 4, 4);
        CodesAssert.assertSameCodes(r[0], r[1], TOL);
        assertThat(r[1].count(0)).as("NaN took a place").isEqualTo(3);
        assertThat(r[1].values()[r[1].start(1)]).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void blockSizeKeepsTheOutputBelowTheMallocMapThreshold() {
        assertThat(DjlKernel.blockTokensFor(512)).isEqualTo(256);
        assertThat(DjlKernel.blockTokensFor(24576)).isEqualTo(256);
        assertThat(DjlKernel.blockTokensFor(131072)).isEqualTo(48);
        assertThat(DjlKernel.blockTokensFor(Integer.MAX_VALUE)).isEqualTo(1);
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
            // Same summation order as the reference, so the same floats, not merely close ones.
            CodesAssert.assertClose(want, djl.decode(codes), 0);
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
