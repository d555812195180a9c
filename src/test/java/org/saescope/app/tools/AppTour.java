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

    public static void main(String[] args) throws Exception {
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

        // prompt → coloured heatmap latency, 21 runs, median
        String prompt = "The cat sat on the mat, and the dog sat on the log. A cat and a dog met on the mat, and the cat";
        List<Double> lat = new ArrayList<>();
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
            lat.add((main.promptView().heatmap().lastDrawNanos() - t0[0]) / 1e6);
        }
        int tokens = main.promptViewModel().analysisProperty().get().size();
        // On the demo, show the prompt's strongest feature; on the fixture, the one labelled above.
        int showcase = demo ? strongestFeature(main.promptViewModel().analysisProperty().get().codes()) : 11;
        onFx(() -> {
            main.promptViewModel().featureProperty().set(showcase);
            main.promptViewModel().selectedTokenProperty().set(4);
        });
        Thread.sleep(300);
        snap(app[0], out.resolve("prompt.png"));

        // pulse gaps while the model generates in the background
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
        onFx(timer::start);
        CountDownLatch genDone = new CountDownLatch(1);
        onFx(() -> app[0].model().runner().submit(Lane.MODEL, "Generating (measurement)", ctx -> {
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
        }, n -> genDone.countDown(), e -> genDone.countDown()));
        genDone.await(30, TimeUnit.SECONDS);
        onFx(timer::stop);
        long maxGap = gaps.stream().mapToLong(Long::longValue).max().orElse(0);
        double[] sorted = gaps.stream().mapToDouble(g -> g / 1e6).sorted().toArray();

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

        System.out.println(String.format(Locale.ROOT, "source: %s", demo ? "bundled demo" : "lm fixtures (gpt2-tiny, context 32)"));
        System.out.println(String.format(Locale.ROOT, "first window: %d ms after JVM start%s", firstWindowMs - buildMs,
                demo ? "" : " (not counting the " + buildMs + " ms the tour spent building the fixture index first)"));
        double[] l = lat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.println(String.format(Locale.ROOT, "prompt -> coloured heatmap (%d tokens): median %.1f ms, min %.1f, max %.1f",
                tokens, l[l.length / 2], l[0], l[l.length - 1]));
        System.out.println(String.format(Locale.ROOT, "pulses during 4 s of generation: %d, largest gap %.1f ms, p99 %.1f ms, median %.1f ms",
                gaps.size(), maxGap / 1e6, sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.99)],
                sorted.length == 0 ? 0 : sorted[sorted.length / 2]));
        onFx(() -> app[0].stage().close());
        Platform.exit();
        AppFixtures.deleteTree(tmp);
        System.exit(0);
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
