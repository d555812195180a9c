package org.saescope.lab;

import java.util.function.BooleanSupplier;

/**
 * The 2→1 phase diagram: {@code cells[row][col]} is the regime of the cell with relative
 * importance {@code relativeImportance[row]} and density {@code densities[col]}.
 */
public record PhaseDiagram(double[] densities, double[] relativeImportance, PhaseRegime[][] cells) {

    /** A feature counts as represented when ‖W_i‖ reaches this (a kept feature sits near 1). */
    public static final double REPRESENTED_NORM = 0.5;

    /** Trains every cell (on the given trainer's pool) and classifies the result. */
    public static PhaseDiagram compute(PhaseDiagramSpec spec, ToyModelTrainer trainer, ToyProgressListener listener,
                                       BooleanSupplier cancelled) {
        ToyModelResult result = trainer.train(spec.toySpec(), listener, cancelled);
        return classify(spec, result.snapshot());
    }

    /** Classifies every cell of a snapshot trained from {@link PhaseDiagramSpec#toySpec()}. */
    public static PhaseDiagram classify(PhaseDiagramSpec spec, ToySnapshot snapshot) {
        if (snapshot.n() != 2 || snapshot.m() != 1
                || snapshot.instances() != spec.densityCells() * spec.importanceCells()) {
            throw new IllegalArgumentException("snapshot is not a 2→1 grid of this spec");
        }
        PhaseRegime[][] cells = new PhaseRegime[spec.importanceCells()][spec.densityCells()];
        for (int r = 0; r < spec.importanceCells(); r++) {
            for (int c = 0; c < spec.densityCells(); c++) {
                cells[r][c] = regime(snapshot.w()[r * spec.densityCells() + c]);
            }
        }
        return new PhaseDiagram(spec.densities(), spec.relativeImportances(), cells);
    }

    /** The regime of the extra feature (index 1) of one 2→1 model, W = [w0, w1]. */
    public static PhaseRegime regime(double[] w) {
        boolean first = Math.abs(w[0]) >= REPRESENTED_NORM;
        boolean extra = Math.abs(w[1]) >= REPRESENTED_NORM;
        if (!extra) {
            return PhaseRegime.NOT_REPRESENTED;
        }
        return first ? PhaseRegime.SUPERPOSED : PhaseRegime.DEDICATED;
    }
}
