package org.gdmc.backend.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The float32 lane exp, log and Box–Muller step against StrictMath rounded to float, lane by lane. */
class LaneMathF32Test {
    private static final int N = 1 << 14;

    @Test
    void expWithinTwoUlp() {
        SplittableRandom random = new SplittableRandom(21);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = switch (i % 4) {
                case 0 -> (float) random.nextDouble(-87.0, 88.0);
                case 1 -> (float) random.nextDouble(-1.0, 1.0);
                case 2 -> (float) random.nextDouble(-1e-5, 1e-5);
                default -> (i / 4 % 175) - 87.0f;   // whole numbers, where the k ln 2 reduction is exact
            };
        }
        float[] y = new float[N];
        LaneMathF32.exp(x, 0, y, 0, N);
        for (int i = 0; i < N; i++) {
            float expected = (float) StrictMath.exp(x[i]);
            assertEquals(expected, y[i], 2 * Math.ulp(expected), "exp(" + x[i] + ")");
        }
    }

    @Test
    void expClampsAndKeepsNaN() {
        float[] x = new float[LaneMathF32.FLOATS.length() * 2];
        x[0] = -1000.0f;
        x[1] = 1000.0f;
        x[2] = Float.NaN;
        x[3] = Float.NEGATIVE_INFINITY;
        float[] y = new float[x.length];
        LaneMathF32.exp(x, 0, y, 0, x.length);
        float low = (float) StrictMath.exp(-87.0);
        float high = (float) StrictMath.exp(88.0);
        assertEquals(low, y[0], 2 * Math.ulp(low));
        assertEquals(high, y[1], 2 * Math.ulp(high));
        assertTrue(Float.isNaN(y[2]));
        assertEquals(low, y[3], 2 * Math.ulp(low));
    }

    @Test
    void logWithinTwoUlp() {
        SplittableRandom random = new SplittableRandom(22);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = switch (i % 4) {
                case 0 -> Math.scalb(1.0f + (float) random.nextDouble(), random.nextInt(-125, 127));
                case 1 -> 1.0f + (float) random.nextDouble(-1e-3, 1e-3);
                case 2 -> (float) random.nextDouble(0x1.0p-53, 1.0);   // Box–Muller's u, rounded to float
                default -> Math.scalb(1.0f, i / 4 % 200 - 100);      // exact powers of two
            };
        }
        x[1] = 1.0f;
        x[5] = Math.nextDown((float) Math.sqrt(2.0));
        x[9] = (float) Math.sqrt(2.0);
        x[13] = Float.MIN_NORMAL;
        float[] y = new float[N];
        LaneMathF32.log(x, 0, y, 0, N);
        for (int i = 0; i < N; i++) {
            float expected = (float) StrictMath.log(x[i]);
            assertEquals(expected, y[i], 2 * Math.ulp(expected), "log(" + x[i] + ")");
        }
        float[] nan = new float[LaneMathF32.FLOATS.length()];
        nan[0] = Float.NaN;
        LaneMathF32.log(nan, 0, nan, 0, nan.length);
        assertTrue(Float.isNaN(nan[0]));
    }

    /**
     * ρ cos 2πv and ρ sin 2πv in every quarter turn, including v on the quarter boundaries and u = 1 (ρ = 0), to
     * 4·2⁻²⁴ ρ (a few float roundings): a wrong sign or quadrant would be off by O(ρ), a wrong coefficient by more.
     */
    @Test
    void boxMullerInEveryQuadrant() {
        SplittableRandom random = new SplittableRandom(23);
        float[] a = new float[2 * N];
        float[] u = new float[N];
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            u[i] = i % 97 == 0 ? 1.0f : (float) random.nextDouble(0x1.0p-53, 1.0);
            v[i] = i % 8 == 0 ? (i / 8 % 9) / 8.0f : (float) random.nextDouble();
        }
        System.arraycopy(u, 0, a, 0, N);
        System.arraycopy(v, 0, a, N, N);
        LaneMathF32.boxMuller(a, 0, N, N);
        for (int i = 0; i < N; i++) {
            double rho = Math.sqrt(-2.0 * StrictMath.log(u[i]));
            double theta = 2.0 * Math.PI * v[i];
            double tol = 4 * Math.ulp(1.0f) * Math.max(rho, Float.MIN_NORMAL);
            String at = "u=" + u[i] + " v=" + v[i];
            assertEquals(rho * StrictMath.cos(theta), a[i], tol, at);
            assertEquals(rho * StrictMath.sin(theta), a[N + i], tol, at);
        }
    }
}
