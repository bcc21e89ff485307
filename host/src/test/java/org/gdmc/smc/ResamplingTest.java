package org.gdmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplingTest {
    /** Systematic resampling gives particle k either ⌊M w̄_k⌋ or ⌈M w̄_k⌉ offspring, in order, whatever u. */
    @Test
    void systematicOffspringAreTheFloorOrCeilingOfTheExpectedCounts() {
        double[] weights = {0.05, 0.3, 0.0, 0.15, 0.4, 0.1};
        int m = weights.length * 7;
        double[] logW = new double[m];
        double total = 0.0;
        for (int k = 0; k < m; k++) {
            logW[k] = Math.log(weights[k % weights.length]) + 300.0;
            total += weights[k % weights.length];
        }
        int[] ancestor = new int[m];
        for (double u : new double[] {0.0, 0.37, 0.999999}) {
            Resampling.systematic(logW, m, u, ancestor);
            int[] offspring = new int[m];
            for (int k = 0; k < m; k++) {
                offspring[ancestor[k]]++;
                assertTrue(k == 0 || ancestor[k] >= ancestor[k - 1], "ancestors in order");
            }
            for (int k = 0; k < m; k++) {
                double expected = m * weights[k % weights.length] / total;
                assertTrue(offspring[k] == Math.floor(expected) || offspring[k] == Math.ceil(expected),
                        "particle " + k + ": " + offspring[k] + " offspring, expected " + expected);
            }
        }
    }

    @Test
    void effectiveSizeAndLogMeanOfKnownWeights() {
        double[] logW = {Math.log(1.0) - 700, Math.log(3.0) - 700, Double.NEGATIVE_INFINITY, Math.log(2.0) - 700};
        // (1 + 3 + 0 + 2)² / (1 + 9 + 0 + 4) = 36/14
        assertEquals(36.0 / 14.0, Resampling.effectiveSize(logW, 4), 1e-12);
        assertEquals(Math.log(6.0 / 4.0) - 700, Resampling.logMean(logW, 4), 1e-12);
        double[] none = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        assertEquals(0.0, Resampling.effectiveSize(none, 2));
        assertEquals(Double.NEGATIVE_INFINITY, Resampling.logMean(none, 2));
    }

    @Test
    void theUniformIsKeyedBySeedIslandAndStep() {
        double u = Resampling.uniform(7L, 3L, 11);
        assertTrue(u >= 0.0 && u < 1.0);
        assertEquals(u, Resampling.uniform(7L, 3L, 11));
        assertNotEquals(u, Resampling.uniform(8L, 3L, 11));
        assertNotEquals(u, Resampling.uniform(7L, 4L, 11));
        assertNotEquals(u, Resampling.uniform(7L, 3L, 12));
    }
}
