package org.gdmc.discrete;

/**
 * A sampler of the guided masked reverse dynamics, from the all-masked sequence at t = T to a clean one at t = 0,
 * reproducible per particle: its randomness is keyed by (seed, particle, event) (see {@link MaskedVariates}).
 */
public interface MaskedSampler {
    /** "exact" or "tau-leaping". */
    String name();

    /** The snapshot times t_j, decreasing, in (0, T). */
    double[] snapshotTimes();

    /**
     * Runs one particle.
     *
     * @param particle its global index
     * @param trail    receives the partially masked index of its state at each snapshot time t_j. Modified.
     * @param rates    scratch of L · V doubles. Modified.
     * @param words    scratch of 4 longs. Modified.
     * @return the clean index of its output, or −1 if it was stranded: left with masked tokens in a sequence the
     *         guided class cannot complete (p_c(x) = 0), which only τ-leaping can reach
     */
    int sample(long particle, int[] trail, double[] rates, long[] words);
}
