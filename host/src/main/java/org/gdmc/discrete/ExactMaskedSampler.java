package org.gdmc.discrete;

/**
 * Exact simulation of the guided continuous-time chain (Gillespie's method in the homogeneous time s = −log m):
 * from x the next move comes after an Exp(R(x)) time and is (i, v) with probability r_i(v | x)/R(x). Exactly L
 * moves per particle; no time discretisation, so its law at every time is the forward equation's
 * ({@link ForwardEquation}) and its output law is {@link EndLaw}'s.
 */
public final class ExactMaskedSampler implements MaskedSampler {
    private final MaskedGuidance guidance;
    private final long seed;
    private final double[] times;
    private final double[] snapshotS;

    /**
     * @param schedule the masking schedule, which maps the snapshot times to s
     * @param times    snapshot times t_j, decreasing, in (0, T)
     */
    public ExactMaskedSampler(MaskedGuidance guidance, long seed, MaskSchedule schedule, double[] times) {
        this.guidance = guidance;
        this.seed = seed;
        this.times = times.clone();
        this.snapshotS = snapshotS(schedule, times);
    }

    /** s_j = −log m(t_j) for snapshot times t_j, checked to decrease within (0, T). */
    public static double[] snapshotS(MaskSchedule schedule, double[] times) {
        double[] s = new double[times.length];
        for (int j = 0; j < times.length; j++) {
            double t = times[j];
            if (!(t > 0) || !(t < schedule.horizon()) || (j > 0 && !(t < times[j - 1]))) {
                throw new IllegalArgumentException("snapshot times must decrease within (0, T = "
                        + schedule.horizon() + "); times[" + j + "] = " + t);
            }
            s[j] = schedule.homogeneousTime(t);
        }
        return s;
    }

    @Override
    public String name() {
        return "exact";
    }

    @Override
    public double[] snapshotTimes() {
        return times.clone();
    }

    @Override
    public int sample(long particle, int[] trail, double[] rates, long[] words) {
        SequenceSpace space = guidance.space();
        int vocab = space.vocabulary();
        int mask = space.mask();
        int state = space.allMasked();
        double s = 0.0;
        int j = 0;
        for (int jump = 0; jump < space.length(); jump++) {
            double total = guidance.rates(state, rates);
            MaskedVariates.block(seed, particle, jump, 0, words);
            double next = s - Math.log(MaskedVariates.u(words)) / total;
            while (j < snapshotS.length && snapshotS[j] < next) {
                trail[j++] = state;
            }
            int move = MaskedVariates.pick(rates, 0, rates.length, MaskedVariates.v(words) * total);
            int i = move / vocab;
            state = space.with(state, i, mask, move - i * vocab);
            s = next;
        }
        while (j < snapshotS.length) {
            trail[j++] = state;
        }
        return space.cleanIndex(state);
    }
}
