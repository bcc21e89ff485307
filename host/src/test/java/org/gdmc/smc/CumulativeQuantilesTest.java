package org.gdmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Quantiles from a cumulative at evenly spaced edges, against closed forms. */
class CumulativeQuantilesTest {
    /** The uniform law on [0, 1] at edges 0, 0.1, …, 1 with a constant error σ: ξ_q = q, s.e. σ (slope 1). */
    @Test
    void aUniformLawsQuantilesAndErrorsAreExact() {
        int n = 11;
        double[] f = new double[n];
        double[] se = new double[n];
        for (int k = 0; k < n; k++) {
            f[k] = 0.1 * k;
            se[k] = 0.002;
        }
        CumulativeQuantiles q = new CumulativeQuantiles(f, se, 0.0, 0.1);
        for (double level : new double[] {0.01, 0.25, 0.5, 0.73, 0.99}) {
            assertEquals(level, q.quantile(level), 1e-12);
            assertEquals(0.002, q.quantileError(level), 1e-12);
        }
        // outside the cumulative's values: the end edges
        assertEquals(0.0, q.at(0.0), 0.0);
        assertEquals(1.0, q.at(1.5), 0.0);
    }

    /**
     * A law with density 2 on [0, 0.5] and 0 on (0.5, 1]: F = 2ξ there and 1 after, so ξ_q = q/2 and the error is
     * halved by the slope; a flat stretch (no mass) is skipped, and an error growing linearly between edges is
     * interpolated.
     */
    @Test
    void theSlopeScalesTheErrorAndFlatStretchesAreSkipped() {
        double[] f = {0.0, 0.5, 1.0, 1.0, 1.0};
        double[] se = {0.0, 0.01, 0.0, 0.0, 0.0};
        CumulativeQuantiles q = new CumulativeQuantiles(f, se, 0.0, 0.25);
        assertEquals(0.25, q.quantile(0.5), 1e-12);
        assertEquals(0.1, q.quantile(0.2), 1e-12);
        assertEquals(0.5, q.at(1.0), 1e-12, "the first edge where F reaches 1");
        assertEquals(0.005, q.errorAt(0.125), 1e-12, "half way between errors 0 and 0.01");
        assertEquals(0.01 / 2, q.quantileError(0.5), 1e-12, "σ at ξ = 0.25 through the slope 2");
    }

    @Test
    void refusesMismatchedArrays() {
        assertThrows(IllegalArgumentException.class, () -> new CumulativeQuantiles(new double[3], new double[2], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CumulativeQuantiles(new double[3], new double[3], 0, 0));
    }
}
