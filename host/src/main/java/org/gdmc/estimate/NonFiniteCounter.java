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
    public Accumulator newAccumulator() {
        return new Acc();
    }

    private static final class Acc implements Accumulator {
        private long total;
        private long bad;

        @Override
        public void add(ParticleView view) {
            for (int i = view.from(); i < view.to(); i++) {
                total++;
                if (!view.finite()[i]) {
                    bad++;
                }
            }
        }

        @Override
        public void merge(Accumulator next) {
            Acc o = (Acc) next;
            total += o.total;
            bad += o.bad;
        }

        @Override
        public List<Estimate> estimates() {
            double p = total == 0 ? Double.NaN : (double) bad / total;
            double se = total < 2 ? Double.NaN : Math.sqrt(p * (1 - p) / (total - 1));
            return List.of(new Estimate("nonFinite.count", bad, 0.0, total),
                    new Estimate("nonFinite.fraction", p, se, total));
        }
    }
}
