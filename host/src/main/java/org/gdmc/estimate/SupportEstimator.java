package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gdmc.target.Support;

/**
 * Where the final states lie relative to the support of the guided class's law (compact classes only), with r(x) the
 * signed distance to its boundary ({@link Support}; negative inside):
 * <ul>
 *   <li>{@code support.outside} P(r &gt; 0);</li>
 *   <li>{@code support.beyond[η]} P(r &gt; η), mass farther than η outside: with exact scores it vanishes as δ → 0
 *       for every η, since guided paths end within O(σ_δ) of the support;</li>
 *   <li>{@code support.within[η]} P(|r| ≤ η), and its split into {@code support.facing[η]} and {@code support.far[η]}
 *       by whether the nearest boundary faces the other classes (present when other classes exist);</li>
 *   <li>{@code support.distance[a,b)} P(a ≤ r &lt; b) over the histogram's bins, plus the two open-ended bins.</li>
 * </ul>
 * Every figure is a binomial proportion p̂ = k/n with standard error √(p̂(1 − p̂)/n); counts merge exactly.
 */
public final class SupportEstimator implements Estimator {
    private final Support support;
    private final int dimension;
    private final double[] etas;
    private final double low;
    private final double width;
    private final int bins;

    public SupportEstimator(Support support, int dimension, SupportOptions options) {
        this.support = support;
        this.dimension = dimension;
        this.etas = options.boundaryWidths();
        this.low = options.distanceLow();
        this.bins = options.distanceBins();
        this.width = (options.distanceHigh() - options.distanceLow()) / bins;
    }

    @Override
    public String name() {
        return "support";
    }

    @Override
    public Accumulator newAccumulator() {
        return new Acc();
    }

    private final class Acc implements Accumulator {
        private long n;
        private long outside;
        private final long[] within = new long[etas.length];
        private final long[] beyond = new long[etas.length];
        private final long[] facing = new long[etas.length];
        private final BinnedDistribution distances = new BinnedDistribution(low, width, bins);
        private final double[] located = new double[2];

        @Override
        public void add(ParticleView view) {
            double[] states = view.states();
            for (int i = view.from(); i < view.to(); i++) {
                if (!view.finite()[i]) {
                    continue;
                }
                support.locate(states, i * dimension, located);
                double r = located[0];
                n++;
                if (r > 0) {
                    outside++;
                }
                for (int e = 0; e < etas.length; e++) {
                    if (r > etas[e]) {
                        beyond[e]++;
                    }
                    if (Math.abs(r) <= etas[e]) {
                        within[e]++;
                        if (located[1] != 0) {
                            facing[e]++;
                        }
                    }
                }
                distances.add(r);
            }
        }

        @Override
        public void merge(Accumulator next) {
            Acc o = (Acc) next;
            n += o.n;
            outside += o.outside;
            for (int e = 0; e < etas.length; e++) {
                within[e] += o.within[e];
                beyond[e] += o.beyond[e];
                facing[e] += o.facing[e];
            }
            distances.merge(o.distances);
        }

        @Override
        public List<Estimate> estimates() {
            List<Estimate> out = new ArrayList<>();
            out.add(proportion("support.outside", outside));
            for (int e = 0; e < etas.length; e++) {
                String eta = format(etas[e]);
                out.add(proportion("support.within[" + eta + "]", within[e]));
                out.add(proportion("support.beyond[" + eta + "]", beyond[e]));
                if (support.hasOtherClasses()) {
                    out.add(proportion("support.facing[" + eta + "]", facing[e]));
                    out.add(proportion("support.far[" + eta + "]", within[e] - facing[e]));
                }
            }
            out.add(proportion("support.distance[-inf," + format(low) + ")", distances.binCount(0)));
            for (int b = 0; b < bins; b++) {
                out.add(proportion("support.distance[" + format(low + b * width) + "," + format(low + (b + 1) * width)
                        + ")", distances.binCount(b + 1)));
            }
            out.add(proportion("support.distance[" + format(low + bins * width) + ",inf)", distances.binCount(bins + 1)));
            return out;
        }

        private Estimate proportion(String name, long k) {
            if (n == 0) {
                return new Estimate(name, Double.NaN, Double.NaN, 0);
            }
            double p = (double) k / n;
            return new Estimate(name, p, Math.sqrt(p * (1 - p) / n), n);
        }
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
