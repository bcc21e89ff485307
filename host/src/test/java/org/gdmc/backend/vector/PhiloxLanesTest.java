package org.gdmc.backend.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gdmc.rng.NormalVariates;
import org.junit.jupiter.api.Test;

/**
 * Every lane draws its particle's normals of the shared layout ({@link NormalVariates}), to rounding: a wrong word,
 * counter or key would change the normal by O(1).
 */
class PhiloxLanesTest {
    @Test
    void lanesDrawTheSharedLayout() {
        int row = 2 * PhiloxLanes.WIDTH;
        long[] seeds = {7L, -3L, 0x1234_5678_9ABC_DEF0L};
        long[] firsts = {0L, (1L << 32) - 3, 1L << 40};
        long[] steps = {0L, 1L, 200L, 0xFFFF_FFFFL};
        double[] lanes = new double[2 * row];
        double[] expected = new double[6];
        long[] words = new long[4];
        for (long seed : seeds) {
            long[] k0 = new long[PhiloxLanes.ROUNDS];
            long[] k1 = new long[PhiloxLanes.ROUNDS];
            PhiloxLanes.keys(seed, k0, k1);
            for (long first : firsts) {
                long[] low = new long[row];
                long[] high = new long[row];
                for (int l = 0; l < row; l++) {
                    low[l] = (first + l) & 0xFFFFFFFFL;
                    high[l] = (first + l) >>> 32;
                }
                for (long step : steps) {
                    for (int block = 0; block < 3; block++) {
                        PhiloxLanes.normalPair(k0, k1, low, high, step, block, lanes, 0, row, row);
                        for (int l = 0; l < row; l++) {
                            NormalVariates.fill(seed, first + l, step, expected, 0, 6, words);
                            String at = "seed=" + seed + " particle=" + (first + l) + " step=" + step;
                            double z0 = expected[2 * block];
                            double z1 = expected[2 * block + 1];
                            // the scalar angle 2πv is itself rounded (to 4.4e-16): the normals agree to ~1e-15 ρ
                            double tolerance = 2e-15 * (1 + Math.hypot(z0, z1));
                            assertEquals(z0, lanes[l], tolerance, at);
                            assertEquals(z1, lanes[row + l], tolerance, at);
                        }
                    }
                }
            }
        }
    }
}
