package org.gdmc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * gdmc's own exp, log, sin and cos against {@link StrictMath} (fdlibm, correctly rounded to within 1 ulp), in ulps of
 * the exact result, on random arguments across each domain and on the edges: within 2 ulp everywhere they are defined,
 * and the same special values.
 */
class KernelMathTest {
    private static final int DRAWS = 400_000;
    private static final double ULPS = 2.0;

    /** |a − b| in ulps of b (for b = 0: a must be 0 too, or subnormal). */
    private static double ulps(double a, double b) {
        if (a == b) {
            return 0.0;
        }
        return Math.abs(a - b) / Math.ulp(b);
    }

    private static double worst(DoubleUnaryOperator mine, DoubleUnaryOperator strict, double[] xs) {
        double w = 0.0;
        double at = Double.NaN;
        for (double x : xs) {
            double u = ulps(mine.applyAsDouble(x), strict.applyAsDouble(x));
            if (!(u <= w)) {
                w = u;
                at = x;
            }
        }
        assertTrue(w <= ULPS, "worst " + w + " ulp at x = " + at + ": " + mine.applyAsDouble(at) + " against "
                + strict.applyAsDouble(at));
        return w;
    }

    private static double[] uniform(double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            x[i] = lo + (hi - lo) * r.nextDouble();
        }
        return x;
    }

    /** log-uniform magnitudes 2^lo … 2^hi, both signs when asked. */
    private static double[] logUniform(double lo, double hi, boolean signs, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            x[i] = Math.scalb(1.0 + r.nextDouble(), (int) Math.floor(lo + (hi - lo) * r.nextDouble()))
                    * (signs && r.nextBoolean() ? -1 : 1);
        }
        return x;
    }

    @Test
    void expIsWithinTwoUlp() {
        double a = worst(KernelMath::exp, StrictMath::exp, uniform(-745.0, 709.78, 1));
        double b = worst(KernelMath::exp, StrictMath::exp, uniform(-1.0, 1.0, 2));
        double c = worst(KernelMath::exp, StrictMath::exp, logUniform(-60, 9, true, 3));
        System.out.printf("exp: worst %.2f ulp on [-745, 709.78], %.2f on [-1, 1], %.2f log-uniform%n", a, b, c);
        assertEquals(Double.POSITIVE_INFINITY, KernelMath.exp(710.0));
        assertEquals(Double.POSITIVE_INFINITY, KernelMath.exp(Double.POSITIVE_INFINITY));
        assertEquals(0.0, KernelMath.exp(-746.0));
        assertEquals(0.0, KernelMath.exp(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(KernelMath.exp(Double.NaN)));
        assertEquals(1.0, KernelMath.exp(0.0));
        assertEquals(StrictMath.exp(709.78), KernelMath.exp(709.78), Math.ulp(StrictMath.exp(709.78)) * 2);
        assertEquals(StrictMath.exp(-745.0), KernelMath.exp(-745.0), "the smallest subnormal");
        for (int j = -1022; j <= 1023; j++) {
            assertEquals(Math.scalb(1.0, j), KernelMath.pow2(j), "2^" + j);
        }
    }

    @Test
    void logIsWithinTwoUlp() {
        double a = worst(KernelMath::log, StrictMath::log, logUniform(-1074, 1023, false, 4));
        double b = worst(KernelMath::log, StrictMath::log, uniform(0.5, 2.0, 5));
        double c = worst(KernelMath::log, StrictMath::log, uniform(0x1.0p-53, 1.0, 6));
        System.out.printf("log: worst %.2f ulp over all doubles, %.2f on [0.5, 2], %.2f on (0, 1]%n", a, b, c);
        assertEquals(0.0, KernelMath.log(1.0));
        assertEquals(Double.NEGATIVE_INFINITY, KernelMath.log(0.0));
        assertEquals(Double.POSITIVE_INFINITY, KernelMath.log(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(KernelMath.log(-1.0)));
        assertTrue(Double.isNaN(KernelMath.log(Double.NaN)));
        assertEquals(StrictMath.log(Double.MIN_VALUE), KernelMath.log(Double.MIN_VALUE), 1e-12);
        assertEquals(StrictMath.log(Double.MAX_VALUE), KernelMath.log(Double.MAX_VALUE), 1e-12);
        assertEquals(StrictMath.log(0x1.0p-53), KernelMath.log(0x1.0p-53), Math.ulp(StrictMath.log(0x1.0p-53)));
    }

    @Test
    void sinAndCosAreWithinTwoUlp() {
        double[] boxMuller = uniform(0.0, 2.0 * Math.PI, 7);
        double[] wide = uniform(-1e5, 1e5, 8);
        double[] medium = logUniform(-30, 19, true, 9);
        for (String f : new String[] {"sin", "cos"}) {
            DoubleUnaryOperator mine = f.equals("sin") ? KernelMath::sin : KernelMath::cos;
            DoubleUnaryOperator strict = f.equals("sin") ? StrictMath::sin : StrictMath::cos;
            System.out.printf("%s: worst %.2f ulp on [0, 2pi), %.2f on [-1e5, 1e5], %.2f log-uniform to 2^19%n", f,
                    worst(mine, strict, boxMuller), worst(mine, strict, wide), worst(mine, strict, medium));
        }
        // the multiples of π/2 where the first pass of the reduction cancels
        for (int n = -64; n <= 64; n++) {
            double x = n * (Math.PI / 2);
            assertTrue(ulps(KernelMath.sin(x), StrictMath.sin(x)) <= ULPS, "sin(" + n + " pi/2)");
            assertTrue(ulps(KernelMath.cos(x), StrictMath.cos(x)) <= ULPS, "cos(" + n + " pi/2)");
        }
        assertEquals(0.0, KernelMath.sin(0.0));
        assertEquals(1.0, KernelMath.cos(0.0));
    }
}
