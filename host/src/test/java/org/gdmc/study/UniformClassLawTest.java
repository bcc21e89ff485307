package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.testing.Normal;
import org.gdmc.testing.Studies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unguided sampling (w = 0, exact scores) of a uniform class reproduces its law: a Kolmogorov–Smirnov test of 10⁵
 * samples against the exact CDF of the class law at the stopping time δ,
 * F_δ(x) = σ/(α(b − a)) [G((x − αa)/σ) − G((x − αb)/σ)], G(z) = zΦ(z) + φ(z) (the law of αU + σZ, U ~ U[a, b]).
 * T = 10 makes the N(0, I) start exact to e^{−10}. The threshold √n·D &lt; 1.95 is the 0.1% point of Kolmogorov's law;
 * the same samples against the interval shifted by 0.05 (D ≈ 0.025, √n·D ≈ 7.9) must fail it, so a wrong law cannot pass.
 */
class UniformClassLawTest {
    private static final int N = 100_000;
    private static final double KS_LIMIT = 1.95;

    private static double cdf(double x, double a, double b, double alpha, double sigma) {
        DoubleUnaryOperator g = z -> z * Normal.cdf(z) + Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        return sigma / (alpha * (b - a)) * (g.applyAsDouble((x - alpha * a) / sigma)
                - g.applyAsDouble((x - alpha * b) / sigma));
    }

    private static double ksStatistic(double[] sorted, DoubleUnaryOperator f) {
        double d = 0.0;
        for (int i = 0; i < sorted.length; i++) {
            double fx = f.applyAsDouble(sorted[i]);
            d = Math.max(d, Math.max(Math.abs((i + 1.0) / sorted.length - fx), Math.abs(fx - (double) i / sorted.length)));
        }
        return d;
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "probability-flow-heun"})
    void unguidedSamplesFollowTheUniformClassLaw(String sampler) {
        Mixture pair = Mixture.of(List.of(BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1)));
        double delta = 1e-3;
        ForwardProcess process = new ForwardProcess(new ConstantSchedule(1.0));
        StepPlan plan = new StepPlan(ReverseSampler.byName(sampler), process,
                TimeGrid.of(GridSpacing.GEOMETRIC, 10.0, delta, 400));
        SimulationSpec sim = new SimulationSpec(pair, 0, plan, List.of(new ClassifierFreeGuidance(0.0)),
                ScoreError.NONE, 2024L);
        double[] x = Studies.finalStates(sim, N);
        Arrays.sort(x);
        double alpha = process.alpha(delta);
        double sigma = Math.sqrt(process.sigma2(delta));
        double exact = Math.sqrt(N) * ksStatistic(x, v -> cdf(v, 1, 3, alpha, sigma));
        double shifted = Math.sqrt(N) * ksStatistic(x, v -> cdf(v, 1.05, 3.05, alpha, sigma));
        System.out.printf("%s: sqrt(n) D = %.3f against the class law, %.3f against the shifted law (limit %.2f)%n",
                sampler, exact, shifted, KS_LIMIT);
        assertTrue(exact < KS_LIMIT, sampler + ": sqrt(n) D = " + exact + " against the class law");
        assertTrue(shifted > KS_LIMIT, sampler + ": sqrt(n) D = " + shifted + " against a shifted law must fail");
    }
}
