package org.saescope.lab;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Trains a {@link ToySae} on the hidden activations h = W x of one trained toy model, where x is
 * drawn fresh each step from the toy distribution (1 − S = {@code featureProbability}). The
 * columns of W are the ground truth the dictionary should find; MMCS tracks how well it does.
 *
 * <p>Dead latents (no firing for {@code deadAfterSteps} steps) can be resampled as Anthropic's
 * "Towards Monosemanticity" describes: pick inputs with probability ∝ their squared reconstruction
 * error, point the dead atom at that input (minus b_dec), give its encoder row the same direction
 * at 0.2 × the mean alive encoder norm, zero its bias and its Adam moments.
 */
public final class ToySaeTrainer {
    private ToySaeTrainer() {
    }

    public static ToySaeResult train(double[] w, int n, int m, double featureProbability, ToySaeSpec spec,
                                     ToySaeListener listener, BooleanSupplier cancelled) {
        if (w.length != n * m) {
            throw new IllegalArgumentException("W must have m*n = " + n * m + " entries, got " + w.length);
        }
        if (!(featureProbability > 0 && featureProbability <= 1)) {
            throw new IllegalArgumentException("feature probability must be in (0, 1], got " + featureProbability);
        }
        SplittableRandom rng = new SplittableRandom(spec.seed());
        SplittableRandom dataRng = rng.split();
        ToySae sae = ToySae.init(m, spec.dSae(), rng.split());
        ToySae.Grads grads = new ToySae.Grads(m, spec.dSae());
        Adam adam = new Adam(spec.learningRate(), sae.wEnc.length, sae.bEnc.length, sae.wDec.length, sae.bDec.length);
        int batch = spec.batchSize();
        double[] x = new double[batch * n];
        double[] h = new double[batch * m];
        boolean[] fired = new boolean[spec.dSae()];
        int[] sinceFired = new int[spec.dSae()];
        int resampled = 0;
        double lossSum = 0;
        int lossCount = 0;
        int step = 0;
        boolean wasCancelled = false;
        while (step < spec.steps()) {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                wasCancelled = true;
                break;
            }
            ToyData.sample(dataRng, featureProbability, x, batch, n);
            hidden(w, n, m, x, batch, h);
            java.util.Arrays.fill(fired, false);
            lossSum += sae.lossAndGradients(h, batch, spec.arch(), spec.k(), spec.l1Coefficient(), grads, fired);
            lossCount++;
            adam.step(sae.params(), grads.all());
            sae.normalizeDecoder();
            step++;
            for (int j = 0; j < fired.length; j++) {
                sinceFired[j] = fired[j] ? 0 : sinceFired[j] + 1;
            }
            if (spec.resampleDead() && step % spec.deadAfterSteps() == 0 && step <= spec.steps() * 3 / 4) {
                resampled += resample(sae, adam, h, batch, sinceFired, spec, rng);
            }
            if (step % spec.reportEvery() == 0 || step == spec.steps()) {
                listener.onProgress(new ToySaeProgress(step, spec.steps(), lossSum / lossCount,
                        FeatureGeometry.meanMaxCosine(w, n, m, sae.wDec, sae.d), dead(sinceFired, spec),
                        resampled, sae.decoder()));
                lossSum = 0;
                lossCount = 0;
            }
        }
        return new ToySaeResult(spec, sae.decoder(), FeatureGeometry.meanMaxCosine(w, n, m, sae.wDec, sae.d),
                dead(sinceFired, spec), resampled, wasCancelled);
    }

    /** h = W x for every row of the batch. */
    static void hidden(double[] w, int n, int m, double[] x, int batch, double[] h) {
        for (int s = 0; s < batch; s++) {
            for (int k = 0; k < m; k++) {
                double v = 0;
                for (int j = 0; j < n; j++) {
                    v += w[k * n + j] * x[s * n + j];
                }
                h[s * m + k] = v;
            }
        }
    }

    private static int dead(int[] sinceFired, ToySaeSpec spec) {
        int c = 0;
        for (int v : sinceFired) {
            if (v >= spec.deadAfterSteps()) {
                c++;
            }
        }
        return c;
    }

    private static int resample(ToySae sae, Adam adam, double[] h, int batch, int[] sinceFired, ToySaeSpec spec,
                                SplittableRandom rng) {
        int m = sae.m;
        double[] err = new double[batch];
        double total = 0;
        for (int s = 0; s < batch; s++) {
            double[] f = sae.encode(h, s * m, spec.arch(), spec.k());
            double e = 0;
            for (int c = 0; c < m; c++) {
                double rec = sae.bDec[c];
                for (int j = 0; j < sae.d; j++) {
                    rec += sae.wDec[j * m + c] * f[j];
                }
                double r = rec - h[s * m + c];
                e += r * r;
            }
            err[s] = e * e;
            total += err[s];
        }
        if (total == 0) {
            return 0;
        }
        double aliveNorm = 0;
        int alive = 0;
        for (int j = 0; j < sae.d; j++) {
            if (sinceFired[j] < spec.deadAfterSteps()) {
                aliveNorm += norm(sae.wEnc, j * m, m);
                alive++;
            }
        }
        double encScale = 0.2 * (alive == 0 ? 1 : aliveNorm / alive);
        int count = 0;
        for (int j = 0; j < sae.d; j++) {
            if (sinceFired[j] < spec.deadAfterSteps()) {
                continue;
            }
            int s = pick(err, total, rng.nextDouble());
            double[] dir = new double[m];
            for (int c = 0; c < m; c++) {
                dir[c] = h[s * m + c] - sae.bDec[c];
            }
            double len = norm(dir, 0, m);
            if (len == 0) {
                continue;
            }
            for (int c = 0; c < m; c++) {
                sae.wDec[j * m + c] = dir[c] / len;
                sae.wEnc[j * m + c] = encScale * dir[c] / len;
                adam.resetMoments(0, j * m + c);
                adam.resetMoments(2, j * m + c);
            }
            sae.bEnc[j] = 0;
            adam.resetMoments(1, j);
            sinceFired[j] = 0;
            count++;
        }
        return count;
    }

    private static int pick(double[] weights, double total, double u) {
        double target = u * total;
        double acc = 0;
        for (int s = 0; s < weights.length; s++) {
            acc += weights[s];
            if (acc > target) {
                return s;
            }
        }
        return weights.length - 1;
    }

    private static double norm(double[] a, int off, int len) {
        double s = 0;
        for (int c = 0; c < len; c++) {
            s += a[off + c] * a[off + c];
        }
        return Math.sqrt(s);
    }
}
