package org.gdmc.estimate;

import java.util.List;

/**
 * The mean of a per-particle term ({@link ReductionKernel}'s kinds) over the particles that enter it, with its CLT
 * standard error.
 */
public final class MeanEstimator implements Estimator {
    private final String name;
    private final int kind;
    private final double threshold;

    public MeanEstimator(String name, int kind) {
        this(name, kind, 0.0);
    }

    /** @param threshold the θ of the kinds that compare against one */
    public MeanEstimator(String name, int kind, double threshold) {
        this.name = name;
        this.kind = kind;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        int slot = plan.mean(kind, threshold);
        return sums -> List.of(sums.moments(slot).estimate(name));
    }
}
