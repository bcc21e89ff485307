package org.gdmc.check;

/**
 * How closely two backends' paths and reductions must agree, shared by the tests and {@code gdmc selfcheck}: one
 * statement of each bound and its reason.
 */
public final class Bounds {
    /**
     * Per-particle agreement of two float64 paths that run the same maths with different (correctly rounded to a few
     * ulps) exp and log, or another order of operations: the CPU's vector lanes and its scalar kernel. Seen: 1e-14 …
     * 1e-13 on 60-step paths.
     */
    public static final double F64_PATH = 1e-9;
    /**
     * Per-particle agreement of a device's float64 paths with the CPU's scalar kernel: the same code, with gdmc's own
     * exp, log, sin and cos on both, so only a device compiler's fused multiply-adds differ. A backend that computes
     * double transcendentals in single precision misses it by six orders of magnitude.
     */
    public static final double DEVICE_F64_PATH = 1e-13;
    /**
     * SMC islands of a device against the CPU's on a smooth target, per value relative to 1 + |CPU value|: the paths'
     * rounding grown through the weights' exponentials, each island's normalisation and two Langevin moves a node
     * (4e-14 measured on PoCL over 20 steps); an ancestor taken across a systematic draw's point would be O(1).
     */
    public static final double SMC_ISLANDS = 1e-9;
    /**
     * The same for the node logits, which are differences of two log-sums: their relative rounding is the log-sums'
     * times |LSE|/|logit|, which a box class's logits far past its edge make larger (4e-13 seen on PoCL under the
     * guidance variants, whose strong pushes take particles there), still six orders below float-sized errors.
     */
    public static final double DEVICE_F64_LOGIT = 1e-12;
    /**
     * Relative agreement of two backends' float64 reductions of a batch: block sums taken in the same order, or the
     * estimates and their standard errors where the orders differ (the CPU sums in particle order, a device by
     * work-group tree, {@link org.gdmc.estimate.WorkGroupTree}); the particles agree to {@link #DEVICE_F64_PATH}.
     */
    public static final double BLOCK_SUM = 1e-12;
    /**
     * Relative agreement (|x − y|/(1 + |x|)) of a device's block sums with {@link org.gdmc.estimate.WorkGroupTree} over
     * the device's own particles: the same operations in the same order, so only fused multiply-adds differ, an ulp of
     * each product they fuse; a co-moment sum that cancels (a third central moment near zero) carries those ulps
     * relative to its summands rather than to itself. Seen on PoCL: 85% of slots bit for bit, the rest within 2.3e-14.
     * A wrong tree or a wrong slot is off by O(1).
     */
    public static final double TREE_REPRODUCTION = 1e-13;
    /**
     * float32 ulps allowed per step of a path: each step does a few dozen float operations per coordinate and
     * component, each off by at most an ulp (2⁻²⁴ ≈ 6e-8 relative), and the guided flows here do not amplify errors
     * much, so n steps stay within n·64·2⁻²⁴ of float64 (2.3e-4 at n = 60) on the final states and on the posteriors.
     */
    public static final int F32_ULPS_PER_STEP = 64;
    /** Fraction of paths whose monotone flag may flip in float32, where consecutive logits tie to float precision. */
    public static final double F32_MONOTONE_FLIPS = 0.01;

    private Bounds() {
    }

    /** The float32 bound on a path of n steps. */
    public static double float32Path(int steps) {
        return steps * F32_ULPS_PER_STEP * (double) Math.ulp(1.0f);
    }
}
