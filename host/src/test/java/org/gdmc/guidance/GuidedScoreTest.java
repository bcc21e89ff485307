package org.gdmc.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.testing.TestMixtures;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

class GuidedScoreTest {
    private static final double[][] TIMES = {{Math.exp(-1e-3), -Math.expm1(-2e-3)},
            {Math.exp(-0.7), -Math.expm1(-1.4)}, {Math.exp(-4), -Math.expm1(-8)}};

    private static double[] guided(Mixture m, int cls, Guidance g, double alpha, double sigma2, double[] x) {
        int d = m.dimension();
        double[] s = TestMixtures.evaluate(m, cls, alpha, sigma2, x);
        double[] out = new double[d];
        GuidedScore.combine(g.form(), g.strength(), s, 0, d, out, 0);
        return out;
    }

    /** Classifier guidance with γ = 1 + w equals classifier-free guidance with w, for exact scores. */
    @Test
    void classifierGuidanceEqualsClassifierFree() {
        Mixture m = TestMixtures.threeClassFullCovariance();
        for (double w : new double[] {0.0, 0.5, 4.0, 30.0, -1.0}) {
            for (double[] at : TIMES) {
                for (double[] x : TestMixtures.points()) {
                    for (int c = 0; c < m.classes(); c++) {
                        double[] cfg = guided(m, c, new ClassifierFreeGuidance(w), at[0], at[1], x);
                        double[] cg = guided(m, c, new ClassifierGuidance(1 + w), at[0], at[1], x);
                        double scale = 0;
                        for (double v : cfg) {
                            scale = Math.max(scale, Math.abs(v));
                        }
                        assertArrayEquals(cfg, cg, 1e-11 * Math.max(1, scale * (1 + Math.abs(w))),
                                "w=" + w + " class " + c);
                    }
                }
            }
        }
    }

    /**
     * Classifier guidance at γ = 1 adds exactly ∇log p_t(c | x) to the unconditional score; that gradient matches central
     * differences of log p_t(c | x) = log p_t(x | c) + log π_c − log p_t(x), computed by direct inversion.
     */
    @Test
    void classifierGradientMatchesFiniteDifferences() {
        Mixture m = TestMixtures.threeClassFullCovariance();
        int d = m.dimension();
        double h = 1e-5;
        for (double[] at : TIMES) {
            for (double[] x : TestMixtures.points()) {
                for (int c = 0; c < m.classes(); c++) {
                    double[] withGrad = guided(m, c, new ClassifierGuidance(1.0), at[0], at[1], x);
                    double[] without = guided(m, c, new ClassifierGuidance(0.0), at[0], at[1], x);
                    for (int i = 0; i < d; i++) {
                        double[] xp = x.clone();
                        double[] xm = x.clone();
                        xp[i] += h;
                        xm[i] -= h;
                        double fd = (logPosterior(m, c, at, xp) - logPosterior(m, c, at, xm)) / (2 * h);
                        assertEquals(fd, withGrad[i] - without[i], 1e-5 * Math.max(1, Math.abs(fd)));
                    }
                }
            }
        }
    }

    private static double logPosterior(Mixture m, int c, double[] at, double[] x) {
        return TestMixtures.logDensity(m, at[0], at[1], x, c) - TestMixtures.logDensity(m, at[0], at[1], x, -1);
    }

    /** With one class owning every component, p_t(c | x) = 1 and guidance changes nothing, bit for bit, at any w. */
    @Test
    void singleClassIsUnchangedByGuidance() {
        Mixture m = Mixture.of(List.of(
                GaussianComponent.isotropic(0, 0.3, new double[] {1.0, 2.0}, 0.5),
                new GaussianComponent(0, 0.7, new double[] {-1.0, 0.0}, new double[][] {{1.0, 0.4}, {0.4, 2.0}})));
        for (double[] at : TIMES) {
            for (double[] x : List.of(new double[] {0.3, -0.2}, new double[] {50.0, -70.0})) {
                double[] base = guided(m, 0, new ClassifierFreeGuidance(0.0), at[0], at[1], x);
                for (double w : new double[] {1.0, 7.5, 1e3}) {
                    assertArrayEquals(base, guided(m, 0, new ClassifierFreeGuidance(w), at[0], at[1], x), 0.0);
                    assertArrayEquals(base, guided(m, 0, new ClassifierGuidance(1 + w), at[0], at[1], x),
                            Tolerances.F64_REL * 100);
                }
            }
        }
    }
}
