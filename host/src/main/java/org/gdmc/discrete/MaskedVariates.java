package org.gdmc.discrete;

import org.gdmc.rng.NormalVariates;
import org.gdmc.rng.Philox4x32;

/**
 * The uniforms of the masked samplers. Layout: Philox4x32-10 keyed by the seed (low word, high word), counter
 * (particle low word, particle high word, event, slot); its four words give u = (53 bits of words 0, 1 + 1)·2^−53
 * ∈ (0, 1] and v = (53 bits of words 2, 3)·2^−53 ∈ [0, 1). The exact sampler's event is the jump number
 * (slot 0): u times the holding time, v picks the move. τ-leaping's event is the step number and its slot the token:
 * u decides whether the token unmasks, v picks its value.
 */
public final class MaskedVariates {
    /** The layout, as recorded in result files. */
    public static final String LAYOUT = "philox4x32-10; key = seed (lo, hi); counter = (particle lo, particle hi, "
            + "event, slot); u = 53 bits of words 0,1 in (0, 1], v = 53 bits of words 2,3 in [0, 1); "
            + "exact: event = jump, slot = 0; tau-leaping: event = step, slot = token";

    private static final long MASK32 = 0xFFFFFFFFL;

    private MaskedVariates() {
    }

    /** Fills words[0..4) with the block of (seed, particle, event, slot). */
    public static void block(long seed, long particle, long event, long slot, long[] words) {
        Philox4x32.block(particle & MASK32, (particle >> 32) & MASK32, event & MASK32, slot & MASK32,
                seed & MASK32, (seed >> 32) & MASK32, words, 0);
    }

    /** u ∈ (0, 1] of the block in words. */
    public static double u(long[] words) {
        return NormalVariates.uniformOpenAtZero(words[0], words[1]);
    }

    /** v ∈ [0, 1) of the block in words. */
    public static double v(long[] words) {
        return NormalVariates.uniform(words[2], words[3]);
    }

    /**
     * The move (i·V + v) with r[i·V + v] > 0 whose cumulative interval contains {@code target} ∈ [0, Σ r); the last
     * positive one if rounding leaves target beyond the sum.
     */
    static int pick(double[] r, int from, int to, double target) {
        double acc = 0.0;
        int last = -1;
        for (int m = from; m < to; m++) {
            if (r[m] > 0) {
                acc += r[m];
                last = m;
                if (target < acc) {
                    return m;
                }
            }
        }
        return last;
    }
}
