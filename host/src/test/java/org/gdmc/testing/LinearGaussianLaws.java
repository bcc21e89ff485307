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
     * {m, v} of the n-step chain of any sampler from N(m₀, v₀), from its own coefficient table: an affine sampler's
     * y' = A y + B s + C z gives m' = (A − B a) m + B b, v' = (A − B a)² v + C²; Heun's probability flow, with
     * f(y, t) = β(t)((1 − a) y + b) linear, gives y' = M y + k with y* = y + h f(y, t_i) and
     * y' = y + (h/2)(f(y, t_i) + f(y*, t_{i+1})), so m' = M m + k, v' = M² v.
     */
    public static double[] chain(org.gdmc.sampler.ReverseSampler sampler, ForwardProcess p, TimeGrid g, double m0,
                                 double v0, LinearScore s) {
        int n = g.steps();
        double[] ca = new double[n];
        double[] cb = new double[n];
        double[] cc = new double[n];
        sampler.coefficients(p, g, ca, cb, cc);
        boolean affine = sampler.kernel() == org.gdmc.sampler.AffineStep.CODE;
        double m = m0;
        double v = v0;
        for (int i = 0; i < n; i++) {
            double[] ab = s.at(g.time(i));
            if (affine) {
                double slope = ca[i] - cb[i] * ab[0];
                m = slope * m + cb[i] * ab[1];
                v = slope * slope * v + cc[i] * cc[i];
            } else {
                double h = ca[i];
                double[] next = s.at(g.time(i + 1));
                double c0 = cb[i] * (1 - ab[0]);
                double e0 = cb[i] * ab[1];
                double c1 = cc[i] * (1 - next[0]);
                double e1 = cc[i] * next[1];
                double slope = 1 + h / 2 * (c0 + c1 * (1 + h * c0));
                m = slope * m + h / 2 * (e0 + c1 * h * e0 + e1);
                v = slope * slope * v;
            }
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
