package org.gdmc.backend;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.guidance.AutoGuidance;
import org.gdmc.guidance.CfgPlusPlus;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ClassifierGuidance;
import org.gdmc.guidance.ConstantStrength;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.GuidanceInterval;
import org.gdmc.guidance.GuidanceSchedule;
import org.gdmc.guidance.PowerLawGuidance;
import org.gdmc.guidance.ProjectedGuidance;
import org.gdmc.guidance.RescaledGuidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.guidance.StrengthKnots;
import org.gdmc.guidance.StrengthShape;
import org.gdmc.kernel.PathProgram;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;

/**
 * One example of every piece a {@link PathProgram} composes, and the simulations that run them together: what the
 * contract tests hold every path against the CPU's float64 scalar kernel with (the vector lanes where a study allows
 * them, float32 on the CPU, the device in both precisions), like EJML's generic tests that run the same suite against
 * every implementation.
 *
 * <p>A new piece gets one example here; the contract tests then run it on every path, and {@code PiecesTest} fails
 * until it has one (it enumerates the sealed hierarchies of samplers, guidance forms and schedules, the score error
 * kinds and the mixture's component kinds, and looks for each among {@link #examples}).
 */
public final class Pieces {
    /** The seed of every example. */
    public static final long SEED = 20241124L;

    private Pieces() {
    }

    /** A named simulation. */
    public record Example(String name, SimulationSpec spec) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A named target. */
    public record Target(String name, Mixture mixture) {
    }

    /** Every sampler. */
    public static List<ReverseSampler> samplers() {
        return ReverseSampler.all();
    }

    /** One example of every guidance schedule, at scale 1 (scaled for each use). */
    public static List<GuidanceSchedule> schedules() {
        return List.of(new ConstantStrength(1.0),
                new GuidanceInterval(GuidanceInterval.Axis.TIME, 0.05, 1.0, 1.0, 0.0));
    }

    /**
     * The sweep every example runs: both forms at constant strengths (w = 0, the conditional score; w = 3; γ = 2.5),
     * then both forms under every other schedule.
     */
    public static List<Guidance> guidances() {
        List<Guidance> out = new ArrayList<>(List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(3.0),
                new ClassifierGuidance(2.5)));
        for (GuidanceSchedule s : schedules()) {
            if (!(s instanceof ConstantStrength)) {
                out.add(new ClassifierFreeGuidance(s.scaledTo(3.0)));
                out.add(new ClassifierGuidance(s.scaledTo(2.5)));
            }
        }
        return out;
    }

    /**
     * One of each well-conditioned guidance variant and of the schedules beyond the interval, for a plan: power-law,
     * autoguidance against a smoothed and
     * a biased weak model (the second under a cosine shape), classifier-free guidance on knots with a negative window,
     * classifier guidance on a linear ramp, and CFG++ where the sampler defines it.
     */
    public static List<Guidance> variants(StepPlan plan, int d) {
        double horizon = plan.grid().horizon();
        double delta = plan.grid().delta();
        double[] e1 = new double[d];
        e1[0] = 1.0;
        List<Guidance> out = new ArrayList<>(List.of(
                new PowerLawGuidance(new ConstantStrength(2.0), 0.9),
                new AutoGuidance(new ConstantStrength(2.0), new ScoreError(ScoreError.Kind.SMOOTHED, 0.3,
                        ScoreError.Scope.CONDITIONAL, e1)),
                new AutoGuidance(new StrengthShape(StrengthShape.Kind.COSINE, 0.0, 2.0, horizon, delta, 1.5),
                        new ScoreError(ScoreError.Kind.BIAS, 0.4, ScoreError.Scope.CONDITIONAL, e1)),
                new ClassifierFreeGuidance(new StrengthKnots(GuidanceInterval.Axis.TIME,
                        new double[] {delta, 0.3, 1.0, horizon}, new double[] {1.0, 1.0, -0.5, 0.0}, 3.0)),
                new ClassifierGuidance(new StrengthShape(StrengthShape.Kind.LINEAR, 0.0, 2.0, horizon, delta, 2.5))));
        if (!Double.isNaN(plan.sampler().tweedieShare(plan.process(), plan.grid(), 0))) {
            out.add(new CfgPlusPlus(new ConstantStrength(0.6)));
        }
        return out;
    }

    /**
     * The variants that normalise by a spread or a norm ({@link Guidance#wellConditioned} false): rescaled guidance,
     * APG with a threshold and momentum, and APG with a parallel weight inside an interval. Rescaled guidance only
     * from d = 3: in d = 2 its factor std(s_c)/std(s_w) = |s_c,1 − s_c,2|/|s_w,1 − s_w,2| is so often near 0/0 that
     * float32 leaves float64 on 8% of the paths (measured on the diagonal pair's target), a property of the method in
     * two coordinates that the README states.
     */
    public static List<Guidance> normalisingVariants(int d) {
        List<Guidance> out = new ArrayList<>(List.of(new ProjectedGuidance(new ConstantStrength(3.0), 0.0, 1.5, -0.5),
                new ProjectedGuidance(new GuidanceInterval(GuidanceInterval.Axis.TIME, 0.05, 1.0, 3.0, 0.0), 0.5, 0.0,
                        0.0)));
        if (d >= 3) {
            out.add(0, new RescaledGuidance(new ConstantStrength(3.0), 0.7));
        }
        return out;
    }

    /**
     * Targets that exercise every component kind and every path: full and isotropic Gaussians with three classes in
     * d = 3 (the scalar kernel), uniforms on intervals in d = 1 and a Gaussian beside a box in d = 2 (box scores),
     * one diagonal Gaussian per class with unequal covariances in d = 2 (the lanes' one-pass pair step), a class
     * of two diagonal Gaussians against one in d = 3 (the general lanes), and two classes guided against a separate
     * unconditional model of a Gaussian and a box in d = 2 ({@code guidance.unconditional}).
     */
    public static List<Target> targets() {
        return List.of(
                new Target("three classes of full and isotropic Gaussians (d=3)", Mixture.of(List.of(
                        new GaussianComponent(0, 0.3, new double[] {1.5, 0.0, -0.5},
                                new double[][] {{1, 0.3, 0}, {0.3, 0.8, 0.1}, {0, 0.1, 0.5}}),
                        GaussianComponent.isotropic(0, 0.2, new double[] {0.0, 2.0, 1.0}, 0.4),
                        GaussianComponent.isotropic(1, 0.25, new double[] {-1.5, -1.0, 0.0}, 1.0),
                        new GaussianComponent(2, 0.25, new double[] {0.5, -2.0, 1.5},
                                new double[][] {{0.6, 0, 0}, {0, 1.2, 0}, {0, 0, 0.9}})))),
                new Target("two uniform intervals (d=1)", Mixture.of(List.of(BoxComponent.interval(0, 0.5, 1, 3),
                        BoxComponent.interval(1, 0.5, -3, -1)))),
                new Target("a Gaussian against a box (d=2)", Mixture.of(List.of(
                        new GaussianComponent(0, 0.5, new double[] {1, -1}, new double[][] {{0.5, 0}, {0, 2}}),
                        new BoxComponent(1, 0.5, new double[] {-3, -1}, new double[] {-1, 2})))),
                new Target("a diagonal Gaussian per class (d=2, pair lanes)", Mixture.of(List.of(
                        new GaussianComponent(0, 0.4, new double[] {1.5, -0.5}, new double[][] {{0.5, 0}, {0, 1.2}}),
                        new GaussianComponent(1, 0.6, new double[] {-1.0, 0.5}, new double[][] {{1.0, 0}, {0, 0.3}})))),
                new Target("two diagonal Gaussians against one (d=3, general lanes)", Mixture.of(List.of(
                        GaussianComponent.isotropic(0, 0.3, new double[] {1.0, 0.5, 0.0}, 0.6),
                        new GaussianComponent(0, 0.3, new double[] {2.0, -1.0, 0.5},
                                new double[][] {{0.4, 0, 0}, {0, 1.5, 0}, {0, 0, 0.8}}),
                        GaussianComponent.isotropic(1, 0.4, new double[] {-1.5, 0.0, -0.5}, 1.0)))),
                new Target("two classes against a separate unconditional model (d=2)", Mixture.of(List.of(
                        GaussianComponent.isotropic(0, 0.5, new double[] {1.0, 0.5}, 1.0),
                        GaussianComponent.isotropic(1, 0.5, new double[] {-1.0, 0.0}, 0.5)))
                        .withUnconditional(Mixture.of(List.of(
                                GaussianComponent.isotropic(0, 0.7, new double[] {0.0, 0.0}, 4.0),
                                new BoxComponent(0, 0.3, new double[] {-1, -1}, new double[] {2, 1}))))));
    }

    /** Every kind of score error in d dimensions, each on a different scope. */
    public static List<ScoreError> scoreErrors(int d) {
        double[] direction = new double[d];
        direction[0] = 1.0;
        return List.of(new ScoreError(ScoreError.Kind.BIAS, 0.3, ScoreError.Scope.CONDITIONAL, direction),
                new ScoreError(ScoreError.Kind.RELATIVE, 0.1, ScoreError.Scope.UNCONDITIONAL, direction),
                new ScoreError(ScoreError.Kind.SMOOTHED, 0.05, ScoreError.Scope.BOTH, direction));
    }

    /** The step plan of every example: n steps on a geometric grid from T = 5 to δ = 10⁻³, β = 1. */
    public static StepPlan plan(ReverseSampler sampler, int steps) {
        return new StepPlan(sampler, new ForwardProcess(new ConstantSchedule(1.0)),
                TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, steps));
    }

    /**
     * The examples: every sampler on every target with exact scores (the multistep and corrector samplers on three,
     * {@link #everyTarget}), then every score error on the first two targets
     * (Gaussians, uniforms) with two samplers (the first stochastic one and the deterministic one), then those two
     * samplers on those two targets from the exact start ({@link org.gdmc.kernel.StartLaw}); then the guidance
     * {@link #variants} and {@link #normalisingVariants} on every target with DDPM, and on the first with Heun and
     * DDIM; the rest each under the whole
     * {@link #guidances()} sweep, guiding class 0.
     */
    public static List<Example> examples(int steps) {
        return examples(steps, true);
    }

    /**
     * The examples {@code gdmc selfcheck} runs on a device: all of {@link #examples(int)} but the guidance variants
     * beyond the first two targets, whose kernel code the first two already exercise (the contract tests run them
     * all). Keeps the check at a few minutes on a CPU device.
     */
    public static List<Example> selfCheckExamples(int steps) {
        return examples(steps, false);
    }

    /**
     * Whether a sampler's examples cover every target: the one-step samplers do (each target takes a different path
     * of the CPU backend, the lanes included); the multistep and predictor-corrector steps, which the lanes do not run
     * and whose code does not depend on the target beyond the guided score, run on three: full and isotropic
     * Gaussians, uniform intervals (box scores) and a separate unconditional model.
     */
    static boolean everyTarget(ReverseSampler s) {
        return s.kernel() == org.gdmc.sampler.AffineStep.CODE || s.kernel() == org.gdmc.sampler.HeunStep.CODE;
    }

    private static List<Example> examples(int steps, boolean everyVariantTarget) {
        List<Example> out = new ArrayList<>();
        List<Target> targets = targets();
        for (ReverseSampler s : samplers()) {
            for (int k : everyTarget(s) ? java.util.stream.IntStream.range(0, targets.size()).toArray()
                    : new int[] {0, 1, targets.size() - 1}) {
                Target t = targets.get(k);
                out.add(new Example(s.name() + " on " + t.name(), new SimulationSpec(t.mixture(), 0, plan(s, steps),
                        guidances(), ScoreError.NONE, SEED)));
            }
        }
        List<ReverseSampler> two = List.of(samplers().get(0), samplers().get(samplers().size() - 1));
        for (Target t : targets.subList(0, 2)) {
            for (ScoreError e : scoreErrors(t.mixture().dimension())) {
                for (ReverseSampler s : two) {
                    out.add(new Example(s.name() + " on " + t.name() + " with " + e.describe(),
                            new SimulationSpec(t.mixture(), 0, plan(s, steps), guidances(), e, SEED)));
                }
            }
        }
        for (Target t : targets.subList(0, 2)) {
            for (ReverseSampler s : two) {
                StepPlan p = plan(s, steps);
                out.add(new Example(s.name() + " on " + t.name() + " from the exact start", new SimulationSpec(
                        t.mixture(), 0, new StepPlan(s, p.process(), p.grid(), true), guidances(), ScoreError.NONE,
                        SEED)));
            }
        }
        ReverseSampler ddpm = ReverseSampler.byName("ddpm");
        ReverseSampler heun = samplers().get(samplers().size() - 1);
        for (int k = 0; k < (everyVariantTarget ? targets.size() : 2); k++) {
            Target t = targets.get(k);
            List<ReverseSampler> with = k == 0 ? List.of(ddpm, heun, ReverseSampler.byName("ddim")) : List.of(ddpm);
            for (ReverseSampler s : with) {
                StepPlan p = plan(s, steps);
                out.add(new Example(s.name() + " on " + t.name() + " under the guidance variants", new SimulationSpec(
                        t.mixture(), 0, p, variants(p, t.mixture().dimension()), ScoreError.NONE, SEED)));
                out.add(new Example(s.name() + " on " + t.name() + " under the normalising variants",
                        new SimulationSpec(t.mixture(), 0, p, normalisingVariants(t.mixture().dimension()),
                                ScoreError.NONE, SEED)));
            }
        }
        return out;
    }
}
