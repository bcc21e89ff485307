package org.gdmc.testing;

import org.gdmc.check.Bounds;

/** Tolerances shared by the tests, in one place. */
public final class Tolerances {
    /** Statistical tests accept |estimate − truth| ≤ SIGMAS · s.e. (+ any stated bias bound). */
    public static final double SIGMAS = 5.0;
    /** Relative agreement of two double computations of the same quantity by different routes. */
    public static final double F64_REL = 1e-12;
    /** {@link Bounds#F64_PATH}: the CPU's vector lanes against its scalar kernel, per particle. */
    public static final double F64_PATH_REL = Bounds.F64_PATH;
    /** {@link Bounds#DEVICE_F64_PATH}: a device's float64 against the CPU's scalar kernel, per particle. */
    public static final double DEVICE_F64_PATH_REL = Bounds.DEVICE_F64_PATH;
    /** {@link Bounds#F32_MONOTONE_FLIPS}. */
    public static final double F32_MONOTONE_FLIPS = Bounds.F32_MONOTONE_FLIPS;

    /** {@link Bounds#float32Path}: the float32 bound on a path of n steps. */
    public static double float32Path(int steps) {
        return Bounds.float32Path(steps);
    }

    private Tolerances() {
    }
}
