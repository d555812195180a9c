package org.saescope.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.saescope.tensor.BadInputException;

class ShufflingActivationBufferTest {
    /** Rows [i, -i] for i = 0..n-1, so each row says which one it is. */
    private static float[] numberedRows(int n) {
        float[] x = new float[n * 2];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
        }
        return x;
    }

    private static List<Integer> drain(ShufflingActivationBuffer b, int maxBatches) {
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < maxBatches; k++) {
            float[] batch = b.nextBatch();
            if (batch == null) {
                break;
            }
            for (int r = 0; r < batch.length / 2; r++) {
                assertThat(batch[2 * r + 1]).isEqualTo(-batch[2 * r]); // rows stay whole
                ids.add((int) batch[2 * r]);
            }
        }
        return ids;
    }

    @Test
    void everyRowComesOutOnceShuffledAndTheLastBatchMayBeShort() {
        ActivationSource once = oneShot(numberedRows(1000), 70);
        ShufflingActivationBuffer b = new ShufflingActivationBuffer(once, 2, 256, 64, new SplittableRandom(1));
        List<Integer> ids = drain(b, 100);
        assertThat(ids).hasSize(1000).doesNotHaveDuplicates();
        assertThat(ids).isNotEqualTo(ids.stream().sorted().toList());
        // 1000 = 15 · 64 + 40: the source's order is gone from the first batch already
        assertThat(ids.subList(0, 64)).isNotEqualTo(ids.subList(0, 64).stream().sorted().toList());
        assertThat(b.rowsRead()).isEqualTo(1000);
    }

    @Test
    void sameSeedSameOrder() {
        List<Integer> a = drain(new ShufflingActivationBuffer(oneShot(numberedRows(300), 50), 2, 128, 32,
                new SplittableRandom(9)), 100);
        List<Integer> b = drain(new ShufflingActivationBuffer(oneShot(numberedRows(300), 50), 2, 128, 32,
                new SplittableRandom(9)), 100);
        List<Integer> c = drain(new ShufflingActivationBuffer(oneShot(numberedRows(300), 50), 2, 128, 32,
                new SplittableRandom(10)), 100);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void aRewindableSourceIsReadAgain() {
        ArrayActivationSource src = new ArrayActivationSource(numberedRows(100), 2, 30, "loop");
        ShufflingActivationBuffer b = new ShufflingActivationBuffer(src, 2, 64, 16, new SplittableRandom(2));
        List<Integer> ids = drain(b, 25); // 400 rows: four passes
        assertThat(ids).hasSize(400);
        assertThat(b.passes()).isGreaterThanOrEqualTo(4);
        for (int i = 0; i < 100; i++) {
            final int id = i;
            assertThat(ids.stream().filter(v -> v == id).count()).isBetween(2L, 6L);
        }
    }

    @Test
    void peekDoesNotConsume() {
        ShufflingActivationBuffer b = new ShufflingActivationBuffer(oneShot(numberedRows(50), 50), 2, 64, 16,
                new SplittableRandom(3));
        assertThat(b.peek(10)).hasSize(20);
        assertThat(drain(b, 100)).hasSize(50);
    }

    @Test
    void aChunkThatIsNotWholeRowsIsBadInput() {
        ActivationSource bad = new ActivationSource() {
            @Override
            public int dIn() {
                return 2;
            }

            @Override
            public float[] next() {
                return new float[5];
            }

            @Override
            public String describe() {
                return "ragged";
            }
        };
        ShufflingActivationBuffer b = new ShufflingActivationBuffer(bad, 2, 64, 16, new SplittableRandom(3));
        assertThatThrownBy(b::nextBatch).isInstanceOf(BadInputException.class)
                .hasMessage("ragged: a chunk of 5 values is not a whole number of rows of d_in 2");
    }

    private static ActivationSource oneShot(float[] data, int chunk) {
        ArrayActivationSource inner = new ArrayActivationSource(data, 2, chunk, "rows");
        return new ActivationSource() {
            @Override
            public int dIn() {
                return 2;
            }

            @Override
            public float[] next() {
                return inner.next();
            }

            @Override
            public String describe() {
                return "rows";
            }
        };
    }
}
