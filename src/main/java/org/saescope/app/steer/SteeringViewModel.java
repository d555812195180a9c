package org.saescope.app.steer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.saescope.app.model.AppModel;
import org.saescope.app.session.Workspace;
import org.saescope.app.task.JobContext;
import org.saescope.app.task.JobHandle;
import org.saescope.app.task.Lane;
import org.saescope.app.task.RateGate;
import org.saescope.lm.GenerationOptions;
import org.saescope.lm.GenerationResult;
import org.saescope.lm.Intervention;
import org.saescope.lm.LanguageModel;
import org.saescope.tensor.BadInputException;

/**
 * The steering screen: the same prompt continued twice with the same options and seed, once plain
 * and once with the chosen features steering, streamed token by token into two texts. One job on
 * the model lane runs both (the model is single-threaded anyway); Stop cancels it between tokens.
 */
public final class SteeringViewModel {
    private final AppModel app;
    private final StringProperty prompt = new SimpleStringProperty("The");
    private final ObservableList<SteerEntry> entries = FXCollections.observableArrayList();
    private final ObjectProperty<SteerMethod> method = new SimpleObjectProperty<>(SteerMethod.ADD);
    private final IntegerProperty maxTokens = new SimpleIntegerProperty(24);
    private final DoubleProperty temperature = new SimpleDoubleProperty(0.8);
    private final LongProperty seed = new SimpleLongProperty(42);
    private final ReadOnlyStringWrapper plain = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper steered = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private JobHandle job;
    private int[] plainTokens = new int[0];
    private int[] steeredTokens = new int[0];

    public SteeringViewModel(AppModel app) {
        this.app = app;
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public ObservableList<SteerEntry> entries() {
        return entries;
    }

    public ObjectProperty<SteerMethod> methodProperty() {
        return method;
    }

    public IntegerProperty maxTokensProperty() {
        return maxTokens;
    }

    /** 0 is greedy; above 0 samples with {@link #seedProperty()}, the same for both runs. */
    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    public ReadOnlyStringProperty plainProperty() {
        return plain.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty steeredProperty() {
        return steered.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The plain continuation's token ids (after a run finished). */
    public int[] plainTokens() {
        return plainTokens.clone();
    }

    public int[] steeredTokens() {
        return steeredTokens.clone();
    }

    /** Adds a feature to steer with (or updates its strength if it is already there). */
    public void addFeature(int feature, double strength) {
        for (SteerEntry e : entries) {
            if (e.feature() == feature) {
                e.strengthProperty().set(strength);
                return;
            }
        }
        entries.add(new SteerEntry(feature, strength));
    }

    public void generate() {
        Workspace w = app.workspace();
        if (!w.isReady()) {
            status.set("Open a model and an SAE first.");
            return;
        }
        if (running.get()) {
            return;
        }
        List<Steering.Setting> settings = new ArrayList<>();
        for (SteerEntry e : entries) {
            settings.add(new Steering.Setting(e.feature(), (float) e.strength()));
        }
        String text = prompt.get();
        SteerMethod m = method.get();
        int max = maxTokens.get();
        float temp = (float) temperature.get();
        long s = seed.get();
        plain.set("");
        steered.set("");
        status.set(settings.isEmpty() ? "No feature chosen: both runs are plain." : "");
        running.set(true);
        job = app.runner().submit(Lane.MODEL, "Generating", ctx -> {
            LanguageModel lm = w.model().lm();
            List<Intervention> steer = Steering.interventions(w.sae(), m, settings);
            int[] ids = lm.tokenizer().encode(text);
            if (ids.length == 0) {
                throw new BadInputException(null, "the prompt is empty: type a few words to continue");
            }
            int room = lm.config().contextLength() - ids.length;
            if (room <= 0) {
                throw new BadInputException(null, "the prompt has " + ids.length + " tokens and fills the model's context of "
                        + lm.config().contextLength());
            }
            GenerationOptions opts = GenerationOptions.greedy(Math.min(max, room)).withCancellation(ctx::isCancelled);
            if (temp > 0) {
                opts = opts.withSampling(temp, 0, 1f, s);
            }
            if (lm.config().eosTokenId() >= 0) {
                opts = opts.withStopTokens(lm.config().eosTokenId());
            }
            GenerationResult a = stream(lm, ids, opts, List.of(), ctx, plain::set, 0);
            GenerationResult b = stream(lm, ids, opts, steer, ctx, steered::set, 1);
            return new GenerationResult[] {a, b};
        }, results -> {
            running.set(false);
            plainTokens = results[0].tokens();
            steeredTokens = results[1].tokens();
            status.set(results[1].stopReason() == GenerationResult.StopReason.CANCELLED ? "Stopped." : "Done.");
        }, err -> {
            running.set(false);
            status.set("Failed.");
            app.report("Generating", err);
        });
        job.isDone(); // handle kept for stop()
    }

    /**
     * How often, at most, a streamed continuation is re-shown: each update re-lays out the whole
     * wrapped text, and once per token (every 10–20 ms on the demo) that kept the FX thread and the
     * renderer busy enough to stretch frame gaps past 50 ms on a 2-core machine.
     */
    static final long STREAM_INTERVAL_MS = 80;

    /** Generates, posting the decoded continuation to {@code sink} on the UI thread as tokens arrive (at most every {@value #STREAM_INTERVAL_MS} ms). */
    private static GenerationResult stream(LanguageModel lm, int[] prompt, GenerationOptions opts, List<Intervention> steer,
                                           JobContext ctx, Consumer<String> sink, int run) {
        List<Integer> got = new ArrayList<>();
        // one post in flight at a time, and not more often than the interval
        AtomicBoolean posted = new AtomicBoolean(false);
        RateGate gate = new RateGate(STREAM_INTERVAL_MS);
        int total = opts.maxTokens();
        GenerationResult r = lm.generate(prompt, opts, steer, (i, token) -> {
            got.add(token);
            ctx.progress((run + (i + 1.0) / Math.max(1, total)) / 2, run == 0 ? "plain" : "steered");
            if (!posted.get() && gate.tryPass(System.nanoTime())) {
                posted.set(true);
                String decoded = lm.tokenizer().decode(got.stream().mapToInt(Integer::intValue).toArray());
                ctx.ui(() -> {
                    posted.set(false);
                    sink.accept(decoded);
                });
            }
        });
        String all = lm.tokenizer().decode(r.tokens());
        ctx.ui(() -> sink.accept(all));
        return r;
    }

    public void stop() {
        if (job != null) {
            job.cancel();
            running.set(false);
            status.set("Stopped.");
        }
    }
}
