package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;

/**
 * Quantiles of the data-law class posterior p₀(c | x), from a histogram of its logit ℓ = log p − log(1 − p) on
 * [−{@value #RANGE}, {@value #RANGE}] in bins of width {@value #WIDTH} (plus two overflow bins). The logit scale keeps
 * resolution where p is within 1e-17 of 0 or 1; a quantile is interpolated linearly within its bin, so its
 * resolution is ≤ {@value #WIDTH}/4 in p(1−p)-relative terms. Also reports the median of 1/p₀(c | x) = 1 + e^{−ℓ}, a robust
 * companion of its mean when that is heavy-tailed. Standard errors as in {@link BinnedDistribution}.
 */
public final class LogitQuantiles implements Estimator {
    static final double RANGE = 40.0;
    static final double WIDTH = 0.005;
    private static final int BINS = (int) Math.round(2 * RANGE / WIDTH);
    /** The reported quantile levels. */
    public static final double[] LEVELS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

    @Override
    public String name() {
        return "posterior";
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        int h = plan.histogram(ReductionKernel.LOGIT, 0.0, -RANGE, WIDTH, BINS);
        return sums -> estimates(new BinnedDistribution(sums, h, -RANGE, WIDTH, BINS));
    }

    private static List<Estimate> estimates(BinnedDistribution logits) {
        List<Estimate> out = new ArrayList<>();
        long n = logits.count();
        if (n == 0) {
            for (double q : LEVELS) {
                out.add(new Estimate(String.format("posterior.q%02d", Math.round(q * 100)), Double.NaN, Double.NaN, 0));
            }
            out.add(new Estimate("reciprocalPosterior.median", Double.NaN, Double.NaN, 0));
            return out;
        }
        for (double q : LEVELS) {
            double band = logits.band(q);
            double value = ReductionKernel.sigmoid(logits.quantile(q));
            double se = 0.5 * (ReductionKernel.sigmoid(logits.quantile(q + band))
                    - ReductionKernel.sigmoid(logits.quantile(q - band)));
            out.add(new Estimate(String.format("posterior.q%02d", Math.round(q * 100)), value, se, n));
        }
        double band = Math.sqrt(0.25 / n);
        double med = 1.0 + Math.exp(-logits.quantile(0.5));
        double se = 0.5 * Math.abs(Math.exp(-logits.quantile(0.5 - band)) - Math.exp(-logits.quantile(0.5 + band)));
        out.add(new Estimate("reciprocalPosterior.median", med, se, n));
        return out;
    }
}
