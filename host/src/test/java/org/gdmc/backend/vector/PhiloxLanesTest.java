package org.gdmc.backend.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdmc.rng.NormalVariates;
import org.gdmc.rng.Philox4x32;
import org.junit.jupiter.api.Test;

/**
 * Every lane draws its particle's noise of the shared layout ({@link NormalVariates}): the uniforms bit for bit (in
 * float64, and rounded once to float for the float32 lanes), whether the row's rounds 1 and 2 come from its
 * precomputed products or, across a multiple of 2³², are run in full; the normals to rounding (a wrong word, counter
 * or key would change them by O(1)).
 */
class PhiloxLanesTest {
    private static final int ROW = 2 * PhiloxLanes.WIDTH;
    private static final long[] SEEDS = {7L, -3L, 0x1234_5678_9ABC_DEF0L};
    /** The second start puts a multiple of 2³² inside the row (the full rounds); the others share a high word. */
    private static final long[] FIRSTS = {0L, (1L << 32) - 3, 1L << 40, 987_654_321L};
    private static final long[] STEPS = {0L, 1L, 200L, 0xFFFF_FFFFL};

    @Test
    void theUniformsAreTheScalarWordsBitForBit() {
        double[] lanes = new double[2 * ROW];
        float[] floats = new float[2 * ROW];
        long[] words = new long[4];
        for (long seed : SEEDS) {
            for (long first : FIRSTS) {
                PhiloxRow row = row(seed, first, 3);
                assertEquals(first != (1L << 32) - 3, row.sharedHigh, "first=" + first);
                for (long step : STEPS) {
                    for (int block = 0; block < 3; block++) {
                        PhiloxLanes.uniformPair(row, step, block, lanes, 0, ROW, ROW);
                        PhiloxLanes.uniformPairF32(row, step, block, floats, 0, ROW, ROW);
                        for (int l = 0; l < ROW; l++) {
                            long particle = first + l;
                            Philox4x32.block(particle & 0xFFFFFFFFL, particle >>> 32, step, block, seed & 0xFFFFFFFFL,
                                    seed >>> 32, words, 0);
                            double u = NormalVariates.uniformOpenAtZero(words[0], words[1]);
                            double v = NormalVariates.uniform(words[2], words[3]);
                            String at = "seed=" + seed + " particle=" + particle + " step=" + step + " block=" + block;
                            assertEquals(u, lanes[l], 0.0, at);
                            assertEquals(v, lanes[ROW + l], 0.0, at);
                            assertEquals((float) u, floats[l], 0.0f, at);
                            assertEquals((float) v, floats[ROW + l], 0.0f, at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void lanesDrawTheSharedLayout() {
        double[] lanes = new double[2 * ROW];
        double[] expected = new double[6];
        long[] words = new long[4];
        for (long seed : SEEDS) {
            for (long first : FIRSTS) {
                PhiloxRow row = row(seed, first, 3);
                for (long step : STEPS) {
                    for (int block = 0; block < 3; block++) {
                        PhiloxLanes.normalPair(row, step, block, lanes, 0, ROW, ROW);
                        for (int l = 0; l < ROW; l++) {
                            NormalVariates.fill(seed, first + l, step, expected, 0, 6, words);
                            String at = "seed=" + seed + " particle=" + (first + l) + " step=" + step;
                            double z0 = expected[2 * block];
                            double z1 = expected[2 * block + 1];
                            // the scalar angle 2πv is itself rounded (to 4.4e-16): the normals agree to ~1e-15 ρ
                            double tolerance = 2e-15 * (1 + Math.hypot(z0, z1));
                            assertEquals(z0, lanes[l], tolerance, at);
                            assertEquals(z1, lanes[ROW + l], tolerance, at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRowMovedOnRecomputesItsProducts() {
        PhiloxRow row = row(7L, (1L << 32) - 3, 1);
        assertFalse(row.sharedHigh);
        row.start(1L << 32, row.k0.clone(), row.k1.clone());
        assertTrue(row.sharedHigh);
        assertEquals(1L, row.highWord);
        double[] moved = new double[2 * ROW];
        double[] fresh = new double[2 * ROW];
        PhiloxLanes.uniformPair(row, 5, 0, moved, 0, ROW, ROW);
        PhiloxLanes.uniformPair(row(7L, 1L << 32, 1), 5, 0, fresh, 0, ROW, ROW);
        for (int l = 0; l < 2 * ROW; l++) {
            assertEquals(fresh[l], moved[l], 0.0);
        }
    }

    private static PhiloxRow row(long seed, long first, int blocks) {
        long[] k0 = new long[PhiloxLanes.ROUNDS];
        long[] k1 = new long[PhiloxLanes.ROUNDS];
        PhiloxLanes.keys(seed, k0, k1);
        PhiloxRow row = new PhiloxRow(ROW, blocks);
        row.start(first, k0, k1);
        return row;
    }
}
