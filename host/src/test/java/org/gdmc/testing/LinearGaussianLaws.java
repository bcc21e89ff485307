package org.gdmc.testing;

import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.TimeGrid;

/**
 * Exact output laws of reverse dynamics whose guided score is linear in the state, s(y, t) = −a(t) y + b(t) (1-D,
 * Gaussian classes at w = 0, or classifier-free guidance of a Gaussian against a Gaussian): computed here by the
 * tests' own formulas, independently of the samplers' coefficient tables.
 */
public final class LinearGaussianLaws {
    private LinearGaussianLaws() {
    }

    /** The score's {a(t), b(t)}. */
    @FunctionalInterface
    public interface LinearScore {
        double[] at(double t);
    }

    /**
     * {m, v} of the n-step Euler–Maruyama chain from N(m₀, v₀): each step y' = A y + B s(y) + C z with the textbook
     * A = 1 + hβ, B = 2hβ, C = √(2βh) (β at the step's start, h its length), so m' = (A − B a) m + B b and
     * v' = (A − B a)² v + C².
     */
    public static double[] eulerMaruyama(ForwardProcess p, TimeGrid g, double m0, double v0, LinearScore s) {
        double m = m0;
        double v = v0;
        for (int i = 0; i < g.steps(); i++) {
            double t = g.time(i);
            double h = t - g.time(i + 1);
            double beta = p.schedule().beta(t);
            double[] ab = s.at(t);
            double slope = 1 + h * beta - 2 * h * beta * ab[0];
            m = slope * m + 2 * h * beta * ab[1];
            v = slope * slope * v + 2 * beta * h;
        }
        return new double[] {m, v};
    }

    /**
     * {m, v} at δ of the continuous reverse SDE (stochastic) or probability-flow ODE from N(0, 1) at T, by RK4 on
     * 2^14 steps of the moment equations dm/dτ = β((1 − κa) m + κb), dv/dτ = 2β(1 − κa) v + 2β·[SDE], κ = 2 for the
     * SDE and 1 for the ODE.
     */
    public static double[] continuous(boolean stochastic, ForwardProcess p, double horizon, double delta,
                                      LinearScore s) {
        int n = 1 << 14;
        double h = (horizon - delta) / n;
        double[] y = {0, 1};
        for (int i = 0; i < n; i++) {
            double t = horizon - i * h;
            double[] k1 = rate(stochastic, p, s, t, y);
            double[] k2 = rate(stochastic, p, s, t - h / 2, new double[] {y[0] + h / 2 * k1[0], y[1] + h / 2 * k1[1]});
            double[] k3 = rate(stochastic, p, s, t - h / 2, new double[] {y[0] + h / 2 * k2[0], y[1] + h / 2 * k2[1]});
            double[] k4 = rate(stochastic, p, s, t - h, new double[] {y[0] + h * k3[0], y[1] + h * k3[1]});
            for (int j = 0; j < 2; j++) {
                y[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
            }
        }
        return y;
    }

    private static double[] rate(boolean stochastic, ForwardProcess p, LinearScore s, double t, double[] mv) {
        double beta = p.schedule().beta(t);
        double[] ab = s.at(t);
        double kappa = stochastic ? 2 : 1;
        return new double[] {beta * ((1 - kappa * ab[0]) * mv[0] + kappa * ab[1]),
                2 * beta * (1 - kappa * ab[0]) * mv[1] + (stochastic ? 2 * beta : 0)};
    }
}
