package org.gdmc.estimate;

import static org.gdmc.testing.Estimates.find;
import static org.gdmc.testing.Estimates.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.gdmc.rng.NormalVariates;
import org.gdmc.kernel.PathKernel;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.Support;
import org.gdmc.testing.Estimates.Samples;
import org.gdmc.testing.Normal;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/** Support and projection estimators on hand-placed points and on samples drawn directly from known laws. */
class SupportEstimatorTest {
    private static final int N = 1 << 17;
    /** Class 0 on [1, 3]; the other class on [−3, −1], so x = 1 is the facing end. */
    private static final Mixture PAIR = Mixture.of(List.of(
            BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1)));

    private static Samples view(int d, double[] states) {
        return new Samples(d, states, new double[states.length / d * PathKernel.OBS_LENGTH]);
    }

    /** N draws of f(z), z ~ N(0, I_d) from the counter-based generator, row-major. */
    private static double[] draw(int d, java.util.function.Function<double[], double[]> f) {
        double[] out = new double[N * d];
        double[] z = new double[d];
        long[] words = new long[4];
        for (int p = 0; p < N; p++) {
            NormalVariates.fill(77L, p, 0, z, 0, d, words);
            System.arraycopy(f.apply(z), 0, out, p * d, d);
        }
        return out;
    }

    private static void assertProportion(double exact, Estimate e) {
        double se = Math.sqrt(exact * (1 - exact) / e.count());
        assertEquals(exact, e.value(), Tolerances.SIGMAS * se + 1e-15, e.name());
    }

    @Test
    void exactOnHandPlacedPoints() {
        SupportEstimator est = new SupportEstimator(Support.of(PAIR, 0),
                new SupportOptions(new double[] {0.01, 0.05}, -1.0, 1.0, 4));
        List<Estimate> out = run(est, view(1, new double[] {1.005, 2.99, 3.2, 0.97, 2.0}), 1);
        double[][] expected = {{0.4}, {0.4, 0.2, 0.2}, {0.6, 0.4, 0.2}};
        assertEquals(0.4, find(out, "support.outside").value(), 0.0);
        assertEquals(expected[1][0], find(out, "support.within[0.01]").value(), 0.0);
        assertEquals(expected[1][1], find(out, "support.facing[0.01]").value(), 0.0);
        assertEquals(expected[1][2], find(out, "support.far[0.01]").value(), 0.0);
        assertEquals(expected[2][0], find(out, "support.within[0.05]").value(), 0.0);
        assertEquals(expected[2][1], find(out, "support.facing[0.05]").value(), 0.0);
        assertEquals(expected[2][2], find(out, "support.far[0.05]").value(), 0.0);
        assertEquals(0.4, find(out, "support.beyond[0.01]").value(), 0.0);
        assertEquals(0.2, find(out, "support.beyond[0.05]").value(), 0.0);
        assertEquals(0.0, find(out, "support.distance[-inf,-1)").value(), 0.0);
        assertEquals(0.2, find(out, "support.distance[-1,-0.5)").value(), 0.0);
        assertEquals(0.4, find(out, "support.distance[-0.5,0)").value(), 0.0);
        assertEquals(0.4, find(out, "support.distance[0,0.5)").value(), 0.0);
        assertEquals(0.0, find(out, "support.distance[0.5,1)").value(), 0.0);
        assertEquals(0.0, find(out, "support.distance[1,inf)").value(), 0.0);
        assertEquals(Math.sqrt(0.4 * 0.6 / 5), find(out, "support.outside").stdError(), 1e-15);
    }

    /** X ~ U[1, 3]: P(|r| ≤ η) = η (half at each end), nothing outside, |r| uniform on [0, 1]. */
    @Test
    void uniformSamplesHitExactBoundaryMasses() {
        double[] x = draw(1, z -> new double[] {1 + 2 * Normal.cdf(z[0])});
        double[] etas = {0.002, 0.02, 0.2};
        SupportEstimator est = new SupportEstimator(Support.of(PAIR, 0), new SupportOptions(etas, -1.0, 0.0, 10));
        List<Estimate> out = run(est, view(1, x), 7);
        assertEquals(0.0, find(out, "support.outside").value(), 0.0);
        for (double eta : etas) {
            String tag = "[" + eta + "]";
            assertProportion(eta, find(out, "support.within" + tag));
            assertProportion(eta / 2, find(out, "support.facing" + tag));
            assertProportion(eta / 2, find(out, "support.far" + tag));
        }
        for (int b = 0; b < 10; b++) {
            String name = String.format(java.util.Locale.ROOT, "support.distance[%s,%s)", fmt(-1 + 0.1 * b),
                    fmt(-1 + 0.1 * (b + 1)));
            assertProportion(0.1, find(out, name));
        }
    }

    /** X ~ N(2, 1) against [1, 3]: outside 2Φ(−1); within η 2[Φ(−1+η) − Φ(−1−η)], half of it facing. */
    @Test
    void gaussianSamplesAroundAnIntervalHitExactMasses() {
        double[] x = draw(1, z -> new double[] {2 + z[0]});
        double[] etas = {0.05, 0.3};
        SupportEstimator est = new SupportEstimator(Support.of(PAIR, 0), new SupportOptions(etas, -1.0, 1.0, 4));
        List<Estimate> out = run(est, view(1, x), 3);
        assertProportion(2 * Normal.cdf(-1), find(out, "support.outside"));
        for (double eta : etas) {
            double band = Normal.cdf(-1 + eta) - Normal.cdf(-1 - eta);
            assertProportion(2 * band, find(out, "support.within[" + eta + "]"));
            assertProportion(band, find(out, "support.facing[" + eta + "]"));
            assertProportion(2 * Normal.cdf(-1 - eta), find(out, "support.beyond[" + eta + "]"));
        }
        // 0 ≤ r < 0.5 on [0.5, 1) ∪ (3, 3.5]
        assertProportion(2 * (Normal.cdf(-1) - Normal.cdf(-1.5)), find(out, "support.distance[0,0.5)"));
    }

    /**
     * X ~ U([0, 2] × [0, 1]) with the other class to the left: P(|r| ≤ η) = 1 − (2 − 2η)(1 − 2η)/2 and the facing
     * (left) face is nearest within η on {x &lt; η, x ≤ y ≤ 1 − x}, of probability (η − η²)/2.
     */
    @Test
    void uniformBoxSamplesInTwoDimensions() {
        Mixture boxes = Mixture.of(List.of(
                new BoxComponent(0, 0.5, new double[] {0, 0}, new double[] {2, 1}),
                new BoxComponent(1, 0.5, new double[] {-3, 0}, new double[] {-1, 1})));
        double[] x = draw(2, z -> new double[] {2 * Normal.cdf(z[0]), Normal.cdf(z[1])});
        double[] etas = {0.01, 0.1};
        SupportEstimator est = new SupportEstimator(Support.of(boxes, 0), new SupportOptions(etas, -0.5, 0.0, 5));
        List<Estimate> out = run(est, view(2, x), 5);
        for (double eta : etas) {
            assertProportion(1 - (2 - 2 * eta) * (1 - 2 * eta) / 2, find(out, "support.within[" + eta + "]"));
            assertProportion((eta - eta * eta) / 2, find(out, "support.facing[" + eta + "]"));
        }
    }

    /** Two classes at ±(1, 1): u = (1, 1)/√2; X ~ N((1, 2), I) projects to N(3/√2, 1). */
    @Test
    void projectionQuantilesOfAKnownGaussian() {
        Mixture pair = Mixture.of(List.of(
                GaussianComponent.isotropic(0, 0.5, new double[] {1, 1}, 1.0),
                GaussianComponent.isotropic(1, 0.5, new double[] {-1, -1}, 1.0)));
        double[] x = draw(2, z -> new double[] {1 + z[0], 2 + z[1]});
        List<Estimate> out = run(ProjectionQuantiles.of(pair, 0), view(2, x), 4);
        double m = 3 / Math.sqrt(2);
        Estimate mean = find(out, "projection.mean");
        assertEquals(m, mean.value(), Tolerances.SIGMAS * mean.stdError());
        assertProportion(Normal.cdf(-m), find(out, "projection.otherSide"));
        for (double q : LogitQuantiles.LEVELS) {
            Estimate e = find(out, String.format("projection.q%02d", Math.round(q * 100)));
            double exact = m + inverseCdf(q);
            // s.e. of a normal quantile: √(q(1−q)/n)/φ(z_q); the estimator's own figure must agree within 20%
            double se = Math.sqrt(q * (1 - q) / N) / (Math.exp(-0.5 * inverseCdf(q) * inverseCdf(q)) / Math.sqrt(2 * Math.PI));
            assertEquals(se, e.stdError(), 0.2 * se, "s.e. of " + e.name());
            assertEquals(exact, e.value(), Tolerances.SIGMAS * se, e.name());
        }
    }

    private static double inverseCdf(double q) {
        DoubleUnaryOperator f = z -> Normal.cdf(z) - q;
        double lo = -10;
        double hi = 10;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (f.applyAsDouble(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
