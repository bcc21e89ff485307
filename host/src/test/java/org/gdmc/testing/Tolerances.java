package org.gdmc.testing;

/** Tolerances shared by the tests, in one place. */
public final class Tolerances {
    /** Statistical tests accept |estimate − truth| ≤ SIGMAS · s.e. (+ any stated bias bound). */
    public static final double SIGMAS = 5.0;
    /** Relative agreement of two double computations of the same quantity by different routes. */
    public static final double F64_REL = 1e-12;
    /**
     * Per-particle agreement of two float64 paths that run the same maths with different (but correctly rounded to
     * a few ulps) exp and log, or another order of operations: the CPU's vector lanes and its scalar kernel, the device
     * and the CPU. Seen: 1e-14 … 1e-13 on 60-step paths.
     */
    public static final double F64_PATH_REL = 1e-9;
    /**
     * Per-particle agreement of the device's float64 paths with the CPU's scalar kernel: the same code, with gdmc's own
     * exp, log, sin and cos on both, so only a device compiler's fused multiply-adds differ.
     */
    public static final double DEVICE_F64_PATH_REL = 1e-13;
    /**
     * float32 ulps allowed per step of a path: each step does a few dozen float operations per coordinate and
     * component, each off by at most an ulp (2⁻²⁴ ≈ 6e-8 relative), and the guided flows here do not amplify errors
     * much, so n steps stay within n·64·2⁻²⁴ of float64 (2.3e-4 at n = 60) on the final states and on the posteriors.
     */
    public static final int F32_ULPS_PER_STEP = 64;
    /** Fraction of paths whose monotone flag may flip in float32, where consecutive logits tie to float precision. */
    public static final double F32_MONOTONE_FLIPS = 0.01;

    /** The float32 bound on a path of n steps. */
    public static double float32Path(int steps) {
        return steps * F32_ULPS_PER_STEP * (double) Math.ulp(1.0f);
    }

    private Tolerances() {
    }
}
