package org.saescope.app.lab;

import org.saescope.lab.PhaseDiagram;
import org.saescope.lab.PhaseDiagramSpec;
import org.saescope.lab.ToyModelResult;
import org.saescope.lab.ToyModelSpec;
import org.saescope.lab.ToyProgressListener;
import org.saescope.lab.ToySaeListener;
import org.saescope.lab.ToySaeResult;
import org.saescope.lab.ToySaeSpec;

/**
 * The seam between {@link LabViewModel} and the lab core: JavaFX-free, so the view model can be
 * tested with a fake that runs synchronously. Implementations run work off the calling thread and
 * call listeners on their own threads.
 */
public interface LabRunner {
    LabTask<ToyModelResult> trainToyModels(ToyModelSpec spec, ToyProgressListener listener);

    LabTask<PhaseDiagram> phaseDiagram(PhaseDiagramSpec spec, ToyProgressListener listener);

    /** Trains an SAE on h = W x of one toy model (W is m × n row-major, 1 − S = featureProbability). */
    LabTask<ToySaeResult> trainSae(double[] w, int n, int m, double featureProbability, ToySaeSpec spec,
                                   ToySaeListener listener);
}
