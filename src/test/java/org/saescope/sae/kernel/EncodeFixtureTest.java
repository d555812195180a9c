package org.saescope.sae.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saescope.sae.SparseCodes;

/**
 * Both kernels against codes computed independently with numpy by
 * {@code src/test/python/make_encode_fixture.py} (exact dyadic inputs, with ties, identical
 * features and a token with fewer than k positive pre-activations).
 */
class EncodeFixtureTest {
    private static JsonNode fx;
    private static int dIn;
    private static int dSae;
    private static int n;
    private static int k;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = EncodeFixtureTest.class.getResourceAsStream("encode_fixture.json")) {
            fx = new ObjectMapper().readTree(in);
        }
        dIn = fx.get("d_in").asInt();
        dSae = fx.get("d_sae").asInt();
        n = fx.get("tokens").asInt();
        k = fx.get("k").asInt();
    }

    private static float[] floats(String name) {
        JsonNode a = fx.get(name);
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a.get(i).asDouble();
        }
        return f;
    }

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    private static SparseCodes expected(String name) {
        JsonNode e = fx.get("expected").get(name);
        JsonNode vals = e.get("values");
        float[] v = new float[vals.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) vals.get(i).asDouble();
        }
        return new SparseCodes(ints(e.get("row_start")), ints(e.get("indices")), v);
    }

    static EncoderSpec spec(String name) {
        float[] wEnc = floats("w_enc");
        float[] wDec = floats("w_dec");
        switch (name) {
            case "relu":
                return new EncoderSpec(Arch.RELU, dIn, dSae, wEnc, wDec, floats("b_enc"), null, null, null, null, 0, null);
            case "jumprelu":
                return new EncoderSpec(Arch.JUMPRELU, dIn, dSae, wEnc, wDec, floats("b_enc"), floats("threshold"),
                        null, null, null, 0, null);
            case "gated":
                return new EncoderSpec(Arch.GATED, dIn, dSae, wEnc, wDec, null, null, floats("b_gate"),
                        floats("r_mag_exp"), floats("b_mag"), 0, null);
            case "topk":
                return new EncoderSpec(Arch.TOPK, dIn, dSae, wEnc, wDec, floats("b_enc"), null, null, null, null, k, null);
            case "topk_scaled":
                return new EncoderSpec(Arch.TOPK, dIn, dSae, wEnc, wDec, floats("b_enc"), null, null, null, null, k,
                        floats("pre_scale"));
            default:
                throw new IllegalArgumentException(name);
        }
    }

    static Stream<String> cases() {
        return Stream.of("relu", "jumprelu", "gated", "topk", "topk_scaled");
    }

    private static void check(String name, Function<EncoderSpec, SaeKernel> make) {
        EncoderSpec spec = spec(name);
        try (SaeKernel kernel = make.apply(spec)) {
            CodesAssert.assertSameCodes(expected(name), kernel.encode(floats("x"), n), 0);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void djlKernelMatchesNumpy(String name) {
        check(name, s -> new DjlKernel(s, Device.cpu(), 3));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void referenceKernelMatchesNumpy(String name) {
        check(name, ReferenceKernel::new);
    }

    @Test
    void fixtureHasATokenWithFewerThanKActivations() {
        assertThat(expected("topk").count(3)).isLessThan(k);
    }

    @Test
    void sparseDecodeMatchesNumpy() {
        try (DjlKernel kernel = new DjlKernel(spec("topk"))) {
            CodesAssert.assertClose(floats("decode_topk"), kernel.decode(expected("topk")), 1e-6);
        }
    }
}
