package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.sampler.PathKernel;

/**
 * Quantiles of the data-law class posterior p₀(c | x), from a histogram of its logit ℓ = log p − log(1 − p) on
 * [−{@value #RANGE}, {@value #RANGE}] in bins of width {@value #WIDTH} (plus two overflow bins). The logit scale keeps
 * resolution where p is within 1e-17 of 0 or 1; a quantile is interpolated linearly within its bin, so its
 * resolution is ≤ {@value #WIDTH}/4 in p(1−p)-relative terms. Also reports the median of 1/p₀(c | x) = 1 + e^{−ℓ}, a robust
 * companion of its mean when that is heavy-tailed. Bin counts merge exactly.
 *
 * <p>Standard error of the q-quantile: half the spread of the histogram quantiles at q ± √(q(1−q)/n), the
 * order-statistic (binomial) band, propagated through the empirical quantile function.
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
    public Accumulator newAccumulator() {
        return new Acc();
    }

    private static final class Acc implements Accumulator {
        /** [0] below range, [1..BINS] in range, [BINS + 1] above. */
        private final long[] counts = new long[BINS + 2];
        private long n;

        @Override
        public void add(ParticleView view) {
            for (int i = view.from(); i < view.to(); i++) {
                if (!view.finite()[i]) {
                    continue;
                }
                double l = view.observable(i, PathKernel.OBS_DATA_LOGIT);
                int bin;
                if (l < -RANGE) {
                    bin = 0;
                } else if (l >= RANGE) {
                    bin = BINS + 1;
                } else {
                    bin = 1 + Math.min(BINS - 1, (int) ((l + RANGE) / WIDTH));
                }
                counts[bin]++;
                n++;
            }
        }

        @Override
        public void merge(Accumulator next) {
            Acc o = (Acc) next;
            for (int i = 0; i < counts.length; i++) {
                counts[i] += o.counts[i];
            }
            n += o.n;
        }

        /** The logit at cumulative fraction q (linear within bins); ±∞ in the overflow bins. */
        double logitQuantile(double q) {
            double target = Math.min(Math.max(q, 0.0), 1.0) * n;
            long cum = 0;
            for (int b = 0; b < counts.length; b++) {
                long c = counts[b];
                if (c > 0 && cum + c >= target) {
                    if (b == 0) {
                        return Double.NEGATIVE_INFINITY;
                    }
                    if (b == BINS + 1) {
                        return Double.POSITIVE_INFINITY;
                    }
                    double lo = -RANGE + (b - 1) * WIDTH;
                    return lo + WIDTH * Math.max(0.0, target - cum) / c;
                }
                cum += c;
            }
            return Double.NaN;
        }

        @Override
        public List<Estimate> estimates() {
            List<Estimate> out = new ArrayList<>();
            if (n == 0) {
                for (double q : LEVELS) {
                    out.add(new Estimate(String.format("posterior.q%02d", Math.round(q * 100)), Double.NaN, Double.NaN, 0));
                }
                out.add(new Estimate("reciprocalPosterior.median", Double.NaN, Double.NaN, 0));
                return out;
            }
            for (double q : LEVELS) {
                double band = Math.sqrt(q * (1 - q) / n);
                double value = StandardEstimators.sigmoid(logitQuantile(q));
                double se = 0.5 * (StandardEstimators.sigmoid(logitQuantile(q + band)) - StandardEstimators.sigmoid(logitQuantile(q - band)));
                out.add(new Estimate(String.format("posterior.q%02d", Math.round(q * 100)), value, se, n));
            }
            double band = Math.sqrt(0.25 / n);
            double med = 1.0 + Math.exp(-logitQuantile(0.5));
            double se = 0.5 * Math.abs(Math.exp(-logitQuantile(0.5 - band)) - Math.exp(-logitQuantile(0.5 + band)));
            out.add(new Estimate("reciprocalPosterior.median", med, se, n));
            return out;
        }
    }
}
