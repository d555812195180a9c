package org.saescope.app.steer;

import java.util.ArrayList;
import java.util.List;
import org.saescope.app.session.LoadedSae;
import org.saescope.lm.AddDirection;
import org.saescope.lm.Intervention;
import org.saescope.lm.Positions;
import org.saescope.lm.SetFeature;

/** Builds the interventions of a steering setup (model-lane code, no JavaFX). */
public final class Steering {
    private Steering() {
    }

    /** One feature and strength as plain values, copied from the UI before the job starts. */
    public record Setting(int feature, float strength) {
    }

    public static List<Intervention> interventions(LoadedSae sae, SteerMethod method, List<Setting> settings) {
        List<Intervention> out = new ArrayList<>();
        for (Setting s : settings) {
            if (s.feature() < 0 || s.feature() >= sae.dSae()) {
                throw new org.saescope.tensor.BadInputException(sae.path(), "has no feature " + s.feature()
                        + " (it has " + sae.dSae() + ": 0 … " + (sae.dSae() - 1) + ")");
            }
            out.add(switch (method) {
                case ADD -> new AddDirection(sae.hook(), sae.dictionary().decoderRow(s.feature()), s.strength(), Positions.all());
                case CLAMP -> new SetFeature(sae.hook(), sae.dictionary(), s.feature(), s.strength(), Positions.all());
            });
        }
        return out;
    }
}
