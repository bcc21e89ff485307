package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gdmc.mixture.Support;

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
    private final double[] etas;
    private final double low;
    private final double width;
    private final int bins;

    public SupportEstimator(Support support, SupportOptions options) {
        this.support = support;
        this.etas = options.boundaryWidths();
        this.low = options.distanceLow();
        this.bins = options.distanceBins();
        this.width = options.distanceWidth();
    }

    @Override
    public String name() {
        return "support";
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        plan.support(support);
        int outside = plan.indicator(ReductionKernel.SUPPORT_BEYOND, 0.0);
        int[] within = new int[etas.length];
        int[] beyond = new int[etas.length];
        int[] facing = new int[etas.length];
        for (int e = 0; e < etas.length; e++) {
            within[e] = plan.indicator(ReductionKernel.SUPPORT_WITHIN, etas[e]);
            beyond[e] = plan.indicator(ReductionKernel.SUPPORT_BEYOND, etas[e]);
            facing[e] = plan.indicator(ReductionKernel.SUPPORT_FACING, etas[e]);
        }
        int distances = plan.histogram(ReductionKernel.SUPPORT_DISTANCE, 0.0, low, width, bins);
        return sums -> {
            long n = sums.count(outside, 1) + sums.count(outside, 2);
            List<Estimate> out = new ArrayList<>();
            out.add(proportion("support.outside", sums.count(outside, 2), n));
            for (int e = 0; e < etas.length; e++) {
                String eta = format(etas[e]);
                long in = sums.count(within[e], 2);
                out.add(proportion("support.within[" + eta + "]", in, n));
                out.add(proportion("support.beyond[" + eta + "]", sums.count(beyond[e], 2), n));
                if (support.hasOtherClasses()) {
                    long f = sums.count(facing[e], 2);
                    out.add(proportion("support.facing[" + eta + "]", f, n));
                    out.add(proportion("support.far[" + eta + "]", in - f, n));
                }
            }
            for (int b = 0; b < bins + 2; b++) {
                out.add(proportion("support.distance" + distanceBin(low, width, bins, b), sums.count(distances, b),
                        n));
            }
            return out;
        };
    }

    /**
     * The label of slot b of the signed-distance histogram of bins bins of this width from low, as the estimates name
     * it: {@code [-inf,low)} at b = 0, {@code [a,a+width)} within, {@code [high,inf)} at b = bins + 1.
     */
    public static String distanceBin(double low, double width, int bins, int b) {
        if (b == 0) {
            return "[-inf," + format(low) + ")";
        }
        if (b == bins + 1) {
            return "[" + format(low + bins * width) + ",inf)";
        }
        return "[" + format(low + (b - 1) * width) + "," + format(low + b * width) + ")";
    }

    /** k/n ± √(p̂(1 − p̂)/n). */
    private static Estimate proportion(String name, long k, long n) {
        if (n == 0) {
            return new Estimate(name, Double.NaN, Double.NaN, 0);
        }
        double p = (double) k / n;
        return new Estimate(name, p, Math.sqrt(p * (1 - p) / n), n);
    }

    /** A boundary width or distance as the estimates' names print it (6 significant digits, no trailing zeros). */
    public static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
