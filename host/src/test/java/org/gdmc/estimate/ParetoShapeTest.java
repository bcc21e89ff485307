package org.gdmc.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ParetoShapeTest {
    /** log of n draws of a generalized Pareto of shape ξ (ξ = 0: the exponential), by inverting its distribution. */
    private static double[] logDraws(double xi, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1.0 - r.nextDouble();
            double v = xi == 0 ? -Math.log(u) : (Math.pow(u, -xi) - 1.0) / xi;
            out[i] = Math.log(v);
        }
        return out;
    }

    /**
     * The fit recovers the shape of Pareto tails: with n = 10⁵ the tail holds 949 values and k̂'s sampling error is
     * about (1 + ξ)/√949 ≈ 0.05, so 0.15 is 3 of them (and the prior's pull is below 0.01).
     */
    @Test
    void recoversTheShapeOfParetoTails() {
        for (double xi : new double[] {0.0, 0.3, 0.5, 0.8, 1.2}) {
            double k = ParetoShape.ofLogs(logDraws(xi, 100_000, 17L), 100_000);
            assertEquals(xi, k, 0.15, "xi = " + xi);
        }
    }

    /** Light tails (a uniform, a Gaussian's weights) give k̂ well below 1/2; the tail alone suffices as input. */
    @Test
    void lightTailsAndTheTailAloneSuffice() {
        SplittableRandom r = new SplittableRandom(3L);
        int n = 4096;
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            logs[i] = Math.log(r.nextDouble());
        }
        assertTrue(ParetoShape.ofLogs(logs, n) < 0.0);
        double[] heavy = logDraws(0.9, n, 5L);
        java.util.Arrays.sort(heavy);
        int keep = ParetoShape.tailSize(n) + 1;
        double[] tail = java.util.Arrays.copyOfRange(heavy, n - keep, n);
        assertEquals(ParetoShape.ofLogs(heavy, n), ParetoShape.ofLogs(tail, n), 0.0);
        assertTrue(ParetoShape.ofLogs(heavy, n) > ParetoShape.UNRELIABLE);
        assertTrue(Double.isNaN(ParetoShape.ofLogs(new double[] {0.0, 1.0, 2.0}, 3)));
    }
}
