package org.saescope.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * Progress from a fast loop reaches the FX thread at most once per
 * {@link FxBackgroundRunner#PROGRESS_INTERVAL_MS} (bounded by the loop's own measured duration,
 * not by a fixed time), and the newest value is the one that arrives.
 */
class FxBackgroundRunnerTest {
    private record Update(JobHandle job, double fraction, String message) {
    }

    private final List<Update> updates = new CopyOnWriteArrayList<>();
    private final FxBackgroundRunner runner = new FxBackgroundRunner(new JobObserver() {
        @Override
        public void started(JobHandle job) {
        }

        @Override
        public void progressed(JobHandle job, double fraction, String message) {
            updates.add(new Update(job, fraction, message));
        }

        @Override
        public void finished(JobHandle job) {
        }
    });

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void aFastLoopsProgressIsThinnedToTheInterval() throws Exception {
        long[] elapsedNanos = new long[1];
        CountDownLatch done = new CountDownLatch(1);
        runner.submit(Lane.MODEL, "Loop", ctx -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < 200_000; i++) {
                ctx.progress(i / 200_000.0, "step " + i);
            }
            elapsedNanos[0] = System.nanoTime() - t0;
            return null;
        }, r -> done.countDown(), e -> done.countDown());
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        // one at once, then one per interval; one more may be in flight when the loop ends
        long bound = elapsedNanos[0] / 1_000_000L / FxBackgroundRunner.PROGRESS_INTERVAL_MS + 2;
        assertThat(updates).isNotEmpty();
        assertThat((long) updates.size()).isLessThanOrEqualTo(bound);
    }

    @Test
    void theNewestProgressArrives() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        runner.submit(Lane.MODEL, "Steps", ctx -> {
            for (int i = 1; i <= 50; i++) {
                ctx.progress(i / 50.0, i == 50 ? "last" : "step " + i);
            }
            // stay running until the UI has the newest value, as a long job would
            for (int i = 0; i < 3000 && updates.stream().noneMatch(u -> "last".equals(u.message())); i++) {
                Thread.sleep(10);
            }
            return null;
        }, r -> done.countDown(), e -> done.countDown());
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        Update last = updates.get(updates.size() - 1);
        assertThat(last.message()).isEqualTo("last");
        assertThat(last.fraction()).isEqualTo(1.0);
        // coalescing drops values in between, never reorders them
        for (int i = 1; i < updates.size(); i++) {
            assertThat(updates.get(i).fraction()).isGreaterThan(updates.get(i - 1).fraction());
        }
    }
}
