package org.gdmc.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.kernel.ScorePass;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.MixtureScore;
import org.gdmc.testing.Studies;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScoreErrorTest {
    private static final Mixture UNIFORM_PAIR = Mixture.of(List.of(
            BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1)));

    private static SimulationSpec spec(Mixture target, String sampler, ScoreError error) {
        StepPlan plan = new StepPlan(ReverseSampler.byName(sampler), new ForwardProcess(new ConstantSchedule(1.0)),
                TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 50));
        return new SimulationSpec(target, 0, plan, List.of(new ClassifierFreeGuidance(3.0)), error, 11L);
    }

    @ParameterizedTest
    @EnumSource(value = ScoreError.Kind.class, names = {"BIAS", "RELATIVE", "SMOOTHED"})
    void zeroEpsilonIsTheExactSamplerBitForBit(ScoreError.Kind kind) {
        for (String sampler : List.of("euler-maruyama", "probability-flow-heun")) {
            for (Mixture target : List.of(UNIFORM_PAIR, TestMixtures.threeClassFullCovariance())) {
                double[] dir = new double[target.dimension()];
                dir[0] = 1.0;
                double[] exact = Studies.finalStates(spec(target, sampler, ScoreError.NONE), 512);
                double[] zero = Studies.finalStates(
                        spec(target, sampler, new ScoreError(kind, 0.0, ScoreError.Scope.BOTH, dir)), 512);
                assertArrayEquals(exact, zero, kind + " with epsilon 0, " + sampler);
                double[] perturbed = Studies.finalStates(
                        spec(target, sampler, new ScoreError(kind, 0.05, ScoreError.Scope.BOTH, dir)), 512);
                assertFalse(java.util.Arrays.equals(exact, perturbed), kind + " with epsilon 0.05 changes the output");
            }
        }
    }

    @Test
    void smoothedErrorIsTheExactScoreOfTheSmoothedTarget() {
        Mixture m = TestMixtures.threeClassFullCovariance();
        double eps = 0.3;
        List<Component> widened = new ArrayList<>();
        for (Component c : m.components()) {
            GaussianComponent g = (GaussianComponent) c;
            double[][] cov = new double[g.mean().length][];
            for (int i = 0; i < cov.length; i++) {
                cov[i] = g.covariance()[i].clone();
                cov[i][i] += eps * eps;
            }
            widened.add(new GaussianComponent(g.cls(), g.weight(), g.mean(), cov));
        }
        Mixture smoothed = Mixture.of(widened);
        int d = m.dimension();
        double alpha = 0.7;
        double sigma2 = 1 - alpha * alpha;
        double[] x = {0.3, -1.2, 0.8};
        double[] err = new ScoreError(ScoreError.Kind.SMOOTHED, eps, ScoreError.Scope.BOTH, new double[d]).packed(d);
        double[] scratch = new double[2 * ScorePass.length(d)];
        MixtureScore.evaluate(m.packedParams(), m.packedMeta(), 1, alpha, sigma2, x, 0, scratch, 0);
        double logit = ScorePass.classLogit(scratch, 0, d);
        ScorePerturbation.apply(err, 0, m.packedParams(), m.packedMeta(), 1, alpha, sigma2, x, 0, scratch, 0,
                ScorePass.length(d), d);
        double[] ref = TestMixtures.evaluate(smoothed, 1, alpha, sigma2, x);
        for (int i = 0; i < d; i++) {
            assertEquals(ref[ScorePass.conditional(d) + i], scratch[ScorePass.conditional(d) + i], 1e-13);
            assertEquals(ref[ScorePass.unconditional(d) + i], scratch[ScorePass.unconditional(d) + i], 1e-13);
            assertEquals(ref[ScorePass.otherClasses(d) + i], scratch[ScorePass.otherClasses(d) + i], 1e-13);
        }
        assertEquals(logit, ScorePass.classLogit(scratch, 0, d), 0.0, "the class logit stays exact");
    }

    @Test
    void biasAndRelativeErrorsTouchOnlyTheirScope() {
        Mixture m = TestMixtures.threeClassFullCovariance();
        int d = m.dimension();
        double[] x = {1.0, 0.5, -0.4};
        double[] exact = TestMixtures.evaluate(m, 0, 0.5, 0.75, x);
        double[] u = {3.0, 0.0, 4.0};
        double[] err = new ScoreError(ScoreError.Kind.BIAS, 0.2, ScoreError.Scope.CONDITIONAL, u).packed(d);
        double[] s = exact.clone();
        ScorePerturbation.apply(err, 0, m.packedParams(), m.packedMeta(), 0, 0.5, 0.75, x, 0, s, 0, 0, d);
        double[] unit = {0.6, 0.0, 0.8};
        for (int i = 0; i < d; i++) {
            assertEquals(exact[ScorePass.conditional(d) + i] + 0.2 * unit[i], s[ScorePass.conditional(d) + i], 1e-15);
            assertEquals(exact[ScorePass.unconditional(d) + i], s[ScorePass.unconditional(d) + i], 0.0);
        }
        err = new ScoreError(ScoreError.Kind.RELATIVE, 0.1, ScoreError.Scope.UNCONDITIONAL, new double[d]).packed(d);
        s = exact.clone();
        ScorePerturbation.apply(err, 0, m.packedParams(), m.packedMeta(), 0, 0.5, 0.75, x, 0, s, 0, 0, d);
        for (int i = 0; i < d; i++) {
            assertEquals(1.1 * exact[ScorePass.unconditional(d) + i], s[ScorePass.unconditional(d) + i], 1e-15);
            assertEquals(exact[ScorePass.conditional(d) + i], s[ScorePass.conditional(d) + i], 0.0);
        }
    }
}
