package org.gdmc.study;

import org.gdmc.discrete.ExactMaskedSampler;
import org.gdmc.discrete.MaskSchedule;
import org.gdmc.discrete.MaskedGuidance;
import org.gdmc.discrete.MaskedSampler;
import org.gdmc.discrete.SequenceMixture;
import org.gdmc.discrete.TauLeapingSampler;

import java.util.List;

/**
 * A masked-diffusion study: for each sampler and each guidance weight, N particles from the all-masked sequence,
 * their states at the snapshot times and their outputs, compared with the exact laws.
 *
 * @param weights    the sweep of w (≥ −1)
 * @param samplers   the samplers run side by side
 * @param times      snapshot times, decreasing, in (0, T): the TV along the reverse dynamics is reported there
 * @param groupValue a token value v: outputs are also grouped by how many tokens equal v (−1: no grouping)
 * @param threads    worker threads (0: all processors); never changes a result
 */
public record MaskedStudySpec(String name, SequenceMixture target, int guidedClass, double[] weights,
                              MaskedGuidance.Rates rates, MaskSchedule schedule, List<Method> samplers,
                              double[] times, int groupValue, long particles, long seed, int threads) {
    /** A sampler: "exact", or "tau-leaping" with its number of steps. */
    public record Method(String kind, int steps) {
        public static final Method EXACT = new Method("exact", 0);

        public static Method tauLeaping(int steps) {
            return new Method("tau-leaping", steps);
        }

        /** "exact" or "tau-leaping(50)". */
        public String label() {
            return steps == 0 ? kind : kind + "(" + steps + ")";
        }

        public MaskedSampler create(MaskedGuidance g, long seed, MaskSchedule schedule, double[] times) {
            return steps == 0 ? new ExactMaskedSampler(g, seed, schedule, times)
                    : new TauLeapingSampler(g, seed, schedule, steps, times);
        }
    }

    public MaskedStudySpec {
        weights = weights.clone();
        times = times.clone();
        samplers = List.copyOf(samplers);
        if (particles < 1) {
            throw new IllegalArgumentException("particles = " + particles + "; must be >= 1");
        }
    }
}
