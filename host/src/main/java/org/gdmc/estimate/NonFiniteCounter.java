package org.gdmc.estimate;

import java.util.List;

/**
 * Counts particles whose final state or class logit is not finite (NaN or ±∞ in any coordinate). They are left out
 * of every other estimator and reported here as a count and a fraction with its binomial standard error.
 */
public final class NonFiniteCounter implements Estimator {
    @Override
    public String name() {
        return "nonFinite";
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        int h = plan.indicator(ReductionKernel.NON_FINITE, 0.0);
        return sums -> {
            long bad = sums.count(h, 2);
            long total = bad + sums.count(h, 1);
            double p = total == 0 ? Double.NaN : (double) bad / total;
            double se = total < 2 ? Double.NaN : Math.sqrt(p * (1 - p) / (total - 1));
            return List.of(new Estimate("nonFinite.count", bad, 0.0, total),
                    new Estimate("nonFinite.fraction", p, se, total));
        };
    }
}
