package org.saescope.app.prompt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.saescope.app.catalog.FeatureCatalog;
import org.saescope.app.model.AppModel;
import org.saescope.app.session.Workspace;
import org.saescope.app.task.JobHandle;
import org.saescope.app.task.Lane;

/**
 * The prompt screen's state. Typing changes {@link #textProperty()}; after a short pause the
 * prompt runs on the model lane (a newer text cancels the older run). The heatmap shows either the
 * chosen feature's activation on each token or, with none chosen, each token's strongest feature.
 */
public final class PromptViewModel {
    /** Pause after the last keystroke before the prompt runs. */
    public static final long DEBOUNCE_MS = 120;
    /** How many top features a token's tooltip lists. */
    public static final int TOOLTIP_FEATURES = 5;
    /** Loss effects are computed for at most this many features (by max activation); each is a forward pass. */
    public static final int LOSS_EFFECT_LIMIT = 200;

    private final AppModel app;
    private final StringProperty text = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<PromptAnalysis> analysis = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty feature = new SimpleIntegerProperty(-1);
    private final IntegerProperty selectedToken = new SimpleIntegerProperty(-1);
    private final ReadOnlyObjectWrapper<float[]> tokenValues = new ReadOnlyObjectWrapper<>(new float[0]);
    private final ReadOnlyDoubleWrapper scaleMax = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper legend = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ObservableList<TokenFeature> tokenFeatures = FXCollections.observableArrayList();
    private final ObjectProperty<RankMode> rankMode = new SimpleObjectProperty<>(RankMode.ACTIVATION);
    private final ObservableList<FeatureRank> ranked = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper lossRunning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper quantilesKnown = new ReadOnlyBooleanWrapper(false);
    private final BooleanProperty autoRun = new SimpleBooleanProperty(true);

    private List<FeatureRank> ranks = List.of();
    private double[] tokenQuantiles;
    private Runnable pendingRun = () -> { };
    private JobHandle running;
    private JobHandle lossJob;
    private long analysedAtNanos;
    private long lastLatencyNanos = -1;
    private PromptTimings lastTimings = PromptTimings.NONE;

    /** One feature active on the selected token, with its label, for the ranked list. */
    public record TokenFeature(int feature, float value, double quantile, String label) {
    }

    public PromptViewModel(AppModel app) {
        this.app = app;
        text.addListener((o, a, b) -> {
            if (autoRun.get()) {
                scheduleRun();
            }
        });
        feature.addListener((o, a, b) -> refreshHeat());
        selectedToken.addListener((o, a, b) -> refreshTokenFeatures());
        rankMode.addListener((o, a, b) -> {
            if (b == RankMode.LOSS_EFFECT) {
                computeLossEffects();
            }
            refreshRanks();
        });
        app.workspaceProperty().addListener((o, a, b) -> run());
        app.labels().addListener((javafx.collections.MapChangeListener<Integer, org.saescope.app.catalog.FeatureLabel>) c -> refreshTokenFeatures());
    }

    // ------------------------------------------------------------------ properties

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyObjectProperty<PromptAnalysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    /** The feature that colours the heatmap, or -1 for "strongest feature per token". */
    public IntegerProperty featureProperty() {
        return feature;
    }

    public IntegerProperty selectedTokenProperty() {
        return selectedToken;
    }

    /** The value each token's cell is coloured by. */
    public ReadOnlyObjectProperty<float[]> tokenValuesProperty() {
        return tokenValues.getReadOnlyProperty();
    }

    /** The activation that gets the hottest colour. */
    public ReadOnlyDoubleProperty scaleMaxProperty() {
        return scaleMax.getReadOnlyProperty();
    }

    /** What the colours mean, e.g. "feature 12: 0 … 3.41". */
    public ReadOnlyStringProperty legendProperty() {
        return legend.getReadOnlyProperty();
    }

    /** A remark about the prompt (cut to the context, no model open). */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** Every feature active on the selected token, strongest first. */
    public ObservableList<TokenFeature> tokenFeatures() {
        return tokenFeatures;
    }

    public ObjectProperty<RankMode> rankModeProperty() {
        return rankMode;
    }

    /** The prompt's features in the chosen order. */
    public ObservableList<FeatureRank> rankedFeatures() {
        return ranked;
    }

    public ReadOnlyBooleanProperty lossRunningProperty() {
        return lossRunning.getReadOnlyProperty();
    }

    /** Whether the open catalog knows each feature's distribution (quantile ranking possible). */
    public ReadOnlyBooleanProperty quantilesKnownProperty() {
        return quantilesKnown.getReadOnlyProperty();
    }

    /** Whether typing runs the prompt (on by default). */
    public BooleanProperty autoRunProperty() {
        return autoRun;
    }

    /** Nanoseconds from the run's start (after the debounce) to the analysis reaching the UI thread. */
    public long lastLatencyNanos() {
        return lastLatencyNanos;
    }

    /** Where the last run's time went, stage by stage (for measurements, not for the UI). */
    public PromptTimings lastTimings() {
        return lastTimings;
    }

    // ------------------------------------------------------------------ actions

    private void scheduleRun() {
        pendingRun.run();
        pendingRun = app.runner().schedule(DEBOUNCE_MS, this::run);
    }

    /** Runs the current text now. */
    public void run() {
        Workspace w = app.workspace();
        if (running != null && !running.isDone()) {
            running.cancel();
        }
        if (lossJob != null && !lossJob.isDone()) {
            lossJob.cancel();
            lossRunning.set(false);
        }
        if (!w.isReady()) {
            note.set(w.model() == null ? "Open a model and an SAE to see feature activations." : "Open an SAE to see feature activations.");
            setAnalysis(null);
            return;
        }
        String t = text.get();
        FeatureCatalog catalog = w.catalog();
        long start = System.nanoTime();
        running = app.runner().submit(Lane.MODEL, "Running the prompt", ctx -> {
            long started = System.nanoTime();
            PromptAnalyzer.Timed timed = PromptAnalyzer.analyzeTimed(t, w.model(), w.sae());
            PromptAnalysis a = timed.analysis();
            long ranking = System.nanoTime();
            List<FeatureRank> r = a.featureMaxima();
            double[] tokenQ = null;
            if (catalog != null && catalog.hasStatistics()) {
                // the features' maxima and every active (token, feature) pair (aligned with the
                // codes: what the clicked-token table shows), asked of the catalog in one batch
                int n = r.size();
                int nnz = a.codes().nnz();
                int[] features = java.util.Arrays.copyOf(a.codes().indices(), nnz + n);
                float[] acts = java.util.Arrays.copyOf(a.codes().values(), nnz + n);
                for (int i = 0; i < n; i++) {
                    features[nnz + i] = r.get(i).feature();
                    acts[nnz + i] = r.get(i).maxAct();
                }
                double[] q = catalog.quantiles(features, acts);
                tokenQ = java.util.Arrays.copyOf(q, nnz);
                List<FeatureRank> withQ = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    withQ.add(r.get(i).withQuantile(q[nnz + i]));
                }
                r = withQ;
            }
            long done = System.nanoTime();
            PromptTimings.Lane lt = timed.times();
            PromptTimings lane = new PromptTimings(started - start, lt.tokenize(), lt.forward(), lt.encode(), done - ranking, 0, 0);
            return new Run(a, r, tokenQ, lane, done);
        }, run -> {
            long applying = System.nanoTime();
            analysedAtNanos = applying;
            lastLatencyNanos = analysedAtNanos - start;
            ranks = run.ranks();
            tokenQuantiles = run.tokenQuantiles();
            quantilesKnown.set(tokenQuantiles != null);
            PromptAnalysis a = run.analysis();
            note.set(a.truncatedFrom() >= 0 ? "The prompt has " + a.truncatedFrom() + " tokens; the model reads "
                    + a.size() + ", so the rest is not shown." : "");
            setAnalysis(a);
            if (rankMode.get() == RankMode.LOSS_EFFECT) {
                computeLossEffects();
            }
            lastTimings = run.timings().withFx(applying - run.finishedAt(), System.nanoTime() - applying);
        }, err -> app.report("Running the prompt", err));
    }

    /**
     * @param tokenQuantiles per code entry, the quantile of that activation in its feature's distribution; null without an index
     * @param timings        the model lane's stages
     * @param finishedAt     when the lane finished (System.nanoTime), to time the hand-off to the FX thread
     */
    private record Run(PromptAnalysis analysis, List<FeatureRank> ranks, double[] tokenQuantiles, PromptTimings timings,
                       long finishedAt) {
    }

    private void setAnalysis(PromptAnalysis a) {
        if (a == null) {
            ranks = List.of();
            tokenQuantiles = null;
        }
        analysis.set(a);
        if (selectedToken.get() >= (a == null ? 0 : a.size())) {
            selectedToken.set(-1);
        }
        refreshHeat();
        refreshTokenFeatures();
        refreshRanks();
    }

    /**
     * Measures every prompt feature's loss effect (up to {@value #LOSS_EFFECT_LIMIT}, strongest
     * first) on the model lane, publishing partial results as they come; cancellable.
     */
    public void computeLossEffects() {
        PromptAnalysis a = analysis.get();
        Workspace w = app.workspace();
        if (a == null || a.size() < 2 || !w.isReady() || lossRunning.get()) {
            if (a != null && a.size() < 2) {
                note.set("Loss effects need at least two tokens.");
            }
            return;
        }
        List<Integer> todo = ranks.stream().filter(r -> Double.isNaN(r.lossEffect()))
                .sorted(RankMode.ACTIVATION.comparator()).limit(LOSS_EFFECT_LIMIT).map(FeatureRank::feature).toList();
        if (todo.isEmpty()) {
            return;
        }
        lossRunning.set(true);
        int[] ids = a.ids();
        lossJob = app.runner().submit(Lane.MODEL, "Loss effects", ctx -> {
            double clean = PromptAnalyzer.meanLoss(w.model().lm().crossEntropy(ids, List.of()));
            Map<Integer, Double> done = new HashMap<>();
            Map<Integer, Double> batch = new HashMap<>();
            for (int i = 0; i < todo.size() && !ctx.isCancelled(); i++) {
                int f = todo.get(i);
                double e = PromptAnalyzer.lossEffect(w.model(), w.sae(), ids, f, clean);
                done.put(f, e);
                batch.put(f, e);
                ctx.progress((i + 1.0) / todo.size(), (i + 1) + " of " + todo.size() + " features");
                if (batch.size() >= 8) {
                    Map<Integer, Double> part = Map.copyOf(batch);
                    batch.clear();
                    ctx.ui(() -> {
                        if (analysis.get() == a) {
                            applyLossEffects(part);
                        }
                    });
                }
            }
            return done;
        }, done -> {
            lossRunning.set(false);
            if (analysis.get() == a) {
                applyLossEffects(done);
            }
        }, err -> {
            lossRunning.set(false);
            app.report("Computing loss effects", err);
        });
    }

    public void cancelLossEffects() {
        if (lossJob != null) {
            lossJob.cancel();
            lossRunning.set(false);
        }
    }

    private void applyLossEffects(Map<Integer, Double> effects) {
        List<FeatureRank> out = new ArrayList<>(ranks.size());
        for (FeatureRank r : ranks) {
            Double e = effects.get(r.feature());
            out.add(e == null ? r : r.withLossEffect(e));
        }
        ranks = out;
        refreshRanks();
    }

    private void refreshRanks() {
        List<FeatureRank> sorted = new ArrayList<>(ranks);
        sorted.sort(rankMode.get().comparator());
        ranked.setAll(sorted);
    }

    private void refreshHeat() {
        PromptAnalysis a = analysis.get();
        if (a == null) {
            tokenValues.set(new float[0]);
            scaleMax.set(0);
            legend.set("");
            return;
        }
        int f = feature.get();
        float[] v = f >= 0 && f < a.dSae() ? a.activations(f) : a.strongest();
        float max = 0;
        for (float x : v) {
            max = Math.max(max, x);
        }
        scaleMax.set(max);
        tokenValues.set(v);
        String what = f >= 0 && f < a.dSae() ? "feature " + f + labelSuffix(f) : "strongest feature on each token";
        legend.set(String.format(Locale.ROOT, "%s: 0 … %.3g", what, max));
    }

    private String labelSuffix(int f) {
        String l = app.label(f).label();
        return l.isBlank() ? "" : " (" + l + ")";
    }

    private void refreshTokenFeatures() {
        PromptAnalysis a = analysis.get();
        int t = selectedToken.get();
        if (a == null || t < 0 || t >= a.size()) {
            tokenFeatures.clear();
            return;
        }
        List<TokenFeature> out = new ArrayList<>();
        for (int p = a.codes().start(t); p < a.codes().end(t); p++) {
            int f = a.codes().indices()[p];
            float v = a.codes().values()[p];
            if (v > 0) {
                out.add(new TokenFeature(f, v, tokenQuantiles == null ? Double.NaN : tokenQuantiles[p], app.label(f).label()));
            }
        }
        tokenFeatures.setAll(out);
    }

    /** The hover text of token {@code t}: its text, the shown value and the top-5 features there. */
    public String tooltip(int t) {
        PromptAnalysis a = analysis.get();
        if (a == null || t < 0 || t >= a.size()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append('"').append(TokenText.visible(a.pieces()[t])).append("\"  (token ").append(t).append(", id ")
                .append(a.ids()[t]).append(")\n");
        int f = feature.get();
        if (f >= 0) {
            b.append(String.format(Locale.ROOT, "feature %d: %.3f%n", f, a.codes().get(t, f)));
        }
        List<PromptAnalysis.FeatureActivation> top = a.featuresAt(t);
        b.append(top.isEmpty() ? "no feature active" : "top features:");
        for (int i = 0; i < Math.min(TOOLTIP_FEATURES, top.size()); i++) {
            PromptAnalysis.FeatureActivation fa = top.get(i);
            b.append(String.format(Locale.ROOT, "%n  #%d  %.3f%s", fa.feature(), fa.value(), labelSuffix(fa.feature())));
        }
        return b.toString();
    }

    /** Nanoseconds since the last analysis arrived (the view adds its drawing time to report latency). */
    public long analysedAtNanos() {
        return analysedAtNanos;
    }
}
