package org.saescope.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 2→1 phase diagram's three regimes, at cells far from the boundaries. */
class PhaseDiagramTest {

    @Test
    void threeRegimesAppearWhereThePaperPutsThem() {
        // Columns: density 1 and 0.05; rows: relative importance 0.2 and 5.
        PhaseDiagramSpec spec = new PhaseDiagramSpec(2, 2, 0.05, 0.2, 5, 2000, 1);
        PhaseDiagram d = PhaseDiagram.compute(spec, new ToyModelTrainer(2), ToyProgressListener.NONE, () -> false);
        assertThat(d.densities()).containsExactly(new double[] {1.0, 0.05}, org.assertj.core.api.Assertions.within(1e-12));
        // Dense and unimportant: the extra feature is dropped.
        assertThat(d.cells()[0][0]).isEqualTo(PhaseRegime.NOT_REPRESENTED);
        // Dense and more important than the first: it takes the dimension alone.
        assertThat(d.cells()[1][0]).isEqualTo(PhaseRegime.DEDICATED);
        // Sparse: both features share the dimension, whatever the importance.
        assertThat(d.cells()[0][1]).isEqualTo(PhaseRegime.SUPERPOSED);
        assertThat(d.cells()[1][1]).isEqualTo(PhaseRegime.SUPERPOSED);
    }

    @Test
    void classifiesOneModelByItsColumnNorms() {
        assertThat(PhaseDiagram.regime(new double[] {1.0, 0.01})).isEqualTo(PhaseRegime.NOT_REPRESENTED);
        assertThat(PhaseDiagram.regime(new double[] {0.02, -0.98})).isEqualTo(PhaseRegime.DEDICATED);
        assertThat(PhaseDiagram.regime(new double[] {0.9, -0.95})).isEqualTo(PhaseRegime.SUPERPOSED);
    }

    @Test
    void gridCellsMapToInstances() {
        PhaseDiagramSpec spec = new PhaseDiagramSpec(3, 2, 0.01, 0.5, 2, 10, 1);
        ToyModelSpec toy = spec.toySpec();
        assertThat(toy.instances()).isEqualTo(6);
        assertThat(toy.featureProbability(4)).isEqualTo(spec.densities()[1]);
        assertThat(toy.importance(4)).containsExactly(1, spec.relativeImportances()[1]);
    }
}
