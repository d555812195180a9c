package org.saescope.app.lab;

import org.saescope.lab.ToySnapshot;

/** One instance of a snapshot: what the per-instance pictures draw. */
record InstanceView(ToySnapshot snapshot, int instance) {
    double[] w() {
        return snapshot.w()[instance];
    }
}
