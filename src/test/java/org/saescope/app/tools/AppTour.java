package org.saescope.app.tools;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.saescope.app.AppConfig;
import org.saescope.app.AppFixtures;
import org.saescope.app.AppWindow;
import org.saescope.app.IndexedDemo;
import org.saescope.app.session.DemoLocator;
import org.saescope.app.prompt.PromptViewModel;
import org.saescope.app.session.IndexOpener;
import org.saescope.app.task.Lane;
import org.saescope.features.FeatureIndexBuilder;
import org.saescope.features.IndexSettings;
import org.saescope.lm.GenerationOptions;
import org.saescope.lm.TokenListener;

/**
 * Not a test: a tour of the real app on a real (Xvfb) display that saves screenshots and prints
 * the responsiveness numbers of the issue. Run under {@code xvfb-run -a java -cp ... AppTour OUTDIR}.
 * Uses the bundled demo when it is present, otherwise the lm test fixtures with a real index built
 * over one prompt ({@link IndexedDemo}).
 *
 * <p>What it prints: prompt → heatmap latency for a ≈64-token prompt (to the draw, and to the next
 * pulse's layout, i.e. on its way to the screen), the median time of each stage
 * ({@link org.saescope.app.prompt.PromptTimings}), CPU per run by thread group; then the gaps
 * between pulses, GC pauses and CPU per second while the model generates and while an index builds
 * in the background. Wall-clock numbers depend on the machine's load (print {@code uptime} with
 * them); the CPU figures much less. Options: {@code -Dtour.measureOnly=true} skips the
 * screenshots, {@code -Dtour.stalls=true} prints the FX and renderer stacks during any 100 ms
 * without a pulse, {@code -Dtour.dirty=true} prints what each pulse will repaint (diagnostics
 * reading JavaFX internals).
 */
public final class AppTour {
    private AppTour() {
    }

    public static void main(String[] args) {
        try {
            tour(args);
        } catch (Throwable t) {
            // the FX thread would keep the JVM alive after main died
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void tour(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        Path tmp = Files.createTempDirectory("saescope-tour");
        boolean demo = DemoLocator.standard().find().isPresent();
        Path root = tmp.resolve("root");
        long buildMs = 0;
        if (!demo) {
            long t0 = System.nanoTime();
            IndexedDemo.build(root);
            buildMs = (System.nanoTime() - t0) / 1_000_000;
        }
        AppConfig cfg = new AppConfig(AppFixtures.dirs(tmp), demo ? DemoLocator.standard() : new DemoLocator(List.of(root)),
                IndexOpener.SQLITE);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        AppWindow[] app = new AppWindow[1];
        onFx(() -> {
            app[0] = AppWindow.open(new Stage(), cfg);
            app[0].stage().setWidth(1200);
            app[0].stage().setHeight(760);
        });
        onFx(() -> { });
        long firstWindowMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        waitFor(() -> app[0].model().workspace().isReady(), 60_000);
        if (!demo) {
            waitFor(() -> app[0].model().workspace().catalog().hasStatistics(), 10_000);
            onFx(() -> {
                app[0].model().saveLabel(new org.saescope.app.catalog.FeatureLabel(11, "animals after 'the'", List.of("noun"), ""));
            });
        }
        var main = app[0].window();

        // prompt → coloured heatmap latency, 21 runs, median; the issue's goal is for a 64-token prompt
        String prompt = demo ? PROMPT_64 : "The cat sat on the mat, and the dog sat on the log. A cat and a dog met on the mat, and the cat";
        long[] lastPulse = {0};
        onFx(() -> main.getScene().addPostLayoutPulseListener(() -> lastPulse[0] = System.nanoTime()));
        if (Boolean.getBoolean("tour.dirty")) {
            onFx(() -> main.getScene().addPostLayoutPulseListener(() -> DirtyNodes.print(main.getScene().getRoot())));
            onFx(() -> main.getScene().addPreLayoutPulseListener(() -> {
                String css = DirtyNodes.cssPending(main.getScene().getRoot());
                if (!css.isEmpty()) {
                    System.out.println("before CSS pass:" + css);
                }
            }));
        }
        if (Integer.getInteger("tour.mouseX") != null) {
            onFx(() -> {
                javafx.scene.robot.Robot robot = new javafx.scene.robot.Robot();
                robot.mouseMove(Integer.getInteger("tour.mouseX"), Integer.getInteger("tour.mouseY"));
                System.out.println("mouse at " + robot.getMousePosition() + ", window at " + app[0].stage().getX() + "," + app[0].stage().getY());
            });
        }
        if (Boolean.getBoolean("tour.pseudo")) {
            String[] phase = {"between pulses"};
            onFx(() -> {
                main.getScene().addPreLayoutPulseListener(() -> phase[0] = "css/layout");
                main.getScene().addPostLayoutPulseListener(() -> {
                    phase[0] = "after layout";
                    Platform.runLater(() -> {
                        phase[0] = "between pulses";
                        String bits = DirtyNodes.sceneBits(main.getScene());
                        if (!bits.isEmpty()) {
                            System.out.println("right after the pulse:" + bits);
                        }
                    });
                });
            });
            Thread.sleep(500);
            onFx(() -> {
                for (javafx.scene.Node n : main.lookupAll("*")) {
                    watchPseudo(n, phase);
                }
            });
        }
        if (Boolean.getBoolean("tour.overflow")) {
            onFx(() -> main.getScene().addPostLayoutPulseListener(() -> Overflow.print(main.getScene().getRoot())));
        }
        List<Double> lat = new ArrayList<>();
        List<Double> shown = new ArrayList<>();
        List<org.saescope.app.prompt.PromptTimings> stages = new ArrayList<>();
        // start from an idle app (the demo's catalog may still be loading), with one warm-up run
        waitFor(() -> app[0].model().runner() != null && main.promptViewModel().analysisProperty().get() != null, 60_000);
        Thread.sleep(1000);
        int warmup = Integer.getInteger("tour.warmup", 0);
        if (warmup > 0) {
            // as in a session that has already run some prompts and one generation: the JIT has
            // compiled the hot paths (unmeasured; the default, 0, measures from a cold start)
            for (int i = 0; i < warmup; i++) {
                String text = i % 2 == 0 ? prompt : prompt + " ";
                Object before = main.promptViewModel().analysisProperty().get();
                onFx(() -> {
                    main.promptViewModel().autoRunProperty().set(false);
                    main.promptViewModel().textProperty().set(text);
                    main.promptViewModel().run();
                });
                waitFor(() -> main.promptViewModel().analysisProperty().get() != before, 10_000);
            }
            pulseGaps(app[0], "Warming up", ctx -> {
                var lm = app[0].model().workspace().model().lm();
                long end = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < end) {
                    lm.generate(lm.tokenizer().encode("The cat"), GenerationOptions.greedy(32), List.of(), (i, t) -> ctx.progress(-1, "token " + i));
                }
                return 0;
            });
            Thread.sleep(1000);
        }
        CpuMeter promptCpu = new CpuMeter();
        String[] previous = {null};
        for (int i = 0; i < 21; i++) {
            String text = i % 2 == 0 ? prompt : prompt + " ";
            long[] t0 = new long[1];
            Object before = main.promptViewModel().analysisProperty().get();
            // as when typing: the text shows first, the run starts after the typing pause
            onFx(() -> {
                main.promptViewModel().autoRunProperty().set(false);
                main.promptViewModel().textProperty().set(text);
            });
            long typed = System.nanoTime();
            if (i > 0 && !text.equals(previous[0])) {
                waitFor(() -> lastPulse[0] > typed, 10_000);
            }
            previous[0] = text;
            Thread.sleep(PromptViewModel.DEBOUNCE_MS);
            onFx(() -> {
                t0[0] = System.nanoTime();
                main.promptViewModel().run();
            });
            // this run's analysis is in and drawn (a relayout may draw in between, hence not just "a new draw")
            waitFor(() -> main.promptViewModel().analysisProperty().get() != before
                    && main.promptView().heatmap().lastDrawNanos() > t0[0], 10_000);
            long drawn = main.promptView().heatmap().lastDrawNanos();
            // the heatmap is on screen once a pulse after the draw has laid out the scene for rendering
            waitFor(() -> lastPulse[0] > drawn, 10_000);
            lat.add((drawn - t0[0]) / 1e6);
            shown.add((lastPulse[0] - t0[0]) / 1e6);
            stages.add(main.promptViewModel().lastTimings());
        }
        String promptCpuText = promptCpu.perUnit(21, "run");
        int tokens = main.promptViewModel().analysisProperty().get().size();
        // On the demo, show the prompt's strongest feature; on the fixture, the one labelled above.
        int showcase = demo ? strongestFeature(main.promptViewModel().analysisProperty().get().codes()) : 11;
        onFx(() -> {
            main.promptViewModel().featureProperty().set(showcase);
            main.promptViewModel().selectedTokenProperty().set(4);
        });
        boolean shots = !Boolean.getBoolean("tour.measureOnly");
        if (shots) {
            Thread.sleep(300);
            snap(app[0], out.resolve("prompt.png"));
        }

        // pulse gaps while the model generates in the background, then while an index builds
        PulseGaps generation = pulseGaps(app[0], "Generating (measurement)", ctx -> {
            var lm = app[0].model().workspace().model().lm();
            int[] ids = lm.tokenizer().encode("The cat");
            long end = System.nanoTime() + 4_000_000_000L;
            int n = 0;
            while (System.nanoTime() < end) {
                int max = Math.min(lm.config().contextLength() - ids.length, 64);
                lm.generate(ids, GenerationOptions.greedy(max), List.of(), (i, t) -> ctx.progress(-1, "token " + i));
                n++;
            }
            return n;
        });
        Path corpus = demo ? DemoLocator.standard().find().get().model().getParent().getParent().getParent()
                .resolve("assets/corpus/brown-heldout.jsonl") : root.resolve("corpus.jsonl");
        PulseGaps indexing = pulseGaps(app[0], "Indexing (measurement)", ctx -> {
            var w = app[0].model().workspace();
            long end = System.nanoTime() + 4_000_000_000L;
            Path file = tmp.resolve("tour-index.sqlite");
            try {
                FeatureIndexBuilder.build(new FeatureIndexBuilder.Sources(w.model().lm(), "tour", w.sae().sae(), "tour", corpus),
                        file, IndexSettings.DEFAULT, () -> System.nanoTime() > end, new FeatureIndexBuilder.Listener() {
                            @Override
                            public void progress(long docs, long total, long tokensDone, double tps, double eta) {
                                ctx.progress((double) docs / total, tokensDone + " tokens");
                            }
                        });
            } catch (java.util.concurrent.CancellationException stopped) {
                // the 4 s are up: the build stops where it is, as a cancelled one does in the app
            }
            return 0;
        });
        // pulses while the Steering tab streams two 64-token continuations into its text areas
        onFx(() -> {
            main.tabs().getSelectionModel().select(3);
            main.steeringViewModel().promptProperty().set("The cat sat on the mat, and the dog");
            main.steeringViewModel().entries().clear();
            main.steeringViewModel().addFeature(showcase, 6.0);
            main.steeringViewModel().temperatureProperty().set(0);
            main.steeringViewModel().maxTokensProperty().set(64);
        });
        Thread.sleep(300);
        PulseGaps steering = measurePulses("Steering (measurement)", () -> {
            onFx(() -> main.steeringViewModel().generate());
            waitFor(() -> !main.steeringViewModel().runningProperty().get(), 30_000);
        });
        onFx(() -> main.tabs().getSelectionModel().select(0));
        if (shots) {
            onFx(() -> {
                main.tabs().getSelectionModel().select(1);
                app[0].model().openFeature(showcase);
            });
            Thread.sleep(800);
            snap(app[0], out.resolve("features.png"));
            onFx(() -> {
                main.tabs().getSelectionModel().select(2);
                main.triageViewModel().startUnlabelled();
            });
            Thread.sleep(500);
            snap(app[0], out.resolve("triage.png"));
            onFx(() -> {
                main.tabs().getSelectionModel().select(3);
                main.steeringViewModel().maxTokensProperty().set(24);
                main.steeringViewModel().generate();
            });
            waitFor(() -> !main.steeringViewModel().runningProperty().get(), 20_000);
            Thread.sleep(300);
            snap(app[0], out.resolve("steering.png"));
            onFx(() -> main.tabs().getSelectionModel().select(4));
            Thread.sleep(500);
            snap(app[0], out.resolve("lab-tab.png"));
            onFx(() -> {
                app[0].model().darkProperty().set(true);
                main.tabs().getSelectionModel().select(0);
            });
            Thread.sleep(500);
            snap(app[0], out.resolve("prompt-dark.png"));
        }
        System.out.println(String.format(Locale.ROOT, "source: %s", demo ? "bundled demo" : "lm fixtures (gpt2-tiny, context 32)"));
        System.out.println(String.format(Locale.ROOT, "first window: %d ms after JVM start%s", firstWindowMs - buildMs,
                demo ? "" : " (not counting the " + buildMs + " ms the tour spent building the fixture index first)"));
        System.out.println(String.format(Locale.ROOT, "prompt -> coloured heatmap (%d tokens), 21 runs: drawn: median %.1f ms, min %.1f, max %.1f;"
                + " on screen (next pulse laid out): median %.1f ms, min %.1f, max %.1f", tokens, median(lat), min(lat), max(lat),
                median(shown), min(shown), max(shown)));
        System.out.println("  median stages: " + medianStages(stages));
        System.out.println("  first run (cold caches): " + stages.get(0));
        System.out.println("  CPU per run: " + promptCpuText);
        System.out.println("pulses during 4 s of generation: " + generation);
        System.out.println("pulses during 4 s of an index build: " + indexing);
        System.out.println("pulses while the Steering tab streams 2 x 64 tokens: " + steering);
        System.out.println("warm-up before measuring: " + (warmup == 0 ? "none (cold start)" : warmup + " prompt runs and 2 s of generation"));
        System.out.println("JVM: " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") || a.startsWith("-Dai.djl.pytorch")).toList()
                + ", GC " + ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList()
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, intra-op threads "
                + System.getProperty("ai.djl.pytorch.num_threads"));
        onFx(() -> app[0].stage().close());
        Platform.exit();
        AppFixtures.deleteTree(tmp);
        System.exit(0);
    }

    private static final java.util.Set<javafx.scene.Node> WATCHED = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** With {@code -Dtour.pseudo=true}: who changes a node's pseudo-classes outside the CSS and layout passes. */
    private static void watchPseudo(javafx.scene.Node n, String[] phase) {
        if (!WATCHED.add(n)) {
            return;
        }
        n.getPseudoClassStates().addListener((javafx.collections.SetChangeListener<javafx.css.PseudoClass>) c -> {
            if (phase[0].equals("css/layout")) {
                System.out.println("pseudo-class " + (c.wasAdded() ? "+" + c.getElementAdded() : "-" + c.getElementRemoved()) + " on "
                        + n.getClass().getSimpleName() + n.getStyleClass() + " during css/layout");
                return;
            }
            StringBuilder b = new StringBuilder("pseudo-class " + (c.wasAdded() ? "+" + c.getElementAdded() : "-" + c.getElementRemoved()) + " on "
                    + n.getClass().getSimpleName() + n.getStyleClass() + " " + phase[0] + ":\n");
            StackTraceElement[] st = Thread.currentThread().getStackTrace();
            for (int i = Math.max(2, st.length - Integer.getInteger("tour.pseudoFrames", 28)); i < st.length; i++) {
                b.append("    at ").append(st[i]).append('\n');
            }
            System.out.print(b);
        });
    }

    /** A ≈64-token prompt in the demo corpus's register (the tour prints the exact count). */
    static final String PROMPT_64 = "The jury said it did find that many of the city's voters had not been told of the election."
            + " The mayor said on Friday that the new law would be read to the people of the county before the end of"
            + " the year, and the cat sat on the mat while the dog slept by the door.";

    /** Gaps between JavaFX pulses (AnimationTimer ticks) and GC pauses while {@code work} runs on the model lane. */
    record PulseGaps(int pulses, double maxMs, double p99Ms, double medianMs, long gcs, double gcMaxMs, double gcTotalMs, String cpu) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d, largest gap %.1f ms, p99 %.1f ms, median %.1f ms; GC pauses: %d, longest %.1f ms,"
                    + " total %.1f ms; CPU per second: %s", pulses, maxMs, p99Ms, medianMs, gcs, gcMaxMs, gcTotalMs, cpu);
        }
    }

    static PulseGaps pulseGaps(AppWindow app, String title, org.saescope.app.task.Job<Integer> work) throws Exception {
        return measurePulses(title, () -> {
            CountDownLatch done = new CountDownLatch(1);
            Throwable[] failed = new Throwable[1];
            onFx(() -> app.model().runner().submit(Lane.MODEL, title, work, n -> done.countDown(), e -> {
                failed[0] = e;
                done.countDown();
            }));
            done.await(60, TimeUnit.SECONDS);
            if (failed[0] != null) {
                throw new IllegalStateException(title + " failed", failed[0]);
            }
        });
    }

    /** Something the tour measures pulses during; returns when the work is done. */
    interface Measured {
        void run() throws Exception;
    }

    static PulseGaps measurePulses(String title, Measured body) throws Exception {
        List<Long> gaps = new ArrayList<>();
        long[] last = {0};
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (last[0] != 0) {
                    gaps.add(now - last[0]);
                }
                last[0] = now;
            }
        };
        GcPauses gc = new GcPauses();
        CpuMeter cpu = new CpuMeter();
        long began = System.nanoTime();
        onFx(timer::start);
        Thread watcher = Boolean.getBoolean("tour.stalls") ? StallWatcher.start(title, last) : null;
        try {
            body.run();
        } finally {
            onFx(timer::stop);
            gc.close();
            if (watcher != null) {
                watcher.interrupt();
            }
        }
        String cpuText = cpu.perUnit((System.nanoTime() - began) / 1e9, "s");
        double[] sorted = gaps.stream().mapToDouble(g -> g / 1e6).sorted().toArray();
        if (sorted.length == 0) {
            return new PulseGaps(0, 0, 0, 0, gc.count, gc.maxMs, gc.totalMs, cpuText);
        }
        return new PulseGaps(sorted.length, sorted[sorted.length - 1], sorted[(int) (sorted.length * 0.99)], sorted[sorted.length / 2],
                gc.count, gc.maxMs, gc.totalMs, cpuText);
    }

    /**
     * With {@code -Dtour.stalls=true}: when no pulse has come for 100 ms, prints what the FX and
     * renderer threads are doing (once per stall), to find what a long gap waits on.
     */
    static final class StallWatcher {
        static Thread start(String title, long[] lastPulse) {
            Thread t = new Thread(() -> {
                long reported = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    long last = lastPulse[0];
                    if (last != 0 && last != reported && System.nanoTime() - last > 100_000_000L) {
                        reported = last;
                        StringBuilder b = new StringBuilder("stall during " + title + ":\n");
                        Thread.getAllStackTraces().forEach((th, st) -> {
                            if (th.getName().startsWith("JavaFX Application") || th.getName().startsWith("QuantumRenderer")) {
                                b.append("  ").append(th.getName()).append(' ').append(th.getState()).append('\n');
                                for (int i = 0; i < Math.min(14, st.length); i++) {
                                    b.append("    at ").append(st[i]).append('\n');
                                }
                            }
                        });
                        System.out.print(b);
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "tour-stall-watcher");
            t.setDaemon(true);
            t.start();
            return t;
        }
    }

    /**
     * CPU time used since construction, per group of threads (FX thread, renderer, model lane, SAE
     * kernel pool, GC, JIT, the rest) and for the whole process: unlike wall-clock latency it
     * hardly depends on what else the machine runs, so it shows whether a change cut work or just
     * met a quieter moment. Reads /proc/self/task (Linux), which also sees the JVM's GC and JIT
     * threads and libtorch's own; clock-tick resolution (10 ms), fine summed over many runs.
     */
    static final class CpuMeter {
        private static final String[][] GROUPS = {{"FX", "JavaFX Applicat"}, {"render", "QuantumRenderer"},
            {"model lane", "saescope-model"}, {"SAE kernel", "saescope-kernel"}, {"GC", "GC Thread", "G1 "},
            {"JIT", "C1 CompilerThre", "C2 CompilerThre"}};
        private final long[] start = ticks();

        /** Clock ticks per group; the last slot is every other thread. */
        private static long[] ticks() {
            long[] out = new long[GROUPS.length + 1];
            java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
            if (tasks == null) {
                return out;
            }
            for (java.io.File task : tasks) {
                try {
                    String stat = Files.readString(task.toPath().resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
                    out[group(name)] += t;
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
            return out;
        }

        private static int group(String name) {
            for (int g = 0; g < GROUPS.length; g++) {
                for (int k = 1; k < GROUPS[g].length; k++) {
                    if (name.startsWith(GROUPS[g][k])) {
                        return g;
                    }
                }
            }
            return GROUPS.length;
        }

        /** "FX 3.1 ms, render 2.0 ms, …, process 40 ms" per {@code unit}, over {@code units} of them. */
        String perUnit(double units, String unit) {
            long[] now = ticks();
            double msPerTick = 10; // USER_HZ is 100 on Linux
            StringBuilder b = new StringBuilder();
            long total = 0;
            for (int g = 0; g <= GROUPS.length; g++) {
                long d = now[g] - start[g];
                total += d;
                b.append(String.format(Locale.ROOT, "%s %.0f ms, ", g < GROUPS.length ? GROUPS[g][0] : "other", d * msPerTick / units));
            }
            return b.append(String.format(Locale.ROOT, "process %.0f ms (per %s)", total * msPerTick / units, unit)).toString();
        }
    }

    /**
     * With {@code -Dtour.dirty=true}: after each pulse's layout, the largest nodes that will be
     * repainted (JavaFX-internal dirty bits), to find what turns a small change into a big repaint.
     */
    static final class DirtyNodes {
        private static java.util.Set<javafx.scene.Node> before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        static void print(javafx.scene.Parent root) {
            List<javafx.scene.Node> all = new ArrayList<>();
            collect(root, all);
            // only what became dirty since the last pulse: invisible nodes stay dirty for good
            List<javafx.scene.Node> dirty = new ArrayList<>();
            for (javafx.scene.Node n : all) {
                if (!before.contains(n) || Boolean.getBoolean("tour.dirtyAll") && treeVisible(n)) {
                    dirty.add(n);
                }
            }
            before.clear();
            before.addAll(all);
            String sceneBits = sceneBits(root.getScene());
            if (dirty.isEmpty() && sceneBits.isEmpty()) {
                return;
            }
            dirty.sort(java.util.Comparator.comparingDouble((javafx.scene.Node n) -> -area(n)));
            StringBuilder b = new StringBuilder("dirty:" + sceneBits + cssPending(root));
            for (int i = 0; i < Math.min(Integer.getInteger("tour.dirtyMax", 6), dirty.size()); i++) {
                javafx.scene.Node n = dirty.get(i);
                javafx.geometry.Bounds sb = n.localToScene(n.getBoundsInLocal());
                b.append(String.format(Locale.ROOT, " %s#%s[%.0fx%.0f]%s", n.getClass().getSimpleName(), n.getId(), sb.getWidth(), sb.getHeight(),
                        bits(n)));
            }
            System.out.println(b.append(" (").append(dirty.size()).append(" nodes)"));
        }

        /**
         * Nodes whose CSS was invalidated after this pulse's CSS pass (during layout): each such
         * invalidation marks the root dirty, and a pulse whose only dirty node is the root repaints
         * the whole window (no dirty region to clip to).
         */
        static String cssPending(javafx.scene.Parent root) {
            List<String> out = new ArrayList<>();
            cssPending(root, out);
            return out.isEmpty() ? "" : " css pending:" + out;
        }

        private static void cssPending(javafx.scene.Node n, List<String> out) {
            try {
                java.lang.reflect.Field f = javafx.scene.Node.class.getDeclaredField("cssFlag");
                f.setAccessible(true);
                String flag = String.valueOf(f.get(n));
                boolean branchEnd = "DIRTY_BRANCH".equals(flag) && n instanceof javafx.scene.Parent p
                        && p.getChildrenUnmodifiable().stream().noneMatch(c -> {
                            try {
                                return !"CLEAN".equals(String.valueOf(f.get(c)));
                            } catch (IllegalAccessException e) {
                                return false;
                            }
                        });
                if ((branchEnd || !"CLEAN".equals(flag) && !"DIRTY_BRANCH".equals(flag)) && out.size() < 20) {
                    out.add(n.getClass().getSimpleName() + n.getStyleClass() + "#" + n.getId() + "=" + flag + n.getPseudoClassStates());
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                out.add("?" + e);
                return;
            }
            if (n instanceof javafx.scene.Parent p) {
                for (javafx.scene.Node c : p.getChildrenUnmodifiable()) {
                    cssPending(c, out);
                }
            }
        }

        private static boolean treeVisible(javafx.scene.Node n) {
            for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
                if (!p.isVisible()) {
                    return false;
                }
            }
            return true;
        }

        /** The scene's own dirty bits (fill, cursor, camera …), which repaint without a dirty node. */
        static String sceneBits(javafx.scene.Scene scene) {
            try {
                java.lang.reflect.Field f = javafx.scene.Scene.class.getDeclaredField("dirtyBits");
                f.setAccessible(true);
                Object bits = f.get(scene);
                java.lang.reflect.Field nf = javafx.scene.Scene.class.getDeclaredField("dirtyNodes");
                nf.setAccessible(true);
                java.lang.reflect.Field sf = javafx.scene.Scene.class.getDeclaredField("dirtyNodesSize");
                sf.setAccessible(true);
                javafx.scene.Node[] nodes = (javafx.scene.Node[]) nf.get(scene);
                int size = (int) sf.get(scene);
                StringBuilder b = new StringBuilder();
                if (bits instanceof java.util.Set<?> set && !set.isEmpty()) {
                    b.append(" scene dirty ").append(set);
                }
                if (size > 0 && nodes != null) {
                    b.append(" scene.dirtyNodes ").append(size).append(':');
                    for (int i = 0; i < Math.min(size, 12); i++) {
                        javafx.scene.Node n = nodes[i];
                        b.append(' ').append(n.getClass().getSimpleName()).append(n.getScene() == null ? "(gone)" : "")
                                .append(treeVisible(n) ? "" : "(hidden)").append(bits(n));
                    }
                }
                return b.toString();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return " [scene ?" + e + "]";
            }
        }

        private static String bits(javafx.scene.Node n) {
            try {
                java.lang.reflect.Field f = javafx.scene.Node.class.getDeclaredField("dirtyBits");
                f.setAccessible(true);
                return String.valueOf(f.get(n));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return "[?" + e + "]";
            }
        }

        private static double area(javafx.scene.Node n) {
            javafx.geometry.Bounds b = n.getBoundsInParent();
            return b.getWidth() * b.getHeight();
        }

        private static void collect(javafx.scene.Node n, List<javafx.scene.Node> out) {
            if (!com.sun.javafx.scene.NodeHelper.isDirtyEmpty(n)) {
                out.add(n);
            }
            if (n instanceof javafx.scene.Parent p) {
                for (javafx.scene.Node c : p.getChildrenUnmodifiable()) {
                    collect(c, out);
                }
            }
        }
    }

    /**
     * With {@code -Dtour.overflow=true}: whenever the root's bounds change, the nodes whose painted
     * bounds reach outside the root's layout box. The root has a background, so a change of its
     * (overflowing) bounds marks the whole window for repaint.
     */
    static final class Overflow {
        private static javafx.geometry.Bounds last;

        static void print(javafx.scene.Parent root) {
            javafx.geometry.Bounds b = root.getBoundsInLocal();
            if (b.equals(last)) {
                return;
            }
            last = b;
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "root bounds %.1f,%.1f %.1fx%.1f; outside:", b.getMinX(), b.getMinY(),
                    b.getWidth(), b.getHeight()));
            collect(root, root.getLayoutBounds(), out, 0);
            System.out.println(out);
        }

        private static void collect(javafx.scene.Node n, javafx.geometry.Bounds box, StringBuilder out, int depth) {
            if (!n.isVisible()) {
                return;
            }
            javafx.geometry.Bounds s = n.localToScene(n.getBoundsInLocal());
            boolean outside = s.getMinX() < box.getMinX() - 0.5 || s.getMinY() < box.getMinY() - 0.5 || s.getMaxX() > box.getMaxX() + 0.5
                    || s.getMaxY() > box.getMaxY() + 0.5;
            if (!outside) {
                return;
            }
            out.append(String.format(Locale.ROOT, "%n  %s%s#%s %s[%.1f,%.1f..%.1f,%.1f]", "  ".repeat(depth), n.getClass().getSimpleName(), n.getId(),
                    n.getStyleClass(), s.getMinX(), s.getMinY(), s.getMaxX(), s.getMaxY()));
            if (n instanceof javafx.scene.Parent p && n.getClip() == null) {
                for (javafx.scene.Node c : p.getChildrenUnmodifiable()) {
                    collect(c, box, out, depth + 1);
                }
            }
        }
    }

    /** Counts the JVM's GC pauses (duration per collection, from the GC's notifications) until closed. */
    static final class GcPauses implements javax.management.NotificationListener, AutoCloseable {
        volatile long count;
        volatile double maxMs;
        volatile double totalMs;
        private final List<javax.management.NotificationEmitter> emitters = new ArrayList<>();

        GcPauses() {
            for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (bean instanceof javax.management.NotificationEmitter e) {
                    e.addNotificationListener(this, null, null);
                    emitters.add(e);
                }
            }
        }

        @Override
        public synchronized void handleNotification(javax.management.Notification n, Object handback) {
            if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            var info = com.sun.management.GarbageCollectionNotificationInfo.from((javax.management.openmbean.CompositeData) n.getUserData());
            if (info.getGcName().contains("Cycles") || info.getGcName().contains("Concurrent")) {
                return; // concurrent work, not a pause
            }
            long ms = info.getGcInfo().getDuration();
            count++;
            maxMs = Math.max(maxMs, ms);
            totalMs += ms;
        }

        @Override
        public void close() {
            for (var e : emitters) {
                try {
                    e.removeNotificationListener(this);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // never added
                }
            }
        }
    }

    static double median(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).sorted().toArray()[xs.size() / 2];
    }

    static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Each stage's own median over the runs. */
    static org.saescope.app.prompt.PromptTimings medianStages(List<org.saescope.app.prompt.PromptTimings> ts) {
        java.util.function.ToLongFunction<java.util.function.ToLongFunction<org.saescope.app.prompt.PromptTimings>> med =
                f -> ts.stream().mapToLong(f).sorted().toArray()[ts.size() / 2];
        return new org.saescope.app.prompt.PromptTimings(med.applyAsLong(org.saescope.app.prompt.PromptTimings::queued),
                med.applyAsLong(org.saescope.app.prompt.PromptTimings::tokenize), med.applyAsLong(org.saescope.app.prompt.PromptTimings::forward),
                med.applyAsLong(org.saescope.app.prompt.PromptTimings::encode), med.applyAsLong(org.saescope.app.prompt.PromptTimings::rank),
                med.applyAsLong(org.saescope.app.prompt.PromptTimings::handOff), med.applyAsLong(org.saescope.app.prompt.PromptTimings::apply));
    }

    private static void snap(AppWindow app, Path file) throws Exception {
        onFx(() -> {
            WritableImage img = app.stage().getScene().snapshot(null);
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static void onFx(Runnable r) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        Throwable[] err = new Throwable[1];
        Platform.runLater(() -> {
            try {
                r.run();
            } catch (Throwable t) {
                err[0] = t;
            } finally {
                l.countDown();
            }
        });
        l.await();
        if (err[0] != null) {
            throw new IllegalStateException(err[0]);
        }
    }

    static void waitFor(BooleanSupplier cond, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            boolean[] ok = new boolean[1];
            onFx(() -> ok[0] = cond.getAsBoolean());
            if (ok[0]) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("timed out waiting");
    }


    /** The feature with the largest activation anywhere in the codes. */
    private static int strongestFeature(org.saescope.sae.SparseCodes codes) {
        int best = 0;
        float max = -1f;
        for (int p = 0; p < codes.nnz(); p++) {
            if (codes.values()[p] > max) {
                max = codes.values()[p];
                best = codes.indices()[p];
            }
        }
        return best;
    }
}
