package org.saescope.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status bar's model with a hand-driven delay: a job shows only once its delay has fired, so
 * a prompt run (shorter than the delay) never touches the bar, while Esc still cancels it.
 */
class JobsModelTest {
    /** Delayed actions in the order asked for; {@link #fire} runs them as the UI timer would. */
    private final List<Runnable> due = new ArrayList<>();
    private final List<Boolean> cancelled = new ArrayList<>();
    private JobsModel jobs;

    @BeforeEach
    void setUp() {
        jobs = new JobsModel();
        jobs.showAfter(JobsModel.SHOW_AFTER_MS, (millis, action) -> {
            assertThat(millis).isEqualTo(JobsModel.SHOW_AFTER_MS);
            int i = due.size();
            due.add(action);
            cancelled.add(false);
            return () -> cancelled.set(i, true);
        });
    }

    private void fire(int i) {
        if (!cancelled.get(i)) {
            due.get(i).run();
        }
    }

    @Test
    void aJobThatEndsBeforeTheDelayNeverChangesTheBar() {
        SimpleJob run = new SimpleJob("Running the prompt");
        jobs.started(run);
        jobs.progressed(run, 0.5, "half");
        assertThat(jobs.textProperty().get()).isEqualTo("Ready");
        assertThat(jobs.countProperty().get()).isZero();
        assertThat(jobs.running()).containsExactly(run);

        jobs.finished(run);
        assertThat(cancelled.get(0)).as("the pending show is cancelled").isTrue();
        fire(0);
        assertThat(jobs.textProperty().get()).isEqualTo("Ready");
        assertThat(jobs.countProperty().get()).isZero();
        assertThat(jobs.running()).isEmpty();
        assertThat(jobs.lastFinishedProperty().get()).isEqualTo("Running the prompt");
    }

    @Test
    void aLongJobShowsAfterTheDelayWithItsNewestProgress() {
        SimpleJob gen = new SimpleJob("Generating");
        jobs.started(gen);
        jobs.progressed(gen, 0.25, "token 8");
        jobs.progressed(gen, 0.5, "token 16");
        fire(0);
        assertThat(jobs.countProperty().get()).isEqualTo(1);
        assertThat(jobs.textProperty().get()).isEqualTo("Generating: token 16");
        assertThat(jobs.progressProperty().get()).isEqualTo(0.5);

        jobs.progressed(gen, 0.75, "token 24");
        assertThat(jobs.textProperty().get()).isEqualTo("Generating: token 24");
        jobs.finished(gen);
        assertThat(jobs.textProperty().get()).isEqualTo("Ready");
        assertThat(jobs.countProperty().get()).isZero();
        assertThat(jobs.progressProperty().get()).isZero();
    }

    @Test
    void aShownJobWithoutProgressIsIndeterminate() {
        SimpleJob open = new SimpleJob("Opening the demo");
        jobs.started(open);
        fire(0);
        assertThat(jobs.textProperty().get()).isEqualTo("Opening the demo…");
        assertThat(jobs.progressProperty().get()).isEqualTo(-1);
    }

    @Test
    void cancelAllReachesJobsNotShownYet() {
        SimpleJob shown = new SimpleJob("Indexing");
        SimpleJob hidden = new SimpleJob("Running the prompt");
        jobs.started(shown);
        fire(0);
        jobs.started(hidden);
        jobs.cancelAll();
        assertThat(shown.isCancelled()).isTrue();
        assertThat(hidden.isCancelled()).isTrue();

        // the hidden one ends first: the bar still shows the indexing job
        jobs.finished(hidden);
        assertThat(jobs.textProperty().get()).isEqualTo("Indexing…");
        jobs.finished(shown);
        assertThat(jobs.textProperty().get()).isEqualTo("Indexing cancelled");
    }

    @Test
    void withoutADelayAJobShowsAtOnce() {
        JobsModel direct = new JobsModel();
        SimpleJob save = new SimpleJob("Saving label");
        direct.started(save);
        assertThat(direct.countProperty().get()).isEqualTo(1);
        assertThat(direct.textProperty().get()).isEqualTo("Saving label…");
        direct.finished(save);
        assertThat(direct.textProperty().get()).isEqualTo("Ready");
    }
}
