package org.gdmc.testing;

/**
 * Pearson's goodness-of-fit statistic of counts against a law, as a standard normal score by the Wilson–Hilferty
 * cube-root transform, z = ((X²/k)^{1/3} − (1 − 2/(9k)))/√(2/(9k)) with k degrees of freedom. Cells with expected
 * count below 5 are pooled into one. Tests with a fixed seed assert z below {@link Tolerances#SIGMAS}.
 */
public final class ChiSquare {
    private ChiSquare() {
    }

    /**
     * @param counts observed n_x; a cell with q_x = 0 and n_x > 0 makes z infinite
     * @param law    q_x, summing to 1
     */
    public static double score(long[] counts, double[] law) {
        if (counts.length != law.length) {
            throw new IllegalArgumentException(counts.length + " counts for " + law.length + " cells");
        }
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double x2 = 0.0;
        int cells = 0;
        double pooledExpected = 0.0;
        long pooledObserved = 0;
        for (int x = 0; x < counts.length; x++) {
            double e = n * law[x];
            if (e == 0.0 && counts[x] > 0) {
                return Double.POSITIVE_INFINITY;
            }
            if (e < 5.0) {
                pooledExpected += e;
                pooledObserved += counts[x];
                continue;
            }
            x2 += (counts[x] - e) * (counts[x] - e) / e;
            cells++;
        }
        if (pooledExpected >= 5.0) {
            x2 += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
            cells++;
        } else if (pooledObserved > pooledExpected + 10) {
            return Double.POSITIVE_INFINITY;
        }
        int k = cells - 1;
        if (k < 1) {
            throw new IllegalArgumentException("fewer than 2 cells with expected count >= 5");
        }
        double a = 2.0 / (9.0 * k);
        return (Math.cbrt(x2 / k) - (1 - a)) / Math.sqrt(a);
    }
}
