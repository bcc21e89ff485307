package org.gdmc.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.junit.jupiter.api.Test;

/** The tilted law q_w ∝ p₀(x|c)^{1+w} p₀(x)^{−w} against closed forms and an independent quadrature. */
class TiltedLawTest {
    private static final Mixture GAUSS_PAIR = Mixture.of(List.of(
            GaussianComponent.isotropic(0, 0.5, new double[] {2.0}, 1.0),
            GaussianComponent.isotropic(1, 0.5, new double[] {-2.0}, 1.0)));

    @Test
    void gaussLegendreIsExactToDegree2nMinus1() {
        for (int n = 1; n <= 12; n++) {
            GaussLegendre rule = new GaussLegendre(n);
            for (int degree = 0; degree <= 2 * n - 1; degree++) {
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                    s += rule.weight(i, 0.0, 1.0) * Math.pow(rule.node(i, 0.0, 1.0), degree);
                }
                assertEquals(1.0 / (degree + 1), s, 1e-14, "n=" + n + ", degree " + degree);
            }
        }
    }

    /** w = 0 is the class law: log Z = 0, the closed-form entropy, and the exact normal-CDF cell masses. */
    @Test
    void weightZeroIsTheClassLaw() {
        TiltedLaw q = TiltedLaw.of(GAUSS_PAIR, 0, 0.0);
        assertEquals(0.0, q.logNormaliser(), 1e-13);
        assertEquals(0.5 * Math.log(2 * Math.PI * Math.E), q.entropy(), 1e-12);
        CellGrid grid = CellGrid.covering(GAUSS_PAIR);
        double[] exact = new ClassLaw(GAUSS_PAIR, 0).cellMasses(grid);
        double[] quad = q.cellMasses(grid);
        double worst = 0.0;
        for (int k = 0; k < exact.length; k++) {
            worst = Math.max(worst, Math.abs(exact[k] - quad[k]));
        }
        assertTrue(worst < 1e-14, "largest cell-mass difference " + worst);
    }

    /**
     * A component far narrower than the grid's cells (σ = 1e-5 beside σ = 1, cells 3.7e-3 wide): the cells are cut
     * around it, so w = 0 still gives the class law's closed-form entropy and exact cell masses; one so narrow that
     * no double separates its mean from μ ± σ cannot be integrated, and says so instead of giving a number.
     */
    @Test
    void narrowComponentsAreIntegratedOrRefusedNeverWrong() {
        Mixture narrow = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.5, new double[] {1.0}, 1e-10),
                GaussianComponent.isotropic(1, 0.5, new double[] {-1.0}, 1.0)));
        TiltedLaw q = TiltedLaw.of(narrow, 0, 0.0);
        assertEquals(0.5 * Math.log(2 * Math.PI * Math.E * 1e-10), q.entropy(), 1e-9);
        double[] exact = new ClassLaw(narrow, 0).cellMasses(CellGrid.covering(narrow));
        double[] quad = q.cellMasses(CellGrid.covering(narrow));
        for (int k = 0; k < exact.length; k++) {
            assertEquals(exact[k], quad[k], 1e-12, "cell " + k);
        }
        TiltedLaw guided = TiltedLaw.of(narrow, 0, 3.0);
        assertTrue(Double.isFinite(guided.entropy()) && guided.entropy() < q.entropy() + 1e-9,
                "guidance narrows it further: " + guided.entropy());
        Mixture point = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.5, new double[] {1.0}, 1e-40),
                GaussianComponent.isotropic(1, 0.5, new double[] {-1.0}, 1.0)));
        TiltedLaw.UnresolvedException e = assertThrows(TiltedLaw.UnresolvedException.class,
                () -> TiltedLaw.of(point, 0, 0.0));
        assertTrue(e.getMessage().contains("narrower than the reference quadrature resolves"), e.getMessage());
    }

    /**
     * Class U[0, 2] against U[1, 3], equal weights: q̃ = 2^{w−1} on [0, 1) and ½ on [1, 2], so Z = 2^{w−1} + ½, the
     * cell masses are exact and H = −a log a − b log b with a = 2^{w−1}/Z, b = ½/Z.
     */
    @Test
    void overlappingBoxesHaveAClosedForm() {
        Mixture boxes = Mixture.of(List.of(BoxComponent.interval(0, 0.5, 0, 2), BoxComponent.interval(1, 0.5, 1, 3)));
        CellGrid grid = new CellGrid(new double[] {-0.7}, new double[] {0.3}, new int[] {14});
        for (double w : new double[] {0, 1, 4, 16}) {
            TiltedLaw q = TiltedLaw.of(boxes, 0, w, grid);
            double z = Math.pow(2, w - 1) + 0.5;
            double a = Math.pow(2, w - 1) / z;
            double b = 0.5 / z;
            assertEquals(Math.log(z), q.logNormaliser(), 1e-13, "log Z at w=" + w);
            assertEquals(-a * Math.log(a) - b * Math.log(b), q.entropy(), 1e-13, "entropy at w=" + w);
            double[] masses = q.cellMasses(grid);
            for (int k = 0; k < 14; k++) {
                double lo = -0.7 + 0.3 * k;
                double hi = lo + 0.3;
                double expected = a * overlap(lo, hi, 0, 1) + b * overlap(lo, hi, 1, 2);
                assertEquals(expected, masses[k], 1e-14, "cell " + k + " at w=" + w);
            }
            assertEquals(Math.log(0.5 * a), q.logDensity(new double[] {0.5}) + Math.log(0.5), 1e-12);
            assertEquals(Double.NEGATIVE_INFINITY, q.logDensity(new double[] {2.5}));
        }
    }

    private static double overlap(double a, double b, double c, double d) {
        return Math.max(0.0, Math.min(b, d) - Math.max(a, c));
    }

    /**
     * Two unit Gaussians at ±2: Z and H against a trapezoid rule on [−30, 30] written from the densities themselves
     * (independent of the mixture code); in 2-D with a second, shared N(0, 1) coordinate the tilt leaves that
     * coordinate alone, so Z is the same and H grows by ½ log(2πe).
     */
    @Test
    void gaussianPairAgainstAnIndependentQuadrature() {
        Mixture plane = Mixture.of(List.of(
                GaussianComponent.isotropic(0, 0.5, new double[] {2.0, 0.0}, 1.0),
                GaussianComponent.isotropic(1, 0.5, new double[] {-2.0, 0.0}, 1.0)));
        for (double w : new double[] {0.5, 1, 4, 16}) {
            int n = 600_000;
            double h = 60.0 / n;
            double z = 0.0;
            double zl = 0.0;
            for (int i = 0; i <= n; i++) {
                double x = -30 + i * h;
                double c = Math.exp(-0.5 * (x - 2) * (x - 2)) / Math.sqrt(2 * Math.PI);
                double o = Math.exp(-0.5 * (x + 2) * (x + 2)) / Math.sqrt(2 * Math.PI);
                double lq = (1 + w) * Math.log(c) - w * Math.log(0.5 * c + 0.5 * o);
                double f = Math.exp(lq) * (i == 0 || i == n ? 0.5 : 1.0) * h;
                z += f;
                zl += f * lq;
            }
            double entropy = Math.log(z) - zl / z;
            TiltedLaw q = TiltedLaw.of(GAUSS_PAIR, 0, w);
            System.out.printf("tilted law of N(2,1) vs N(-2,1), w=%4.1f: log Z %.12f (trapezoid %.12f), "
                    + "H %.12f (trapezoid %.12f)%n", w, q.logNormaliser(), Math.log(z), q.entropy(), entropy);
            assertEquals(Math.log(z), q.logNormaliser(), 1e-10, "log Z at w=" + w);
            assertEquals(entropy, q.entropy(), 1e-10, "H at w=" + w);
            TiltedLaw q2 = TiltedLaw.of(plane, 0, w);
            assertEquals(q.logNormaliser(), q2.logNormaliser(), 1e-9, "2-D log Z at w=" + w);
            assertEquals(q.entropy() + 0.5 * Math.log(2 * Math.PI * Math.E), q2.entropy(), 1e-8, "2-D H at w=" + w);
        }
    }

    /**
     * Importance sampling against quadrature: in 2-D directly, and in 3-D with two shared N(0, 1) coordinates, where
     * Z is the 1-D one and H grows by log(2πe); within 5 s.e.
     */
    @Test
    void importanceSamplingAgreesWithQuadrature() {
        Mixture space = Mixture.of(List.of(
                GaussianComponent.isotropic(0, 0.5, new double[] {2.0, 0.0, 0.0}, 1.0),
                GaussianComponent.isotropic(1, 0.5, new double[] {-2.0, 0.0, 0.0}, 1.0)));
        Mixture skew = Mixture.of(List.of(
                new GaussianComponent(0, 0.3, new double[] {1.0, 0.5}, new double[][] {{1.0, 0.4}, {0.4, 0.6}}),
                GaussianComponent.isotropic(1, 0.7, new double[] {-1.0, 0.0}, 1.5)));
        for (double w : new double[] {0, 1, 4}) {
            TiltedLaw q1 = TiltedLaw.of(GAUSS_PAIR, 0, w);
            TiltedLaw.Sampled s3 = TiltedLaw.importanceSampled(space, 0, w, 200_000, 11L);
            System.out.printf("w=%.0f, d=3 by importance sampling: log Z %.5f ± %.5f (quadrature %.5f), H %.5f ± %.5f "
                    + "(quadrature %.5f)%n", w, s3.logNormaliser(), s3.logNormaliserStdError(), q1.logNormaliser(),
                    s3.entropy(), s3.entropyStdError(), q1.entropy() + Math.log(2 * Math.PI * Math.E));
            assertEquals(q1.logNormaliser(), s3.logNormaliser(), 5 * s3.logNormaliserStdError() + 1e-12);
            assertEquals(q1.entropy() + Math.log(2 * Math.PI * Math.E), s3.entropy(), 5 * s3.entropyStdError() + 1e-12);
            TiltedLaw q2 = TiltedLaw.of(skew, 0, w);
            TiltedLaw.Sampled s2 = TiltedLaw.importanceSampled(skew, 0, w, 200_000, 12L);
            System.out.printf("w=%.0f, correlated 2-D: log Z %.5f ± %.5f (quadrature %.5f), H %.5f ± %.5f "
                    + "(quadrature %.5f)%n", w, s2.logNormaliser(), s2.logNormaliserStdError(), q2.logNormaliser(),
                    s2.entropy(), s2.entropyStdError(), q2.entropy());
            assertEquals(q2.logNormaliser(), s2.logNormaliser(), 5 * s2.logNormaliserStdError() + 1e-12);
            assertEquals(q2.entropy(), s2.entropy(), 5 * s2.entropyStdError() + 1e-12);
        }
    }

    /**
     * The geometric laws p₀(x | c)^a p₀(x)^b: a = 0, b = 1 is the data law itself (Z = 1, entropy of the data law, on
     * both classes' supports, boxes included); the annealed class law of a box of length 2 at β = 3 has
     * Z = (1/2)^3 · 2 = 1/4; importance sampling of the product agrees with the quadrature; non-integrable
     * exponents are refused.
     */
    @Test
    void geometricLawsAgainstClosedForms() {
        TiltedLaw data = TiltedLaw.geometric(GAUSS_PAIR, 0, 0.0, 1.0, "the data law");
        assertEquals(0.0, data.logNormaliser(), 1e-10);
        Mixture boxes = Mixture.of(List.of(BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1)));
        TiltedLaw dataBoxes = TiltedLaw.geometric(boxes, 0, 0.0, 1.0, "the data law");
        assertEquals(0.0, dataBoxes.logNormaliser(), 1e-12, "mass on both boxes");
        assertEquals(Math.log(4.0), dataBoxes.entropy(), 1e-12, "uniform on a support of length 4");
        TiltedLaw annealed = TiltedLaw.geometric(boxes, 0, 3.0, 0.0, "p(x|c)^3");
        assertEquals(Math.log(0.25), annealed.logNormaliser(), 1e-12, "(1/2)^3 over a length of 2");
        TiltedLaw product = TiltedLaw.geometric(GAUSS_PAIR, 0, 1.0, 1.0, "the product");
        TiltedLaw.Sampled sampled = TiltedLaw.importanceSampled(GAUSS_PAIR, 0, 1.0, 1.0, 1 << 18, 3L);
        assertEquals(product.logNormaliser(), sampled.logNormaliser(), 5 * sampled.logNormaliserStdError());
        assertEquals(product.entropy(), sampled.entropy(), 5 * sampled.entropyStdError());
        assertThrows(IllegalArgumentException.class, () -> TiltedLaw.geometric(GAUSS_PAIR, 0, -1.0, 2.0, "x"));
        assertThrows(IllegalArgumentException.class, () -> TiltedLaw.geometric(GAUSS_PAIR, 0, 1.0, -1.0, "x"));
        assertThrows(IllegalArgumentException.class, () -> TiltedLaw.importanceSampled(GAUSS_PAIR, 0, 0.0, 1.0, 10,
                3L));
    }

    @Test
    void rejectsWeightsBelowMinusOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TiltedLaw.of(GAUSS_PAIR, 0, -1.5));
        assertTrue(e.getMessage().contains("-1.5"), e.getMessage());
    }
}
