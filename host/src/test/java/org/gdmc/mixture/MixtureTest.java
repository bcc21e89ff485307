package org.gdmc.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.kernel.ScorePass;
import org.gdmc.testing.TestMixtures;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

class MixtureTest {
    private static final double[][] TIMES = {{1.0, 0.0}, {Math.exp(-1e-3), -Math.expm1(-2e-3)},
            {Math.exp(-0.7), -Math.expm1(-1.4)}, {Math.exp(-5), -Math.expm1(-10)}};

    /** log-sums against direct inversion with EJML, for every class and time (α, σ²) including t = 0. */
    @Test
    void logDensitiesMatchDirectInversion() {
        Mixture m = TestMixtures.threeClassFullCovariance();
        int d = m.dimension();
        for (double[] at : TIMES) {
            for (double[] x : TestMixtures.points()) {
                for (int c = 0; c < m.classes(); c++) {
                    double[] s = TestMixtures.evaluate(m, c, at[0], at[1], x);
                    double all = TestMixtures.logDensity(m, at[0], at[1], x, -1);
                    double cls = TestMixtures.logDensity(m, at[0], at[1], x, c);
                    assertEquals(all, s[ScorePass.logAll(d)], 1e-10 * Math.max(1, Math.abs(all)));
                    assertEquals(cls, s[ScorePass.logClass(d)], 1e-10 * Math.max(1, Math.abs(cls)));
                    assertEquals(cls - Math.log(m.classWeight(c)), m.logDensity(at[0], at[1], x, c),
                            1e-10 * Math.max(1, Math.abs(cls)));
                }
            }
        }
    }

    /** Scores against central differences of the independently computed log densities. */
    @Test
    void scoresMatchFiniteDifferences() {
        Mixture m = TestMixtures.threeClassFullCovariance();
        int d = m.dimension();
        double h = 1e-5;
        for (double[] at : TIMES) {
            for (double[] x : TestMixtures.points()) {
                for (int c = 0; c < m.classes(); c++) {
                    double[] s = TestMixtures.evaluate(m, c, at[0], at[1], x);
                    for (int i = 0; i < d; i++) {
                        double[] xp = x.clone();
                        double[] xm = x.clone();
                        xp[i] += h;
                        xm[i] -= h;
                        double fdAll = (TestMixtures.logDensity(m, at[0], at[1], xp, -1)
                                - TestMixtures.logDensity(m, at[0], at[1], xm, -1)) / (2 * h);
                        double fdCls = (TestMixtures.logDensity(m, at[0], at[1], xp, c)
                                - TestMixtures.logDensity(m, at[0], at[1], xm, c)) / (2 * h);
                        double tol = 1e-5 * Math.max(1, Math.abs(fdAll));
                        assertEquals(fdAll, s[ScorePass.unconditional(d) + i], tol, "all, i=" + i);
                        assertEquals(fdCls, s[ScorePass.conditional(d) + i], 1e-5 * Math.max(1, Math.abs(fdCls)),
                                "class " + c + ", i=" + i);
                    }
                }
            }
        }
    }

    /**
     * Far in the tails (|x| = 10^3 and 10^150) every output stays finite, and the score is that of the dominant
     * component, −C_k⁻¹(x − αμ_k), to relative 1e-12: no overflow of the responsibilities at any x or t. The class logit
     * is a difference of log-sums, so it is resolved only while ε|x|² ≪ |logit| (checked at 10^3).
     */
    @Test
    void farTailsStayFiniteAndExact() {
        Mixture m = TestMixtures.symmetricPair(new double[] {2.0, 0.0});
        for (double scale : new double[] {1e3, 1e150}) {
            double[] x = {scale, -0.5 * scale};
            for (double[] at : TIMES) {
                double[] s = TestMixtures.evaluate(m, 1, at[0], at[1], x);
                for (int i = 0; i < 2 * 3; i++) {
                    assertTrue(Double.isFinite(s[2 * 2 + i]), "score entry " + i + " finite at scale " + scale);
                }
                double var = at[0] * at[0] + at[1];
                // conditional (class 1, mean -2) exact; unconditional dominated by the +2 component
                assertEquals(-(x[0] + 2 * at[0]) / var, s[ScorePass.conditional(2)], Tolerances.F64_REL * scale);
                assertEquals(-(x[0] - 2 * at[0]) / var, s[ScorePass.unconditional(2)], Tolerances.F64_REL * scale);
                assertTrue(Double.isFinite(s[ScorePass.logAll(2)]));
                double logit = ScorePass.classLogit(s, 0, 2);
                assertTrue(Double.isFinite(logit));
                if (scale < 1e6) {
                    // class 1 sits at -2: far out at +x the point belongs to class 0; logit = -4 alpha x / var exactly
                    assertEquals(-8 * at[0] * x[0] / var / 2, logit, 1e-9 * Math.abs(logit));
                }
            }
        }
    }

    @Test
    void classWeightsAndShape() {
        Mixture m = TestMixtures.threeClassFullCovariance();
        assertEquals(3, m.dimension());
        assertEquals(3, m.classes());
        assertEquals(0.45, m.classWeight(1), 1e-15);
    }

    @Test
    void rejectsImpossibleMixtures() {
        double[][] eye = {{1, 0}, {0, 1}};
        assertField("components", () -> Mixture.of(List.of()));
        assertField("components[0].covariance", () -> Mixture.of(List.of(
                new GaussianComponent(0, 1.0, new double[] {0, 0}, new double[][] {{1, 2}, {2, 1}}))));
        assertField("components[0].covariance", () -> Mixture.of(List.of(
                new GaussianComponent(0, 1.0, new double[] {0, 0}, new double[][] {{1, 0.5}, {0.4, 1}}))));
        assertField("components[0].covariance[1][1]", () -> Mixture.of(List.of(
                new GaussianComponent(0, 1.0, new double[] {0, 0}, new double[][] {{1, 0}, {0, -1}}))));
        assertField("components[*].weight", () -> Mixture.of(List.of(
                new GaussianComponent(0, 0.5, new double[] {0, 0}, eye),
                new GaussianComponent(1, 0.6, new double[] {1, 0}, eye))));
        assertField("components[1].weight", () -> Mixture.of(List.of(
                new GaussianComponent(0, 1.0, new double[] {0, 0}, eye),
                new GaussianComponent(1, -0.0, new double[] {1, 0}, eye))));
        assertField("components[1].mean", () -> Mixture.of(List.of(
                new GaussianComponent(0, 0.5, new double[] {0, 0}, eye),
                new GaussianComponent(1, 0.5, new double[] {1, 0, 0}, eye))));
        assertField("components[0].mean[1]", () -> Mixture.of(List.of(
                new GaussianComponent(0, 1.0, new double[] {0, Double.NaN}, eye))));
        assertField("components[*].class", () -> Mixture.of(List.of(
                new GaussianComponent(0, 0.5, new double[] {0, 0}, eye),
                new GaussianComponent(2, 0.5, new double[] {1, 0}, eye))));
    }

    private static void assertField(String field, Runnable r) {
        InvalidTargetException e = assertThrows(InvalidTargetException.class, r::run);
        assertEquals(field, e.field(), e.getMessage());
    }
}
