package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ClassifierGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.testing.Normal;
import org.gdmc.testing.Studies;
import org.gdmc.testing.TestMixtures;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End-to-end studies against closed forms and Monte-Carlo-free references, on two unit Gaussians at ±μ (μ = (m, 0)),
 * guiding the class at +μ. Only the projection u = x₀ matters: the orthogonal coordinate is untouched by guidance.
 */
class GuidedOracleTest {
    private static final ForwardProcess OU = new ForwardProcess(new ConstantSchedule(1.0));
    private static final double T = 8.0;
    private static final double DELTA = 1e-3;
    private static final long N = 1 << 18;

    private static Estimate estimate(StudyResult r, int g, String name) {
        return r.results().get(g).find(name);
    }

    private static StudyResult study(Mixture target, String sampler, int steps, List<Guidance> sweep) {
        return Studies.run(target, 0, ReverseSampler.byName(sampler), OU,
                TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, steps), sweep, 2024L, N, 1 << 16, 2);
    }

    /**
     * w = 0: the output is p_δ(· | c) = N(α_δ μ, I) up to discretisation, so E[1/p₀(c | X)] = 1 + exp(2m²(1 − α_δ))
     * (= 2 at δ = 0) and E[p₀(c | X)] = E σ(2mU), U ~ N(α_δ m, 1). Tolerance: 5 s.e. plus the measured bias of the
     * order-r sampler, |E_n − E_2n|·2^r/(2^r − 1).
     */
    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "exponential-integrator", "ddpm", "probability-flow-heun"})
    void unguidedMatchesClosedForms(String sampler) {
        double m = 0.5;
        Mixture target = TestMixtures.symmetricPair(new double[] {m, 0.0});
        List<Guidance> sweep = List.of(new ClassifierFreeGuidance(0.0));
        StudyResult coarse = study(target, sampler, 200, sweep);
        StudyResult fine = study(target, sampler, 400, sweep);
        double alpha = Math.exp(-DELTA);
        double reciprocal = 1 + Math.exp(2 * m * m * (1 - alpha));
        double posterior = Normal.expect(u -> 1 / (1 + Math.exp(-2 * m * u)), alpha * m, 1.0);
        int order = ReverseSampler.byName(sampler).order();
        double richardson = Math.pow(2, order) / (Math.pow(2, order) - 1);
        for (String[] check : new String[][] {{"reciprocalPosterior.mean", "" + reciprocal},
                {"posterior.mean", "" + posterior}, {"mean[0]", "" + alpha * m}, {"mean[1]", "0"},
                {"cov[0,0]", "1"}, {"cov[1,1]", "1"}, {"cov[0,1]", "0"}}) {
            Estimate e = estimate(fine, 0, check[0]);
            double bias = richardson * Math.abs(estimate(coarse, 0, check[0]).value() - e.value());
            double exact = Double.parseDouble(check[1]);
            assertEquals(exact, e.value(), Tolerances.SIGMAS * e.stdError() + bias, sampler + " " + check[0]
                    + " (s.e. " + e.stdError() + ", bias bound " + bias + ")");
        }
    }

    /** The 1-D guided probability-flow map u(T) = z ↦ u(δ), by RK4 with 4000 steps (independent of the sampler code). */
    static double flow(double z, double m, double w) {
        int n = 4000;
        double u = z;
        double h = (T - DELTA) / n;
        for (int i = 0; i < n; i++) {
            double t = T - i * h;
            double k1 = drift(u, t, m, w);
            double k2 = drift(u - 0.5 * h * k1, t - 0.5 * h, m, w);
            double k3 = drift(u - 0.5 * h * k2, t - 0.5 * h, m, w);
            double k4 = drift(u - h * k3, t - h, m, w);
            u -= h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        return u;
    }

    /**
     * du/dt of the guided probability-flow ODE in forward time: −(u + s_w(u)), with s_w = s_c + w(s_c − s_u),
     * s_c = −(u − αm), s_u = −u + αm·tanh(αmu) for the unit-variance pair (C = α² + σ² = 1).
     */
    private static double drift(double u, double t, double m, double w) {
        double a = Math.exp(-t) * m;
        return -a * (1 + w * (1 - Math.tanh(a * u)));
    }

    /**
     * Guided ODE sampling (w = 1, 4) against the Monte-Carlo-free reference E[f(u(δ))] = ∫ f(flow(z)) φ(z) dz: mean
     * posterior and E[1/p]; and, since the 1-D flow is monotone, posterior quantiles as images of the start law's
     * quantiles. Tolerance: 5 s.e. plus Heun's bias (E_200 − E_400)·4/3, plus the quantile histogram's bin resolution.
     */
    @Test
    void guidedOdeMatchesQuadratureOfTheFlowMap() {
        double m = 1.0;
        Mixture target = TestMixtures.symmetricPair(new double[] {m, 0.0});
        List<Guidance> sweep = List.of(new ClassifierFreeGuidance(1.0), new ClassifierFreeGuidance(4.0));
        StudyResult coarse = study(target, "probability-flow-heun", 200, sweep);
        StudyResult fine = study(target, "probability-flow-heun", 400, sweep);
        for (int g = 0; g < sweep.size(); g++) {
            double w = sweep.get(g).strength();
            double posterior = Normal.expect(z -> 1 / (1 + Math.exp(-2 * m * flow(z, m, w))), 0, 1);
            double reciprocal = Normal.expect(z -> 1 + Math.exp(-2 * m * flow(z, m, w)), 0, 1);
            for (Object[] check : new Object[][] {{"posterior.mean", posterior}, {"reciprocalPosterior.mean", reciprocal}}) {
                Estimate e = estimate(fine, g, (String) check[0]);
                double bias = 4.0 / 3 * Math.abs(estimate(coarse, g, (String) check[0]).value() - e.value());
                assertEquals((double) check[1], e.value(), Tolerances.SIGMAS * e.stdError() + bias,
                        "w=" + w + " " + check[0]);
            }
            for (double q : new double[] {0.05, 0.5}) {
                double zq = inverseCdf(q);
                double pq = 1 / (1 + Math.exp(-2 * m * flow(zq, m, w)));
                Estimate e = estimate(fine, g, String.format("posterior.q%02d", Math.round(q * 100)));
                double resolution = 0.005 * pq * (1 - pq);
                assertEquals(pq, e.value(), Tolerances.SIGMAS * e.stdError() + resolution, "w=" + w + " q=" + q);
            }
        }
    }

    private static double inverseCdf(double q) {
        double lo = -40;
        double hi = 40;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (Normal.cdf(mid) < q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * Guidance raises the posterior. Unguided, an ODE path of this pair has d logit_t/dτ = 2mα(u + αm) with
     * u(t) = z + m(e^{−t} − e^{−T}), so it is monotone exactly when z + m e^{−T} ≥ 0: probability Φ(m e^{−T}) (about ½;
     * checked within 5 s.e. plus 0.005 for checking at grid nodes only). Guided, the binding time is still T, where
     * tanh(α_T m u) ≈ 0 for the paths at the threshold, giving Φ(m e^{−T}(1 + w)): more paths are monotone, E[1/p]
     * falls (Li and Jiao), and paired by particle no posterior gets worse.
     */
    @Test
    void guidanceRaisesThePosteriorAlongPaths() {
        Mixture target = TestMixtures.symmetricPair(new double[] {1.0, 0.0});
        List<Guidance> sweep = List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(1.0),
                new ClassifierFreeGuidance(4.0));
        StudyResult r = Studies.run(target, 0, ReverseSampler.byName("probability-flow-heun"), OU,
                TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, DELTA, 100), sweep, 9L, 1 << 14, 1 << 14, 2);
        double previous = Double.POSITIVE_INFINITY;
        double previousMonotone = 0.0;
        for (int g = 0; g < sweep.size(); g++) {
            double w = sweep.get(g).strength();
            Estimate monotone = estimate(r, g, "path.monotoneFraction");
            double exact = Normal.cdf(Math.exp(-5.0) * (1 + w));
            assertEquals(exact, monotone.value(), Tolerances.SIGMAS * monotone.stdError() + 0.005, "w=" + w);
            assertTrue(monotone.value() > previousMonotone, "paired: more monotone paths at w=" + w);
            previousMonotone = monotone.value();
            double reciprocal = estimate(r, g, "reciprocalPosterior.mean").value();
            assertTrue(reciprocal < previous, "E[1/p] decreases with w");
            previous = reciprocal;
            assertEquals(0.0, estimate(r, g, "paired.fractionWorse").value(), 0.0);
        }
    }

    /**
     * The reverse SDE samplers converge to one law at w = 2: Euler–Maruyama, the exponential integrator and DDPM at
     * 400 geometric steps agree pairwise within 5 s.e. of their difference plus each one's measured bias.
     */
    @Test
    void stochasticSamplersAgreeUnderGuidance() {
        Mixture target = TestMixtures.symmetricPair(new double[] {1.0, 0.0});
        List<Guidance> sweep = List.of(new ClassifierFreeGuidance(2.0));
        String[] names = {"euler-maruyama", "exponential-integrator", "ddpm"};
        double[] value = new double[3];
        double[] se = new double[3];
        double[] bias = new double[3];
        for (int i = 0; i < 3; i++) {
            Estimate coarse = estimate(study(target, names[i], 200, sweep), 0, "posterior.mean");
            Estimate fine = estimate(study(target, names[i], 400, sweep), 0, "posterior.mean");
            value[i] = fine.value();
            se[i] = fine.stdError();
            bias[i] = 2 * Math.abs(coarse.value() - fine.value());
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                double tol = Tolerances.SIGMAS * Math.hypot(se[i], se[j]) + bias[i] + bias[j];
                assertEquals(value[i], value[j], tol, names[i] + " vs " + names[j]);
            }
        }
    }

    /**
     * With a single class owning every component, guidance changes nothing: at any w, CFG or classifier guidance, the
     * figures are bit-identical to w = 0.
     */
    @Test
    void singleClassIsUnchangedEndToEnd() {
        Mixture target = Mixture.of(List.of(
                GaussianComponent.isotropic(0, 0.5, new double[] {1.0, 0.0}, 1.0),
                GaussianComponent.isotropic(0, 0.5, new double[] {-1.0, 0.0}, 1.0)));
        List<Guidance> sweep = List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(5.0),
                new ClassifierGuidance(6.0));
        StudyResult r = Studies.run(target, 0, ReverseSampler.byName("euler-maruyama"), OU,
                TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, DELTA, 50), sweep, 3L, 4096, 4096, 2);
        for (int g = 1; g < sweep.size(); g++) {
            for (Estimate e : r.results().get(0).estimates()) {
                if (e.name().startsWith("mean") || e.name().startsWith("cov")) {
                    assertEquals(e.value(), estimate(r, g, e.name()).value(), 0.0, e.name() + " g=" + g);
                }
            }
        }
    }
}
