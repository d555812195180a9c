package org.saescope.lab;

/**
 * The 2→1 phase diagram grid: feature density 1 − S log-spaced from 1 down to {@code minDensity}
 * over {@code densityCells} columns (both features share it), and the extra feature's importance
 * relative to the first (importance 1) log-spaced from {@code minRelativeImportance} to
 * {@code maxRelativeImportance} over {@code importanceCells} rows. Every cell is one toy instance.
 */
public record PhaseDiagramSpec(int densityCells, int importanceCells, double minDensity,
                               double minRelativeImportance, double maxRelativeImportance, int steps, long seed) {

    public PhaseDiagramSpec {
        if (densityCells < 1 || importanceCells < 1 || densityCells * importanceCells > ToyModelSpec.MAX_INSTANCES) {
            throw new IllegalArgumentException("grid must have 1.." + ToyModelSpec.MAX_INSTANCES + " cells");
        }
        if (!(minDensity > 0 && minDensity <= 1)) {
            throw new IllegalArgumentException("min density must be in (0, 1], got " + minDensity);
        }
        if (!(minRelativeImportance > 0 && maxRelativeImportance >= minRelativeImportance)) {
            throw new IllegalArgumentException("relative importance range must be positive and ordered");
        }
    }

    /** A grid like the paper's: densities 1 … 0.01, relative importance 0.1 … 10. */
    public static PhaseDiagramSpec defaults() {
        return new PhaseDiagramSpec(9, 9, 0.01, 0.1, 10, 3000, 1);
    }

    public double[] densities() {
        return ToyModelSpec.logSpaced(1, minDensity, densityCells);
    }

    public double[] relativeImportances() {
        return ToyModelSpec.logSpaced(minRelativeImportance, maxRelativeImportance, importanceCells);
    }

    /** Instance {@code row * densityCells + col} is cell (importance row, density column). */
    public ToyModelSpec toySpec() {
        double[] dens = densities();
        double[] imp = relativeImportances();
        int cells = densityCells * importanceCells;
        double[] p = new double[cells];
        double[][] importance = new double[cells][];
        for (int r = 0; r < importanceCells; r++) {
            for (int c = 0; c < densityCells; c++) {
                p[r * densityCells + c] = dens[c];
                importance[r * densityCells + c] = new double[] {1, imp[r]};
            }
        }
        return new ToyModelSpec(2, 1, p, importance, 1024, steps, 1e-2, seed, Math.max(1, Math.min(100, steps / 20)));
    }
}
