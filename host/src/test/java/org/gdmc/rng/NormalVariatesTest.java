package org.gdmc.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.gdmc.testing.Normal;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

class NormalVariatesTest {
    private static final long SEED = 0x5EED_1234_ABCDL;

    /** 2^18 normals: 8 per (particle, step) over many particles and steps. */
    private static double[] draws() {
        int perKey = 8;
        double[] z = new double[1 << 18];
        long[] words = new long[4];
        for (int k = 0; k < z.length / perKey; k++) {
            NormalVariates.fill(SEED, k % 4096, k / 4096, z, k * perKey, perKey, words);
        }
        return z;
    }

    /**
     * Kolmogorov–Smirnov against Φ. With n = 2^18 the 0.1% critical value of √n·D is 1.95; the seed is fixed, so the
     * test is deterministic, and a wrong law (a variance off by 1%, a shifted mean of 0.01) exceeds it.
     */
    @Test
    void kolmogorovSmirnovAgainstStandardNormal() {
        double[] z = draws();
        Arrays.sort(z);
        int n = z.length;
        double d = 0.0;
        for (int i = 0; i < n; i++) {
            double f = Normal.cdf(z[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        assertTrue(Math.sqrt(n) * d < 1.95, "KS statistic sqrt(n)D = " + Math.sqrt(n) * d);
    }

    /** Mean 0, variance 1, kurtosis 3 within 5 s.e.; no correlation between consecutive variates, steps or particles. */
    @Test
    void momentsAndIndependence() {
        double[] z = draws();
        int n = z.length;
        double s1 = 0;
        double s2 = 0;
        double s4 = 0;
        for (double v : z) {
            s1 += v;
            s2 += v * v;
            s4 += v * v * v * v;
        }
        double k = Tolerances.SIGMAS;
        assertEquals(0.0, s1 / n, k * Math.sqrt(1.0 / n));
        assertEquals(1.0, s2 / n, k * Math.sqrt(2.0 / n));
        assertEquals(3.0, s4 / n, k * Math.sqrt(96.0 / n));
        for (int lag : new int[] {1, 8, 8 * 4096}) {
            double c = 0;
            for (int i = 0; i + lag < n; i++) {
                c += z[i] * z[i + lag];
            }
            assertEquals(0.0, c / (n - lag), k / Math.sqrt(n - lag), "lag " + lag);
        }
    }

    @Test
    void keyedDeterministicallyAndPrefixStable() {
        long[] words = new long[4];
        double[] a = new double[7];
        double[] b = new double[8];
        NormalVariates.fill(SEED, 123_456_789_012L, 42, a, 0, 7, words);
        NormalVariates.fill(SEED, 123_456_789_012L, 42, b, 0, 8, words);
        assertArrayEquals(a, Arrays.copyOf(b, 7), 0.0);
        double[] c = new double[8];
        NormalVariates.fill(SEED, 123_456_789_012L, 43, c, 0, 8, words);
        assertTrue(c[0] != b[0], "another step gives other noise");
        NormalVariates.fill(SEED + 1, 123_456_789_012L, 42, c, 0, 8, words);
        assertTrue(c[0] != b[0], "another seed gives other noise");
    }

    @Test
    void uniformsStayInsideTheirIntervals() {
        assertEquals(0x1.0p-53, NormalVariates.uniformOpenAtZero(0, 0), 0.0);
        assertEquals(1.0, NormalVariates.uniformOpenAtZero(0xFFFFFFFFL, 0xFFFFFFFFL), 0.0);
        assertEquals(0.0, NormalVariates.uniform(0, 0), 0.0);
        assertTrue(NormalVariates.uniform(0xFFFFFFFFL, 0xFFFFFFFFL) < 1.0);
    }
}
