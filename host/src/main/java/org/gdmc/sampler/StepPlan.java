package org.gdmc.sampler;

import org.gdmc.process.ForwardProcess;

/**
 * Everything a path kernel reads about time, packed in one array so that a device can hold it: for a grid of n steps,
 * [α at nodes 0..n, then α = 1 for t = 0] [σ² at nodes 0..n, then 0] [coefficient A, n] [B, n] [C, n].
 * Node n + 1 is the data law (t = 0), at which the class posterior p₀(c | x) is evaluated.
 */
public final class StepPlan {
    private final ReverseSampler sampler;
    private final ForwardProcess process;
    private final TimeGrid grid;
    private final double[] packed;
    private final boolean exactStart;

    public StepPlan(ReverseSampler sampler, ForwardProcess process, TimeGrid grid) {
        this(sampler, process, grid, false);
    }

    /**
     * @param exactStart whether paths start from the exact noised class law p_T(· | c) ({@code sampler.start:
     *                   exact}) instead of N(0, I)
     */
    public StepPlan(ReverseSampler sampler, ForwardProcess process, TimeGrid grid, boolean exactStart) {
        this.exactStart = exactStart;
        this.sampler = sampler;
        this.process = process;
        this.grid = grid;
        int n = grid.steps();
        packed = new double[length(n)];
        for (int i = 0; i <= n; i++) {
            packed[alpha(n) + i] = process.alpha(grid.time(i));
            packed[sigma2(n) + i] = process.sigma2(grid.time(i));
        }
        packed[alpha(n) + n + 1] = 1.0;
        packed[sigma2(n) + n + 1] = 0.0;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] c = new double[n];
        sampler.coefficients(process, grid, a, b, c);
        System.arraycopy(a, 0, packed, coefA(n), n);
        System.arraycopy(b, 0, packed, coefB(n), n);
        System.arraycopy(c, 0, packed, coefC(n), n);
    }

    /** Whether paths start from the exact noised class law rather than N(0, I). */
    public boolean exactStart() {
        return exactStart;
    }

    public static int alpha(int n) {
        return 0;
    }

    public static int sigma2(int n) {
        return n + 2;
    }

    public static int coefA(int n) {
        return 2 * (n + 2);
    }

    public static int coefB(int n) {
        return 2 * (n + 2) + n;
    }

    public static int coefC(int n) {
        return 2 * (n + 2) + 2 * n;
    }

    public static int length(int n) {
        return 2 * (n + 2) + 3 * n;
    }

    public ReverseSampler sampler() {
        return sampler;
    }

    public ForwardProcess process() {
        return process;
    }

    public TimeGrid grid() {
        return grid;
    }

    public int steps() {
        return grid.steps();
    }

    /** The packed array; a copy. */
    public double[] packed() {
        return packed.clone();
    }

    /** The packed array itself, for backends; callers must not modify it. */
    public double[] packedView() {
        return packed;
    }
}
