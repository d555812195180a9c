package org.saescope.sae.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class KernelThreadsTest {
    @Test
    void sharedWorkVisitsEveryIndexOnceWithDistinctWorkerIds() {
        for (int n : new int[] {0, 1, 15, 16, 17, 1000}) {
            AtomicIntegerArray visits = new AtomicIntegerArray(n);
            // A worker id is in use by one thread at a time: callers index per-worker scratch by it.
            // Two workers whatever the pool size (the app's tests may have set it to 1 before this runs).
            AtomicIntegerArray busy = new AtomicIntegerArray(2);
            KernelThreads.shareWork(n, 16, 2, (part, from, to) -> {
                assertThat(part).isBetween(0, 1);
                assertThat(busy.compareAndSet(part, 0, 1)).as("worker id %d free", part).isTrue();
                assertThat(to - from).isBetween(1, 16);
                for (int i = from; i < to; i++) {
                    visits.incrementAndGet(i);
                }
                busy.set(part, 0);
            });
            for (int i = 0; i < n; i++) {
                assertThat(visits.get(i)).as("index %d of %d", i, n).isEqualTo(1);
            }
        }
    }

    @Test
    void aFailureInAnyPieceReachesTheCaller() {
        assertThatThrownBy(() -> KernelThreads.shareWork(400, 16, 2, (part, from, to) -> {
            if (from <= 300 && 300 < to) {
                throw new IllegalStateException("piece with 300");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("piece with 300");
    }
}
