package org.saescope.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.saescope.sae.kernel.Arch;

/**
 * Three optimiser steps of each architecture against PyTorch
 * (src/test/python/train_step_reference.py): losses, L0, firing counts and every parameter after
 * the steps, which checks the loss formulas, the straight-through threshold gradients, AuxK, the
 * TopK decoder-gradient projection, gradient clipping, Adam and the decoder renormalisation.
 */
class TrainableSaeTest {
    private static JsonNode ref;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = TrainableSaeTest.class.getResourceAsStream("/train/train_step_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "jumprelu", "topk"})
    void threeStepsMatchPyTorch(String name) {
        Arch arch = switch (name) {
            case "relu" -> Arch.RELU;
            case "jumprelu" -> Arch.JUMPRELU;
            default -> Arch.TOPK;
        };
        int dIn = ref.get("d_in").asInt();
        int dSae = ref.get("d_sae").asInt();
        SaeTrainConfig cfg = SaeTrainConfig.builder(arch, dIn, dSae)
                .k(ref.get("k").asInt()).kAux(ref.get("k_aux").asInt())
                .auxKCoefficient(ref.get("aux_alpha").asDouble())
                .lr(ref.get("lr").asDouble()).l1Coefficient(ref.get("l1").asDouble())
                .l0Coefficient(ref.get("l0").asDouble()).jumpReluBandwidth(ref.get("bandwidth").asDouble())
                .maxGradNorm(ref.get("max_grad_norm").asDouble()).build();
        JsonNode init = ref.get("init");
        SaeParameters w0 = new SaeParameters(dIn, dSae, floats(init.get("W_enc")), floats(init.get("b_enc")),
                floats(init.get("W_dec")), floats(init.get("b_dec")), floats(init.get("threshold")));
        boolean[] dead = new boolean[dSae];
        for (JsonNode j : ref.get("dead")) {
            dead[j.asInt()] = true;
        }
        JsonNode expected = ref.get(name);
        try (TrainableSae sae = new TrainableSae(cfg, w0)) {
            for (int s = 0; s < expected.get("steps").size(); s++) {
                float[] x = floats(ref.get("batches").get(s));
                StepStats st = sae.step(x, x.length / dIn, dead);
                JsonNode e = expected.get("steps").get(s);
                assertThat(st.loss()).as("loss, step %d", s).isCloseTo(e.get("loss").asDouble(), within(2e-5));
                assertThat(st.mseLoss()).as("mse, step %d", s).isCloseTo(e.get("mse").asDouble(), within(2e-5));
                assertThat(st.penalty()).as("penalty, step %d", s).isCloseTo(e.get("penalty").asDouble(), within(2e-5));
                assertThat(st.l0()).as("l0, step %d", s).isEqualTo(e.get("l0").asDouble());
                int[] firing = new int[dSae];
                for (int j = 0; j < dSae; j++) {
                    firing[j] = e.get("firing").get(j).asInt();
                }
                assertThat(st.firingCounts()).containsExactly(firing);
            }
            SaeParameters w = sae.weights();
            JsonNode f = expected.get("final");
            assertClose("W_enc", w.wEnc(), f.get("W_enc"));
            assertClose("b_enc", w.bEnc(), f.get("b_enc"));
            assertClose("W_dec", w.wDec(), f.get("W_dec"));
            assertClose("b_dec", w.bDec(), f.get("b_dec"));
            if (arch == Arch.JUMPRELU) {
                assertClose("threshold", w.threshold(), f.get("threshold"));
            } else {
                assertThat(w.threshold()).isNull();
            }
            // the parameters really moved (so matching PyTorch is not matching the start)
            assertThat(Math.abs(w.wEnc()[0] - w0.wEnc()[0]) + Math.abs(w.bDec()[0] - w0.bDec()[0])).isGreaterThan(1e-3f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RELU", "JUMPRELU", "TOPK"})
    void stepsLeaveNoArraysBehind(String name) {
        Arch arch = Arch.valueOf(name);
        SaeTrainConfig cfg = SaeTrainConfig.builder(arch, 4, 8).k(2).kAux(2).build();
        SyntheticSparseData data = new SyntheticSparseData(1, 4, 6, 2, 32);
        SaeParameters w0 = new SaeTrainer(cfg).initialWeights(new java.util.SplittableRandom(1), data.tokens);
        boolean[] dead = {true, false, true, false, true, false, false, false};
        try (TrainableSae sae = new TrainableSae(cfg, w0)) {
            int before = sae.managedArrays();
            // parameters + Adam's two moments per parameter
            assertThat(before).isEqualTo(3 * (arch == Arch.JUMPRELU ? 5 : 4));
            for (int s = 0; s < 5; s++) {
                sae.step(data.tokens, 32, dead);
                assertThat(sae.managedArrays()).isEqualTo(before);
            }
        }
    }

    private static void assertClose(String what, float[] actual, JsonNode expected) {
        assertThat(actual).as(what).hasSize(expected.size());
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected.get(i).asDouble(), within(2e-5));
        }
    }

    static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }
}
