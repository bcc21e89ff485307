package org.gdmc.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.gdmc.reference.CellGrid;
import org.junit.jupiter.api.Test;

/** The histogram entropy on h and 2h cells, and the Richardson estimate of its binning bias. */
class HistogramEntropyTest {
    /** Four unit cells with counts 1, 3, 0, 4: both entropies and the bias by hand. */
    @Test
    void smallHistogramsByHand() {
        CellGrid grid = new CellGrid(new double[] {0}, new double[] {1}, new int[] {4});
        HistogramEntropy h = HistogramEntropy.of(new long[] {1, 3, 0, 4, 99}, grid, 8);
        double fine = -(0.125 * Math.log(0.125) + 0.375 * Math.log(0.375) + 0.5 * Math.log(0.5)) + 2.0 / 16;
        double coarse = Math.log(4.0) + 1.0 / 16;
        assertEquals(fine, h.value(), 1e-15);
        assertEquals(coarse, h.coarse(), 1e-15);
        assertEquals((coarse - fine) / 3, h.bias(), 1e-15);
        double[] diff = {Math.log(0.125 / 0.25), Math.log(0.375 / 0.25), Math.log(0.5 / 0.25)};
        double[] p = {0.125, 0.375, 0.5};
        double m = 0;
        double q = 0;
        for (int k = 0; k < 3; k++) {
            m += p[k] * diff[k];
            q += p[k] * diff[k] * diff[k];
        }
        assertEquals(Math.sqrt((q - m * m) / 8) / 3, h.biasStdError(), 1e-15);
        assertEquals(0.0, HistogramEntropy.of(new long[] {1, 3, 0, 4}, grid, 8).coarseStdError(), 1e-15,
                "both coarse cells have density 1/4");

        CellGrid odd = new CellGrid(new double[] {0, 0}, new double[] {1, 2}, new int[] {3, 1});
        HistogramEntropy o = HistogramEntropy.of(new long[] {2, 2, 4}, odd, 8);
        assertEquals(-(0.5 * Math.log(0.5 / 4) + 0.5 * Math.log(0.5 / 2)) + 1.0 / 16, o.coarse(), 1e-15,
                "cells {0, 1} merge (volume 4), cell 2 stays alone (volume 2)");
    }

    /**
     * 10^6 exact N(0, 1) draws on cells of h = 1/4: the histogram's entropy sits h²/24 = 0.0026 (3.7 s.e.) above
     * ½ log(2πe); the bias estimate finds it within 5 s.e., and the value less its bias is the truth within 5 s.e.
     */
    @Test
    void theBiasEstimateRemovesTheDiscretisationOfAGaussian() {
        CellGrid grid = new CellGrid(new double[] {-8}, new double[] {0.25}, new int[] {64});
        Random rng = new Random(17);
        long[] c = new long[64];
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            c[(int) Math.floor((rng.nextGaussian() + 8) / 0.25)]++;
        }
        HistogramEntropy h = HistogramEntropy.of(c, grid, n);
        double truth = 0.5 * Math.log(2 * Math.PI * Math.E);
        assertTrue(h.value() - truth > 3 * h.stdError(), "the binning bias is visible: " + h);
        assertEquals(0.25 * 0.25 / 24, h.bias(), 5 * h.biasStdError() + 1e-4, "bias h^2/24 for a unit Gaussian");
        assertEquals(truth, h.value() - h.bias(), 5 * h.stdError(), "extrapolated");
    }
}
