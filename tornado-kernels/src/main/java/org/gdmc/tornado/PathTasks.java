package org.gdmc.tornado;

import org.gdmc.kernel.PathKernel;
import org.gdmc.rng.Philox4x32;
import org.gdmc.tornado.f32.PathKernelF32;
import org.gdmc.tornado.f64.PathKernelF64;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The device tasks: static methods on primitive arrays that inline the host's per-particle maths ({@link PathKernel},
 * written once in the subset TornadoVM compiles, running a study's {@code PathProgram}), so the device draws the same
 * noise and takes the same steps as the CPU for the same particle. In float64 they run its generated copy
 * {@link PathKernelF64}, whose exp, log, sin and cos are gdmc's own, so no backend's maths library decides a float64
 * result; in float32, the generated {@link PathKernelF32}.
 */
public final class PathTasks {
    /** Offsets in the {@code ints} argument (sent at every execution): the guidance value of the sweep. */
    public static final int I_GUIDANCE = 0;
    /** Particles in this batch. */
    public static final int I_COUNT = 1;
    /** The dimension d. */
    public static final int I_DIMENSION = 2;
    /** Doubles of work space per particle. */
    public static final int I_WORK = 3;
    /** Particles whose final states a batch keeps (the first ones). */
    public static final int I_KEEP = 4;
    public static final int INTS = 5;
    /** Offsets in the {@code longs} argument. */
    public static final int L_SEED = 0;
    public static final int L_FIRST = 1;
    public static final int LONGS = 2;

    private PathTasks() {
    }

    /**
     * Particle first + i for i &lt; count (of a batch of {@code capacity}): its whole guided path under guidance
     * ints[I_GUIDANCE] of the program, all steps fused (float64, {@link PathKernelF64}). Every per-particle array is laid
     * out by particle (structure of arrays): element k of particle i at k·capacity + i, so the work items of a
     * work group read and write neighbouring addresses. The program's arrays are the same for every piece a study
     * composes, so this task never changes when a piece is added.
     */
    public static void paths(int capacity, int[] ints, long[] longs, int[] program, double[] tables, double[] params,
                             int[] meta, double[] states, double[] obs, double[] work, long[] words) {
        for (@Parallel int i = 0; i < capacity; i++) {
            if (i < ints[I_COUNT]) {
                PathKernelF64.simulate(program, tables, params, meta, ints[I_GUIDANCE], longs[L_SEED],
                        longs[L_FIRST] + i, states, i, obs, i, work, i, words, i, capacity);
            }
        }
    }

    /** {@link #paths} in float32 (the generated {@link PathKernelF32}, on the program's tables rounded to float). */
    public static void pathsF32(int capacity, int[] ints, long[] longs, int[] program, float[] tables, float[] params,
                                int[] meta, float[] states, float[] obs, float[] work, long[] words) {
        for (@Parallel int i = 0; i < capacity; i++) {
            if (i < ints[I_COUNT]) {
                PathKernelF32.simulate(program, tables, params, meta, ints[I_GUIDANCE], longs[L_SEED],
                        longs[L_FIRST] + i, states, i, obs, i, work, i, words, i, capacity);
            }
        }
    }

    /**
     * The first ints[I_KEEP] particles' final states, gathered row by row (kept[i·d + j]) from the batch's layout by
     * particle (element j of particle i at j·capacity + i, capacity the batch's, not the keep buffer's), so that only
     * they cross the bus when a batch keeps samples for the k-NN entropy.
     */
    public static void gatherKept(int keepCapacity, int capacity, int[] ints, double[] states, double[] kept) {
        for (@Parallel int i = 0; i < keepCapacity; i++) {
            if (i < ints[I_KEEP]) {
                int d = ints[I_DIMENSION];
                for (int j = 0; j < d; j++) {
                    kept[i * d + j] = states[j * capacity + i];
                }
            }
        }
    }

    /** Philox4x32-10 of n (counter, key) tuples, in[6i .. 6i+6) = (c0, c1, c2, c3, k0, k1) → out[4i .. 4i+4). */
    public static void philox(int n, long[] in, long[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            int b = 6 * i;
            Philox4x32.block(in[b], in[b + 1], in[b + 2], in[b + 3], in[b + 4], in[b + 5], out, 4 * i);
        }
    }
}
