package org.gdmc.backend.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The lane exp, log and Box–Muller step against StrictMath (fdlibm), lane by lane. */
class LaneMathTest {
    private static final int N = 1 << 14;

    @Test
    void expWithinTwoUlp() {
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = switch (i % 4) {
                case 0 -> random.nextDouble(-708.0, 709.0);
                case 1 -> random.nextDouble(-1.0, 1.0);
                case 2 -> random.nextDouble(-1e-8, 1e-8);
                default -> (i / 4 % 1400) - 700.0;   // whole numbers, where k ln 2 reduction is exercised exactly
            };
        }
        double[] y = new double[N];
        LaneMath.exp(x, 0, y, 0, N);
        for (int i = 0; i < N; i++) {
            double expected = StrictMath.exp(x[i]);
            assertEquals(expected, y[i], 2 * Math.ulp(expected), "exp(" + x[i] + ")");
        }
    }

    @Test
    void expClampsAndKeepsNaN() {
        double[] x = new double[PhiloxLanes.WIDTH * 2];
        x[0] = -1000.0;
        x[1] = 1000.0;
        x[2] = Double.NaN;
        x[3] = Double.NEGATIVE_INFINITY;
        double[] y = new double[x.length];
        LaneMath.exp(x, 0, y, 0, x.length);
        assertEquals(StrictMath.exp(-708.0), y[0], 2 * Math.ulp(StrictMath.exp(-708.0)));
        assertEquals(StrictMath.exp(709.0), y[1], 2 * Math.ulp(StrictMath.exp(709.0)));
        assertTrue(Double.isNaN(y[2]));
        assertEquals(StrictMath.exp(-708.0), y[3], 2 * Math.ulp(StrictMath.exp(-708.0)));
    }

    @Test
    void logWithinTwoUlp() {
        SplittableRandom random = new SplittableRandom(12);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = switch (i % 4) {
                case 0 -> Math.scalb(1.0 + random.nextDouble(), random.nextInt(-1020, 1020));
                case 1 -> 1.0 + random.nextDouble(-1e-6, 1e-6);
                case 2 -> random.nextDouble(0x1.0p-53, 1.0);   // Box–Muller's u
                default -> Math.scalb(1.0, i / 4 % 200 - 100);  // exact powers of two
            };
        }
        x[1] = 1.0;
        x[5] = Math.nextDown(Math.sqrt(2.0));
        x[9] = Math.sqrt(2.0);
        x[13] = Double.MIN_NORMAL;
        double[] y = new double[N];
        LaneMath.log(x, 0, y, 0, N);
        for (int i = 0; i < N; i++) {
            double expected = StrictMath.log(x[i]);
            assertEquals(expected, y[i], 2 * Math.ulp(expected), "log(" + x[i] + ")");
        }
        double[] nan = new double[PhiloxLanes.WIDTH];
        nan[0] = Double.NaN;
        LaneMath.log(nan, 0, nan, 0, nan.length);
        assertTrue(Double.isNaN(nan[0]));
    }

    /**
     * ρ cos 2πv and ρ sin 2πv in every quarter turn, including v on the quarter boundaries and u = 1 (ρ = 0), to
     * 1e−15 ρ: a wrong sign or quadrant would be off by O(ρ), a wrong coefficient by far more than this.
     */
    @Test
    void boxMullerInEveryQuadrant() {
        SplittableRandom random = new SplittableRandom(13);
        double[] a = new double[2 * N];
        double[] u = new double[N];
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            u[i] = i % 97 == 0 ? 1.0 : random.nextDouble(0x1.0p-53, 1.0);
            v[i] = i % 8 == 0 ? (i / 8 % 9) / 8.0 : random.nextDouble();
        }
        System.arraycopy(u, 0, a, 0, N);
        System.arraycopy(v, 0, a, N, N);
        LaneMath.boxMuller(a, 0, N, N);
        for (int i = 0; i < N; i++) {
            double rho = Math.sqrt(-2.0 * StrictMath.log(u[i]));
            double theta = 2.0 * Math.PI * v[i];
            String at = "u=" + u[i] + " v=" + v[i];
            assertEquals(rho * StrictMath.cos(theta), a[i], 1e-15 * rho, at);
            assertEquals(rho * StrictMath.sin(theta), a[N + i], 1e-15 * rho, at);
        }
    }
}
