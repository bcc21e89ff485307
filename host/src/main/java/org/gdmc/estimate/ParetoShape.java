package org.gdmc.estimate;

import java.util.Arrays;

/**
 * The shape k̂ of a generalized Pareto fit to the largest of a set of positive values, the tail diagnostic of Pareto
 * smoothed importance sampling (Vehtari, Simpson, Gelman, Yao &amp; Gabry, "Pareto smoothed importance sampling",
 * JMLR 2024): fit the values above the (n − M)-th, M = ⌈min(0.2 n, 3√n)⌉, by the empirical Bayes estimate of Zhang &amp;
 * Stephens (2009), with the weakly informative prior that pulls k̂ towards 1/2 by 10 pseudo-observations.
 *
 * <p>Read: k̂ &lt; 1/2, the values have a finite variance and a mean of them has an honest standard error;
 * 1/2 ≤ k̂ &lt; 0.7, the variance is infinite but the mean still converges at a usable rate; k̂ ≥ 0.7, the mean is
 * unreliable at any practical sample size and its standard error means nothing.
 */
public final class ParetoShape {
    /** k̂ at and above which a mean of the values is unreliable. */
    public static final double UNRELIABLE = 0.7;
    /** k̂ above which the values have no finite variance. */
    public static final double INFINITE_VARIANCE = 0.5;

    private ParetoShape() {
    }

    /** The tail size M the fit uses for n values. */
    public static int tailSize(long n) {
        return (int) Math.ceil(Math.min(0.2 * n, 3.0 * Math.sqrt(n)));
    }

    /**
     * k̂ from n values given by their logarithms (−∞ for 0), of which only the largest {@link #tailSize}(n) + 1 need
     * be in {@code logValues} (the rest may be absent; when fewer are given, the fit uses the largest of them that
     * it has); NaN when the tail has fewer than 5 values or is flat.
     */
    public static double ofLogs(double[] logValues, long n) {
        int m = (int) Math.min(tailSize(n), logValues.length - 1L);
        if (m < 5) {
            return Double.NaN;
        }
        double[] sorted = logValues.clone();
        Arrays.sort(sorted);
        int len = sorted.length;
        double top = sorted[len - 1];
        double cutoff = sorted[len - m - 1];
        if (cutoff == Double.NEGATIVE_INFINITY || !(top > cutoff)) {
            // fewer than M + 1 positive values, or a flat tail: nothing to fit
            return Double.NaN;
        }
        double base = Math.exp(cutoff - top);
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = Math.exp(sorted[len - m + i] - top) - base;
        }
        return fit(x);
    }

    /** Zhang &amp; Stephens' estimate of the shape of exceedances x (ascending, positive), with the prior. */
    static double fit(double[] x) {
        int n = x.length;
        int grid = 30 + (int) Math.sqrt(n);
        double quartile = x[(int) (n / 4.0 + 0.5) - 1];
        if (!(quartile > 0)) {
            return Double.NaN;
        }
        double[] b = new double[grid];
        double[] logLik = new double[grid];
        for (int j = 0; j < grid; j++) {
            b[j] = 1.0 / x[n - 1] + (1.0 - Math.sqrt(grid / (j + 0.5))) / (3.0 * quartile);
            double k = 0.0;
            for (double v : x) {
                k += Math.log1p(-b[j] * v);
            }
            k /= n;
            logLik[j] = n * (Math.log(-b[j] / k) - k - 1.0);
        }
        double bPost = 0.0;
        double total = 0.0;
        for (int j = 0; j < grid; j++) {
            double s = 0.0;
            for (int l = 0; l < grid; l++) {
                s += Math.exp(logLik[l] - logLik[j]);
            }
            double weight = 1.0 / s;
            if (!(weight >= 10 * Math.ulp(1.0))) {
                continue;
            }
            bPost += weight * b[j];
            total += weight;
        }
        bPost /= total;
        double k = 0.0;
        for (double v : x) {
            k += Math.log1p(-bPost * v);
        }
        k /= n;
        return (n * k + 10 * 0.5) / (n + 10);
    }
}
