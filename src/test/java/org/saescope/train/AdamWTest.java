package org.saescope.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link AdamOptimizer} as AdamW with a per-step learning rate against torch.optim.AdamW
 * (src/test/python/adamw_reference.py): a decayed matrix and an undecayed bias over three steps.
 */
class AdamWTest {
    private static float[] flat(JsonNode n) {
        List<Float> out = new java.util.ArrayList<>();
        n.forEach(row -> {
            if (row.isArray()) {
                row.forEach(v -> out.add((float) v.asDouble()));
            } else {
                out.add((float) row.asDouble());
            }
        });
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    @Test
    void matchesTorchAdamWOverAScheduledLearningRate() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(getClass().getResource("/train/adamw_reference.json"));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(flat(ref.get("w0")), new Shape(2, 3));
            NDArray b = m.create(flat(ref.get("b0")), new Shape(2));
            AdamOptimizer adam = new AdamOptimizer(m, List.of(w, b), 1.0, ref.get("beta1").asDouble(),
                    ref.get("beta2").asDouble(), ref.get("eps").asDouble());
            double[] decay = {ref.get("weight_decay").asDouble(), 0};
            for (int s = 0; s < 3; s++) {
                try (NDManager sm = m.newSubManager()) {
                    NDArray gw = sm.create(flat(ref.get("grads_w").get(s)), new Shape(2, 3));
                    NDArray gb = sm.create(flat(ref.get("grads_b").get(s)), new Shape(2));
                    sm.tempAttachAll(w, b);
                    sm.tempAttachAll(adam.state().toArray(new NDArray[0]));
                    adam.step(List.of(w, b), List.of(gw, gb), ref.get("lrs").get(s).asDouble(), decay);
                }
            }
            assertThat(adam.steps()).isEqualTo(3);
            float[] w3 = flat(ref.get("w3"));
            float[] b3 = flat(ref.get("b3"));
            float[] wj = w.toFloatArray();
            float[] bj = b.toFloatArray();
            for (int i = 0; i < w3.length; i++) {
                assertThat(wj[i]).as("w[%d]", i).isCloseTo(w3[i], Offset.offset(1e-6f));
            }
            for (int i = 0; i < b3.length; i++) {
                assertThat(bj[i]).as("b[%d]", i).isCloseTo(b3[i], Offset.offset(1e-6f));
            }
        }
    }
}
