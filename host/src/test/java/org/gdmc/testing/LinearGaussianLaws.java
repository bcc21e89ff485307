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
        if (sampler instanceof org.gdmc.sampler.DpmSolverPlusPlus) {
            return dpmSolver2m(p, g, m0, v0, s);
        }
        if (sampler instanceof org.gdmc.sampler.PredictorCorrector pc) {
            throw new IllegalArgumentException("predictor-corrector needs the conditional score: use predictorCorrector");
        }
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
     * {m, v} of DPM-Solver++(2M) from N(m₀, v₀), written from Lu et al. (2022), Algorithm 2, with λ = log α − ½ log σ²
     * from the process: the map is affine and deterministic, so y_i = M_i Y₀ + k_i and the previous denoiser
     * D_{i−1} = P Y₀ + q are carried as coefficients; D_i = (y_i + σ_i² s(y_i))/α_i,
     * D̄ = (1 + 1/(2r)) D_i − D_{i−1}/(2r) with r = h_{i−1}/h_i (D̄ = D_0 at the first step), and
     * y_{i+1} = (σ_{i+1}/σ_i) y_i − α_{i+1}(e^{−h_i} − 1) D̄.
     */
    public static double[] dpmSolver2m(ForwardProcess p, TimeGrid g, double m0, double v0, LinearScore s) {
        double mm = 1.0;
        double k = 0.0;
        double pm = 0.0;
        double q = 0.0;
        double hPrev = Double.NaN;
        for (int i = 0; i < g.steps(); i++) {
            double t = g.time(i);
            double u = g.time(i + 1);
            double lt = Math.log(p.alpha(t)) - 0.5 * Math.log(p.sigma2(t));
            double lu = Math.log(p.alpha(u)) - 0.5 * Math.log(p.sigma2(u));
            double h = lu - lt;
            double[] ab = s.at(t);
            double s2 = p.sigma2(t);
            double dm = (1 - s2 * ab[0]) / p.alpha(t) * mm;
            double dk = ((1 - s2 * ab[0]) * k + s2 * ab[1]) / p.alpha(t);
            double bm = dm;
            double bk = dk;
            if (i > 0) {
                double r = hPrev / h;
                bm = (1 + 1 / (2 * r)) * dm - pm / (2 * r);
                bk = (1 + 1 / (2 * r)) * dk - q / (2 * r);
            }
            double ratio = Math.sqrt(p.sigma2(u) / s2);
            double coef = -p.alpha(u) * (Math.exp(-h) - 1);
            mm = ratio * mm + coef * bm;
            k = ratio * k + coef * bk;
            pm = dm;
            q = dk;
            hPrev = h;
        }
        return new double[] {mm * m0 + k, mm * mm * v0};
    }

    /**
     * {m, v} of predictor–corrector guidance from N(m₀, v₀), from Bradley &amp; Nakkiran's description: DDIM on the
     * conditional score, y' = α_u x̂₀ + σ_u ε̂ with x̂₀ = (y + σ_t² s_c)/α_t and ε̂ = −σ_t s_c, then m Langevin steps
     * y'' = y' + ε s_w(y', u) + √(2ε) z at u = t_{i+1}, ε = κ ∫_u^t β (the β rule). With s = −a y + b each stage maps
     * (m, v) affinely: (A m + B, A² v + C²).
     */
    public static double[] predictorCorrector(ForwardProcess p, TimeGrid g, int correctors, double scale, double m0,
                                              double v0, LinearScore conditional, LinearScore guided) {
        return predictorCorrector(p, g, new org.gdmc.sampler.PredictorCorrector(correctors,
                org.gdmc.sampler.PredictorCorrector.Rule.BETA, scale), m0, v0, conditional, guided);
    }

    /** As above, for any of the corrector's step rules: ε = κ ∫_u^t β, κ σ_u² or κ. */
    public static double[] predictorCorrector(ForwardProcess p, TimeGrid g, org.gdmc.sampler.PredictorCorrector pc,
                                              double m0, double v0, LinearScore conditional, LinearScore guided) {
        int correctors = pc.steps();
        double scale = pc.scale();
        double m = m0;
        double v = v0;
        for (int i = 0; i < g.steps(); i++) {
            double t = g.time(i);
            double u = g.time(i + 1);
            double at = p.alpha(t);
            double au = p.alpha(u);
            double st = Math.sqrt(p.sigma2(t));
            double su = Math.sqrt(p.sigma2(u));
            double[] c = conditional.at(t);
            // y' = α_u (y + σ_t² s)/α_t − σ_u σ_t s = (α_u/α_t) y + (α_u σ_t²/α_t − σ_u σ_t) s
            double b = au * st * st / at - su * st;
            double slope = au / at - b * c[0];
            m = slope * m + b * c[1];
            v = slope * slope * v;
            double eps = scale * switch (pc.rule()) {
                case BETA -> p.schedule().integral(t) - p.schedule().integral(u);
                case SIGMA2 -> p.sigma2(u);
                case CONSTANT -> 1.0;
            };
            double[] w = guided.at(u);
            for (int j = 0; j < correctors; j++) {
                double cs = 1 - eps * w[0];
                m = cs * m + eps * w[1];
                v = cs * cs * v + 2 * eps;
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
