package org.gdmc.testing;

import java.util.List;

import org.gdmc.estimate.Accumulator;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.Estimator;
import org.gdmc.estimate.ParticleView;

/** Feeds estimators directly (test side). */
public final class Estimates {
    private Estimates() {
    }

    /** Accumulates v in {@code pieces} contiguous, unequal slices (odd ones 7 longer) merged left to right. */
    public static List<Estimate> run(Estimator e, ParticleView v, int pieces) {
        int[] bounds = new int[pieces + 1];
        int n = v.to() - v.from();
        for (int k = 0; k <= pieces; k++) {
            bounds[k] = v.from() + (int) ((long) n * k / pieces) + (k > 0 && k < pieces && k % 2 == 1 ? 7 : 0);
        }
        Accumulator total = e.newAccumulator();
        for (int k = 0; k < pieces; k++) {
            Accumulator a = e.newAccumulator();
            a.add(new ParticleView(v.dimension(), v.states(), v.observables(), v.finite(), v.referenceObservables(),
                    v.referenceFinite(), bounds[k], bounds[k + 1]));
            total.merge(a);
        }
        return total.estimates();
    }

    public static Estimate find(List<Estimate> list, String name) {
        return list.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
