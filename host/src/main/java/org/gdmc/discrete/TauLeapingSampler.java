package org.gdmc.discrete;

/**
 * τ-leaping on the uniform grid t_k = T(1 − k/n), k = 0..n, with the rates frozen at the start of each step.
 *
 * <p>Over step k each masked token i unmasks independently with probability 1 − exp(−Δs_k Z_i(x)), the chance of at
 * least one event of its total rate Z_i(x) = Σ_v r_i(v | x) over the step's length Δs_k = log(m(t_k)/m(t_{k+1})) in
 * the homogeneous time, and then takes the value v with probability r_i(v | x)/Z_i(x); the last step unmasks
 * everything that is left. Every token sees the sequence as it was at the start of the step, which is the method's
 * only error: for L = 1 it is exact at the grid times. Tokens that unmask in the same step can form a sequence the
 * guided class cannot complete; a particle left there with masked tokens is stranded (reported, never dropped).
 */
public final class TauLeapingSampler implements MaskedSampler {
    private final MaskedGuidance guidance;
    private final long seed;
    private final int steps;
    private final double[] times;
    private final double[] stepS;
    private final int[] snapshotStep;

    /**
     * @param steps n ≥ 1
     * @param times snapshot times, decreasing, in (0, T), each on the grid (within 10⁻⁹ T)
     */
    public TauLeapingSampler(MaskedGuidance guidance, long seed, MaskSchedule schedule, int steps, double[] times) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps = " + steps + "; must be >= 1");
        }
        ExactMaskedSampler.snapshotS(schedule, times);
        this.guidance = guidance;
        this.seed = seed;
        this.steps = steps;
        this.times = times.clone();
        double horizon = schedule.horizon();
        this.stepS = new double[steps];
        double previous = 0.0;
        for (int k = 0; k < steps; k++) {
            double t = horizon * (1.0 - (double) (k + 1) / steps);
            double s = k == steps - 1 ? Double.POSITIVE_INFINITY : schedule.homogeneousTime(t);
            stepS[k] = s - previous;
            previous = s;
        }
        this.snapshotStep = new int[times.length];
        for (int j = 0; j < times.length; j++) {
            snapshotStep[j] = gridIndex(horizon, steps, times[j]);
            if (snapshotStep[j] < 0) {
                throw new IllegalArgumentException("snapshot time " + times[j] + " is not on the " + steps
                        + "-step grid (multiples of " + horizon / steps + ")");
            }
        }
    }

    /** k with t = T(1 − k/n) within 10⁻⁹ T, or −1 if t is not on the n-step grid. */
    public static int gridIndex(double horizon, int steps, double t) {
        long k = Math.round(steps * (1.0 - t / horizon));
        return Math.abs(horizon * (1.0 - (double) k / steps) - t) <= 1e-9 * horizon && k >= 0 && k <= steps
                ? (int) k : -1;
    }

    @Override
    public String name() {
        return "tau-leaping";
    }

    @Override
    public double[] snapshotTimes() {
        return times.clone();
    }

    /** n. */
    public int steps() {
        return steps;
    }

    @Override
    public int sample(long particle, int[] trail, double[] rates, long[] words) {
        SequenceSpace space = guidance.space();
        int vocab = space.vocabulary();
        int mask = space.mask();
        int state = space.allMasked();
        int j = 0;
        boolean stranded = false;
        for (int k = 0; k < steps && !stranded; k++) {
            guidance.rates(state, rates);
            int next = state;
            boolean anyMasked = false;
            for (int i = 0; i < space.length(); i++) {
                if (space.token(state, i) != mask) {
                    continue;
                }
                anyMasked = true;
                double z = 0.0;
                for (int v = 0; v < vocab; v++) {
                    z += rates[i * vocab + v];
                }
                if (!(z > 0)) {
                    stranded = true;
                    break;
                }
                MaskedVariates.block(seed, particle, k, i, words);
                double p = k == steps - 1 ? 1.0 : -Math.expm1(-stepS[k] * z);
                if (MaskedVariates.u(words) <= p) {
                    int move = MaskedVariates.pick(rates, i * vocab, (i + 1) * vocab, MaskedVariates.v(words) * z);
                    next = space.with(next, i, mask, move - i * vocab);
                }
            }
            if (!anyMasked) {
                break;
            }
            if (!stranded) {
                state = next;
            }
            while (j < snapshotStep.length && snapshotStep[j] <= k + 1) {
                trail[j++] = state;
            }
        }
        while (j < snapshotStep.length) {
            trail[j++] = state;
        }
        return stranded ? -1 : space.cleanIndex(state);
    }
}
