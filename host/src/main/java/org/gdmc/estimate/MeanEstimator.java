package org.gdmc.estimate;

import java.util.List;

/**
 * The mean of a per-particle term ({@link ReductionKernel}'s kinds) over the particles that enter it, with its CLT
 * standard error and the {@link Reliability} of that error: for a summand that is not bounded (the reciprocal
 * posterior, the logit, a projection, a support distance) its tail index from a tail histogram, for every summand the
 * error of the standard error and the median of means.
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

    /** Whether the term of this kind may take values of any size (else it lies in [−1, 1]). */
    static boolean unbounded(int kind) {
        return kind == ReductionKernel.RECIPROCAL || kind == ReductionKernel.LOGIT
                || kind == ReductionKernel.PROJECTION || kind == ReductionKernel.SUPPORT_DISTANCE;
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        int slot = plan.mean(kind, threshold);
        int tail = unbounded(kind) ? TailIndex.declare(plan, kind, threshold) : -1;
        return sums -> List.of(sums.moments(slot).estimate(name)
                .withReliability(Reliability.of(sums, slot, tail < 0 ? null : TailIndex.of(sums, tail))));
    }
}
