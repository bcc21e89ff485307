package org.gdmc.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.gdmc.testing.Normal;
import org.junit.jupiter.api.Test;

class NormalIntervalsTest {

    @Test
    void erfcxMatchesKnownValuesAndTheContinuedFraction() {
        // SciPy's scipy.special.erfcx (Faddeeva package), machine precision
        double[][] known = {{0.0, 1.0}, {0.1, 0.8964569799691268}, {0.25, 0.7703465477309970},
            {0.5, 0.6156903441929258}, {1.0, 0.4275835761558070}, {2.0, 0.2553956763105058},
            {4.0, 0.1369994576250614}, {5.0, 0.1107046377330686}, {26.5, 0.0212750466853711},
            {100.0, 0.0056416137829894}};
        for (double[] k : known) {
            // the values carry 16 decimals: 5e-17 absolute
            assertEquals(k[1], NormalIntervals.erfcx(k[0]), Math.max(2e-15 * k[1], 1e-16), "erfcx(" + k[0] + ")");
        }
        for (double x = 1.0; x < 26; x += 0.37) { // the continued fraction converges slowly below 1
            double reference = Normal.erfcx(x);
            assertEquals(reference, NormalIntervals.erfcx(x), 1e-14 * reference, "erfcx(" + x + ")");
        }
        for (double x = 0.0; x < 2; x += 0.0625) {
            // Maclaurin series: 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)); terms stay below 25, so 1e-15 absolute
            double sum = 0.0;
            double term = x;
            for (int n = 0; n < 80; n++) {
                sum += term / (2 * n + 1);
                term *= -x * x / (n + 1);
            }
            assertEquals(2.0 / Math.sqrt(Math.PI) * sum, NormalIntervals.erf(x), 2e-15, "erf(" + x + ")");
        }
    }

    @Test
    void logMassMatchesTailReferenceEverywhere() {
        double[] starts = {-1e4, -300, -40, -8.5, -3, -1, -0.3, -1e-3, 0, 2e-3, 0.4, 1.2, 3.3, 9, 37, 250, 1e4};
        double[] widths = {1e-3, 0.05, 0.3, 1, 2.5, 10, 100};
        for (double lo : starts) {
            for (double w : widths) {
                double hi = lo + w;
                double[] out = new double[2];
                NormalIntervals.evaluate(hi, lo, w, out, 0);
                double ref = Normal.logIntervalMass(hi, lo);
                assertEquals(ref, out[0], 1e-11 * Math.max(1.0, Math.abs(ref)), "log mass on [" + lo + ", " + hi + "]");
            }
        }
    }

    @Test
    void truncatedMeanMatchesNumericalDerivativeOfLogMass() {
        // m = E[U | lo < U < hi] = −d/ds log(Φ(hi + s) − Φ(lo + s)) at s = 0
        double[] starts = {-2e3, -60, -7, -2, -0.6, -1e-2, 0, 0.25, 1.5, 6, 45, 2e3};
        double[] widths = {2e-3, 0.1, 0.7, 3, 40};
        for (double lo : starts) {
            for (double w : widths) {
                double hi = lo + w;
                double[] out = new double[2];
                NormalIntervals.evaluate(hi, lo, w, out, 0);
                // the log-mass varies on the scale min(w, 1/|lo|); a step of 1% of it balances truncation and rounding
                double h = 1e-2 * Math.min(w, 1.0 / (1.0 + Math.min(Math.abs(lo), Math.abs(hi))));
                double numeric = -richardson(s -> Normal.logIntervalMass(hi + s, lo + s), h);
                assertEquals(numeric, out[1], 1e-7 * (1.0 + Math.abs(numeric)), "mean on [" + lo + ", " + hi + "]");
                assertTrue(out[1] > lo && out[1] < hi, "mean inside the interval");
            }
        }
    }

    @Test
    void narrowIntervalsKeepFullRelativeAccuracy() {
        // Φ(x + Δ) − Φ(x) = Δ φ(x + Δ/2) (1 + O(Δ²)): exact to rounding for Δ ≤ 1e-8
        double[] centres = {-30, -3, -0.2, 0, 0.7, 4, 25};
        for (double c : centres) {
            for (double delta : new double[] {1e-8, 1e-30, 1e-300}) {
                double[] out = new double[2];
                NormalIntervals.evaluate(c + delta / 2, c - delta / 2, delta, out, 0);
                double expected = Math.log(delta) - 0.5 * c * c - 0.5 * Math.log(2 * Math.PI);
                assertEquals(expected, out[0], 1e-13 * Math.abs(expected), "log mass at " + c + ", width " + delta);
                assertEquals(c, out[1], 1e-12 * (1 + Math.abs(c)), "mean at " + c);
            }
        }
    }

    @Test
    void kahanExpm1IsAccurateToAFewUlps() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            double x = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-12, 3));
            double exact = Math.expm1(x);
            assertEquals(exact, NormalIntervals.expm1(x), 4 * Math.ulp(exact), "expm1(" + x + ")");
        }
        assertEquals(-1.0, NormalIntervals.expm1(-800), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, NormalIntervals.expm1(800), 0.0);
        assertEquals(1e-300, NormalIntervals.expm1(1e-300), 0.0);
    }

    private static double richardson(java.util.function.DoubleUnaryOperator f, double h) {
        double d1 = (f.applyAsDouble(h) - f.applyAsDouble(-h)) / (2 * h);
        double d2 = (f.applyAsDouble(h / 2) - f.applyAsDouble(-h / 2)) / h;
        return (4 * d2 - d1) / 3;
    }
}
