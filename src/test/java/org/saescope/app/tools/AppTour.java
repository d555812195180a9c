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

        // prompt → coloured heatmap latency, 21 runs, median; the goal is for a 64-token prompt
        String prompt = demo ? PROMPT_64 : "The cat sat on the mat, and the dog sat on the log. A cat and a dog met on the mat, and the cat";
        long[] lastPulse = {0};
        onFx(() -> main.getScene().addPostLayoutPulseListener(() -> lastPulse[0] = System.nanoTime()));
        List<Double> lat = new ArrayList<>();
        List<Double> shown = new ArrayList<>();
        List<org.saescope.app.prompt.PromptTimings> stages = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            String text = i % 2 == 0 ? prompt : prompt + " ";
            long[] t0 = new long[1];
            long before = main.promptView().heatmap().lastDrawNanos();
            onFx(() -> {
                main.promptViewModel().autoRunProperty().set(false);
                main.promptViewModel().textProperty().set(text);
                t0[0] = System.nanoTime();
                main.promptViewModel().run();
            });
            waitFor(() -> main.promptView().heatmap().lastDrawNanos() != before, 10_000);
            long drawn = main.promptView().heatmap().lastDrawNanos();
            // the heatmap is on screen once a pulse after the draw has laid out the scene for rendering
            waitFor(() -> lastPulse[0] > drawn, 10_000);
            lat.add((drawn - t0[0]) / 1e6);
            shown.add((lastPulse[0] - t0[0]) / 1e6);
            stages.add(main.promptViewModel().lastTimings());
        }
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
                main.steeringViewModel().promptProperty().set("The cat sat on the mat, and the dog");
                main.steeringViewModel().addFeature(showcase, 6.0);
                main.steeringViewModel().temperatureProperty().set(0);
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
        System.out.println("pulses during 4 s of generation: " + generation);
        System.out.println("pulses during 4 s of an index build: " + indexing);
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

    /** A ≈64-token prompt in the demo corpus's register (the tour prints the exact count). */
    static final String PROMPT_64 = "The jury said it did find that many of the city's voters had not been told of the election."
            + " The mayor said on Friday that the new law would be read to the people of the county before the end of"
            + " the year, and the cat sat on the mat while the dog slept by the door.";

    /** Gaps between JavaFX pulses (AnimationTimer ticks) and GC pauses while {@code work} runs on the model lane. */
    record PulseGaps(int pulses, double maxMs, double p99Ms, double medianMs, long gcs, double gcMaxMs, double gcTotalMs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d, largest gap %.1f ms, p99 %.1f ms, median %.1f ms; GC pauses: %d, longest %.1f ms,"
                    + " total %.1f ms", pulses, maxMs, p99Ms, medianMs, gcs, gcMaxMs, gcTotalMs);
        }
    }

    static PulseGaps pulseGaps(AppWindow app, String title, org.saescope.app.task.Job<Integer> work) throws InterruptedException {
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
        onFx(timer::start);
        Thread watcher = Boolean.getBoolean("tour.stalls") ? StallWatcher.start(title, last) : null;
        CountDownLatch done = new CountDownLatch(1);
        Throwable[] failed = new Throwable[1];
        onFx(() -> app.model().runner().submit(Lane.MODEL, title, work, n -> done.countDown(), e -> {
            failed[0] = e;
            done.countDown();
        }));
        done.await(60, TimeUnit.SECONDS);
        onFx(timer::stop);
        gc.close();
        if (watcher != null) {
            watcher.interrupt();
        }
        if (failed[0] != null) {
            throw new IllegalStateException(title + " failed", failed[0]);
        }
        double[] sorted = gaps.stream().mapToDouble(g -> g / 1e6).sorted().toArray();
        if (sorted.length == 0) {
            return new PulseGaps(0, 0, 0, 0, gc.count, gc.maxMs, gc.totalMs);
        }
        return new PulseGaps(sorted.length, sorted[sorted.length - 1], sorted[(int) (sorted.length * 0.99)], sorted[sorted.length / 2],
                gc.count, gc.maxMs, gc.totalMs);
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
