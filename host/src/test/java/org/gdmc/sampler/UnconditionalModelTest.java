package org.gdmc.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.gdmc.config.StudyConfig;
import org.gdmc.estimate.Estimate;
import org.gdmc.fields.ConfigException;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.reference.TiltedLaw;
import org.gdmc.study.GuidanceResult;
import org.gdmc.testing.LinearGaussianLaws;
import org.gdmc.testing.Studies;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code guidance.unconditional}: the linear-Gaussian case of the guidance literature, class N(1, 1) guided against
 * a separate unconditional N(0, 4). Under the Ornstein–Uhlenbeck process (β = 1) the noised laws are N(α, 1) and
 * N(0, 1 + 3α²), so the CFG score is linear, s = −a(t) y + b(t) with a = (1 + w) − w/(1 + 3α²) and b = (1 + w) α:
 * the Euler–Maruyama chain's output law is a recursion, and the continuous SDE's and ODE's moments solve
 * dm/dτ = (1 − κa) m + κb, dv/dτ = 2(1 − κa) v + 2·[SDE] (κ = 2 for the SDE, 1 for the ODE), integrated here by RK4.
 * The tilted law N(1, 1)^{1+w} N(0, 4)^{−w} is N((1 + w)/λ, 1/λ), λ = 1 + w − w/4.
 */
class UnconditionalModelTest {
    private static final ForwardProcess PROCESS = new ForwardProcess(new ConstantSchedule(1.0));
    private static final Mixture CLASS = Mixture.of(List.of(GaussianComponent.isotropic(0, 1.0, new double[] {1.0},
            1.0)));
    private static final Mixture UNCONDITIONAL = Mixture.of(List.of(GaussianComponent.isotropic(0, 1.0,
            new double[] {0.0}, 4.0)));
    private static final Mixture TARGET = CLASS.withUnconditional(UNCONDITIONAL);

    /** {a, b} of s = −a y + b at time t. */
    static double[] score(double w, double t) {
        double alpha = PROCESS.alpha(t);
        return new double[] {(1 + w) - w / (1 + 3 * alpha * alpha), (1 + w) * alpha};
    }

    /** The n-step Euler–Maruyama chain's {m, v} from N(0, 1). */
    static double[] chain(double w, TimeGrid g) {
        return LinearGaussianLaws.eulerMaruyama(PROCESS, g, 0, 1, t -> score(w, t));
    }

    /** The continuous SDE's (stochastic) or ODE's {m, v} at δ from N(0, 1) at T. */
    static double[] continuous(double w, boolean stochastic, double horizon, double delta) {
        return LinearGaussianLaws.continuous(stochastic, PROCESS, horizon, delta, t -> score(w, t));
    }

    @Test
    void theEulerMaruyamaChainFollowsItsRecursion() {
        TimeGrid g = TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 40);
        for (double w : new double[] {0.0, 2.0}) {
            double[] exact = chain(w, g);
            GuidanceResult r = Studies.run(TARGET, 0, ReverseSampler.byName("euler-maruyama"), PROCESS, g,
                    List.of(new ClassifierFreeGuidance(w)), 11, 1 << 18, 1 << 16, 2).results().get(0);
            Estimate mean = r.find("mean[0]");
            Estimate var = r.find("cov[0,0]");
            assertEquals(exact[0], mean.value(), Tolerances.SIGMAS * mean.stdError(), "w=" + w + " mean");
            assertEquals(exact[1], var.value(), Tolerances.SIGMAS * var.stdError(), "w=" + w + " variance");
        }
        double[] guided = chain(2.0, g);
        double[] unguided = chain(0.0, g);
        assertTrue(guided[0] - unguided[0] > 0.2, "guidance against N(0, 4) moves the mean out: " + guided[0]);
    }

    /**
     * Heun's probability flow on 400 steps against the ODE's continuous moments (its discretisation error, O(h²), is
     * below 10⁻⁴ here), and the chain on 4,000 steps against the SDE's (O(h)), each at 5 s.e. plus that error.
     */
    @Test
    void theSamplersConvergeToTheContinuousMoments() {
        double w = 3.0;
        double[] ode = continuous(w, false, 5.0, 1e-3);
        TimeGrid fine = TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 400);
        GuidanceResult heun = Studies.run(TARGET, 0, ReverseSampler.byName("probability-flow-heun"), PROCESS, fine,
                List.of(new ClassifierFreeGuidance(w)), 12, 1 << 17, 1 << 16, 2).results().get(0);
        assertEquals(ode[0], heun.find("mean[0]").value(), Tolerances.SIGMAS * heun.find("mean[0]").stdError() + 1e-4);
        assertEquals(ode[1], heun.find("cov[0,0]").value(), Tolerances.SIGMAS * heun.find("cov[0,0]").stdError()
                + 1e-4);
        double[] sde = continuous(w, true, 5.0, 1e-3);
        double[] em = chain(w, TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 4000));
        assertEquals(sde[0], em[0], 2e-3, "the 4000-step chain is within O(h) of the SDE");
        assertEquals(sde[1], em[1], 2e-3);
        double lambda = 1 + w - w / 4;
        assertTrue(Math.abs(ode[1] - 1 / lambda) > 0.01 || Math.abs(sde[1] - 1 / lambda) > 0.01,
                "CFG does not sample the tilted law here: ODE var " + ode[1] + ", SDE var " + sde[1] + ", tilted "
                        + 1 / lambda);
    }

    /** The tilted law uses the separate p(x): N((1 + w)/λ, 1/λ), entropy ½ log(2πe/λ). */
    @Test
    void theTiltedLawUsesTheUnconditionalModel() {
        for (double w : new double[] {0.0, 1.0, 4.0}) {
            double lambda = 1 + w - w / 4;
            assertEquals(0.5 * Math.log(2 * Math.PI * Math.E / lambda), TiltedLaw.of(TARGET, 0, w).entropy(), 1e-8,
                    "w=" + w);
        }
    }

    @Test
    void theStudyFileWritesIt() {
        String study = """
                target: {type: mixture, components: [{class: 0, weight: 1, mean: [1], variance: 1}]}
                guidance:
                  type: classifier-free
                  w: [2]
                  unconditional: {components: [{weight: 1, mean: [0], variance: 4}]}
                """;
        StudyConfig c = StudyConfig.parse(study, Map.of());
        GaussianComponent u = (GaussianComponent) c.target().unconditional().components().get(0);
        assertEquals(1, c.target().unconditional().components().size());
        assertEquals(0.0, u.mean()[0]);
        assertEquals(4.0, u.covariance()[0][0]);
        assertEquals(1, c.target().components().size(), "the data law keeps its own components");
        assertEquals(4.0, c.resolved().path("guidance").path("unconditional").path("components").get(0)
                .path("covariance").get(0).get(0).asDouble());
        refused(() -> StudyConfig.parse(study.replace("{weight: 1, mean: [0]", "{class: 0, weight: 1, mean: [0]"),
                Map.of()), "guidance.unconditional.components[0].class");
        refused(() -> StudyConfig.parse(study.replace("mean: [0], variance: 4", "mean: [0, 1], variance: 4"),
                Map.of()), "guidance.unconditional.components");
        refused(() -> StudyConfig.parse(study.replace("{weight: 1, mean: [0]", "{weight: 0.5, mean: [0]"),
                Map.of()), "guidance.unconditional.components");
    }

    private static void refused(Executable e, String field) {
        ConfigException x = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, e);
        assertTrue(x.getMessage().contains("'" + field), x.getMessage());
    }
}
