package org.gdmc.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.reference.FokkerPlanck1d.Discretisation;
import org.gdmc.reference.FokkerPlanck1d.Dynamics;
import org.gdmc.reference.FokkerPlanck1d.Problem;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.junit.jupiter.api.Test;

/** The 1-D Fokker–Planck and continuity-equation reference against closed forms. */
class FokkerPlanck1dTest {
    private static final ForwardProcess PROCESS = new ForwardProcess(new ConstantSchedule(1.0));
    private static final double T = 5.0;
    private static final double DELTA = 1e-3;

    /**
     * For one Gaussian class N(μ, s²) the guided drift is linear, so the law stays Gaussian: with C = α²s² + σ², the
     * reverse SDE has dm/dτ = β(m − 2(m − αμ)/C), dv/dτ = 2β(1 − 2/C)v + 2β, and the probability-flow ODE
     * dm/dτ = β(m − (m − αμ)/C), dv/dτ = 2β(1 − 1/C)v, from (0, 1) at t = T; predictor–corrector's limit at rate λ
     * (w = 0: s_c + λ s_c) has k = 1 + λ in place of 2 and the noise 2λβ. In general dm/dτ = β(m − k(m − αμ)/C),
     * dv/dτ = 2β(1 − k/C)v + 2qβ. Integrated here by RK4 in log t.
     */
    private static double[] gaussianMoments(double mu, double s2, double k, double q) {
        int n = 200_000;
        double[] y = {0.0, 1.0};
        double u0 = Math.log(T);
        double du = (Math.log(DELTA) - u0) / n;
        for (int i = 0; i < n; i++) {
            double u = u0 + i * du;
            double[] k1 = rate(u, y, mu, s2, k, q);
            double[] k2 = rate(u + du / 2, add(y, k1, du / 2), mu, s2, k, q);
            double[] k3 = rate(u + du / 2, add(y, k2, du / 2), mu, s2, k, q);
            double[] k4 = rate(u + du, add(y, k3, du), mu, s2, k, q);
            for (int j = 0; j < 2; j++) {
                y[j] += du / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
            }
        }
        return y;
    }

    /** d(m, v)/du with u = log t, dτ = −t du. */
    private static double[] rate(double u, double[] y, double mu, double s2, double k, double q) {
        double t = Math.exp(u);
        double alpha = PROCESS.alpha(t);
        double c = alpha * alpha * s2 + PROCESS.sigma2(t);
        double beta = PROCESS.beta(t);
        double dm = beta * (y[0] - k * (y[0] - alpha * mu) / c);
        double dv = 2 * beta * (1 - k / c) * y[1] + 2 * q * beta;
        return new double[] {-t * dm, -t * dv};
    }

    private static double[] add(double[] y, double[] k, double h) {
        return new double[] {y[0] + h * k[0], y[1] + h * k[1]};
    }

    @Test
    void linearGaussianCaseConvergesToTheExactLaw() {
        double mu = 1.5;
        double s2 = 0.25;
        Mixture one = Mixture.of(List.of(GaussianComponent.isotropic(0, 1.0, new double[] {mu}, s2)));
        double lambda = 2.0;
        for (Dynamics dynamics : Dynamics.values()) {
            double[] exact = switch (dynamics) {
                case REVERSE_SDE -> gaussianMoments(mu, s2, 2.0, 1.0);
                case PROBABILITY_FLOW -> gaussianMoments(mu, s2, 1.0, 0.0);
                case PREDICTOR_CORRECTOR -> gaussianMoments(mu, s2, 1.0 + lambda, lambda);
            };
            double exactEntropy = 0.5 * Math.log(2 * Math.PI * Math.E * exact[1]);
            Problem p = new Problem(one, 0, new ClassifierFreeGuidance(0.0), ScoreError.NONE, PROCESS, T, DELTA,
                    dynamics, dynamics == Dynamics.PREDICTOR_CORRECTOR ? lambda : 0.0);
            double previous = Double.POSITIVE_INFINITY;
            for (int refine = 1; refine <= 4; refine *= 2) {
                GuidedLaw1d law = FokkerPlanck1d.solve(p, new Discretisation(-8, 8, 1024 * refine, 500 * refine));
                assertEquals(1.0, law.totalMass(), 1e-12, "mass is conserved");
                assertTrue(law.minimumMass() >= 0.0, "positivity: " + law.minimumMass());
                double err = Math.max(Math.abs(law.mean() - exact[0]), Math.max(Math.abs(law.variance() - exact[1]),
                        Math.abs(law.entropy() - exactEntropy)));
                System.out.printf("%s, %d cells, %d steps: mean %.6f (exact %.6f), variance %.6f (exact %.6f), "
                        + "entropy %.6f (exact %.6f); largest error %.2e%n", dynamics, 1024 * refine, 500 * refine,
                        law.mean(), exact[0], law.variance(), exact[1], law.entropy(), exactEntropy, err);
                assertTrue(err < 0.6 * previous, "refining halves the error: " + err + " after " + previous);
                previous = err;
            }
        }
    }
    /**
     * A class 60 of its standard deviations from the start, solved on a grid of 16 units that moves with α_t μ:
     * the SDE and ODE laws converge to the exact moments as the grid is refined, and their masses sit on it, not
     * at its walls.
     */
    @Test
    void theMovingFrameFollowsAFarAwayClassOnASmallGrid() {
        double mu = 30.0;
        double s2 = 0.25;
        Mixture one = Mixture.of(List.of(GaussianComponent.isotropic(0, 1.0, new double[] {mu}, s2)));
        for (Dynamics dynamics : new Dynamics[] {Dynamics.REVERSE_SDE, Dynamics.PROBABILITY_FLOW}) {
            double[] exact = dynamics == Dynamics.REVERSE_SDE ? gaussianMoments(mu, s2, 2.0, 1.0)
                    : gaussianMoments(mu, s2, 1.0, 0.0);
            Problem p = new Problem(one, 0, new ClassifierFreeGuidance(0.0), ScoreError.NONE, PROCESS, T, DELTA,
                    dynamics);
            double previous = Double.POSITIVE_INFINITY;
            for (int refine = 1; refine <= 4; refine *= 2) {
                GuidedLaw1d law = FokkerPlanck1d.solve(p, new Discretisation(-8, 8, 1024 * refine, 500 * refine), mu);
                assertEquals(1.0, law.totalMass(), 1e-12, "mass is conserved");
                assertTrue(law.boundaryMass() < 1e-12, "nothing at the walls: " + law.boundaryMass());
                double err = Math.max(Math.abs(law.mean() - exact[0]), Math.abs(law.variance() - exact[1]));
                System.out.printf("moving frame, %s, %d cells: mean %.6f (exact %.6f), variance %.6f (exact %.6f); "
                        + "largest error %.2e%n", dynamics, 1024 * refine, law.mean(), exact[0], law.variance(),
                        exact[1], err);
                assertTrue(err < 0.6 * previous, "refining halves the error: " + err + " after " + previous);
                previous = err;
            }
            assertTrue(previous < 2e-3, dynamics + ": " + previous);
        }
    }
}
