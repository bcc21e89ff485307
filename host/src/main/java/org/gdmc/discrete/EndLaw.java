package org.gdmc.discrete;

/**
 * The exact law of the guided sampler's output, by dynamic programming over the embedded jump chain.
 *
 * <p>From the all-masked sequence the chain moves x → x with token i set to v with probability
 * r_i(v | x)/R(x) (see {@link MaskedGuidance}); after L moves the sequence is clean. Every rate carries the same
 * time factor, so this is the law at t = 0 whatever the schedule. Sweeping the indices downwards visits each
 * sequence after all of its parents. Cost: (V + 1)^L · L · V rate evaluations at most (unreachable sequences are
 * skipped).
 */
public final class EndLaw {
    private EndLaw() {
    }

    /** The output law over the V^L clean indices. */
    public static double[] of(MaskedGuidance guidance) {
        SequenceSpace space = guidance.space();
        int vocab = space.vocabulary();
        double[] visit = new double[space.states()];
        double[] law = new double[space.cleanStates()];
        double[] r = new double[space.length() * vocab];
        visit[space.allMasked()] = 1.0;
        for (int x = space.allMasked(); x >= 0; x--) {
            double px = visit[x];
            if (px == 0.0) {
                continue;
            }
            int clean = space.cleanIndex(x);
            if (clean >= 0) {
                law[clean] += px;
                continue;
            }
            double total = guidance.rates(x, r);
            if (!(total > 0)) {
                throw new IllegalStateException("the guided chain stops at " + space.format(x)
                        + ", which has no way out");
            }
            double scale = px / total;
            for (int i = 0; i < space.length(); i++) {
                int first = space.token(x, i) == space.mask() ? space.with(x, i, space.mask(), 0) : -1;
                if (first < 0) {
                    continue;
                }
                for (int v = 0; v < vocab; v++) {
                    double rate = r[i * vocab + v];
                    if (rate > 0) {
                        visit[first + v * space.stride(i)] += scale * rate;
                    }
                }
            }
        }
        return law;
    }
}
