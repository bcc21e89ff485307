package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.Pieces;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.KnnOptions;
import org.gdmc.estimate.SupportOptions;
import org.gdmc.guidance.AutoGuidance;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ConstantStrength;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.GuidanceInterval;
import org.gdmc.guidance.GuidanceSchedule;
import org.gdmc.guidance.PowerLawGuidance;
import org.gdmc.guidance.ProjectedGuidance;
import org.gdmc.guidance.StrengthKnots;
import org.gdmc.guidance.StrengthShape;
import org.gdmc.guidance.ScoreError;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.reference.FokkerPlanck1d;
import org.gdmc.reference.FokkerPlanck1d.Discretisation;
import org.gdmc.reference.FokkerPlanck1d.Dynamics;
import org.gdmc.reference.GuidedLaw1d;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.PredictorCorrector;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.Mixture;
import org.gdmc.testing.Studies;
import org.gdmc.testing.TestMixtures;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Monte Carlo studies of two unit Gaussians at ±2 (class +2 guided, w ∈ {0, 1, 4, 16}) converge to the 1-D
 * Fokker–Planck / continuity-equation reference: the stochastic exponential integrator and the probability-flow Heun
 * sampler, on the same geometric grid from T = 5 to δ = 10⁻³.
 *
 * <p>Each statistic S of the finest run (n steps) must lie within 5 s.e. + 2b + e of the reference, with b =
 * |S_n − S_{n/2}|/(2^r − 1) the estimated time-discretisation bias of the order-r sampler and e the reference's own
 * error estimate ({@link FokkerPlanck1d.Refined#error}); for the first-order SDE sampler the distance to the reference
 * must also shrink from n/4 to n steps. TV between the finest histogram and the reference's cell masses must sit at the
 * noise floor of exact samples, within 5 s.e. plus its own estimated bias 2|TV_n − TV_{n/2}|/(2^r − 1) and the TV
 * between the reference's two resolutions.
 */
class FokkerPlanckAgreementTest {
    private static final ForwardProcess PROCESS = new ForwardProcess(new ConstantSchedule(1.0));
    private static final double T = 5.0;
    private static final double DELTA = 1e-3;
    private static final double[] WEIGHTS = {0, 1, 4, 16};
    private static final long N = 1 << 17;

    private record Statistic(String estimate, ToDoubleFunction<GuidedLaw1d> reference) {
    }

    private static final List<Statistic> STATISTICS = List.of(
            new Statistic("posterior.mean", GuidedLaw1d::posteriorMean),
            new Statistic("reciprocalPosterior.mean", GuidedLaw1d::reciprocalPosteriorMean),
            new Statistic("mean[0]", GuidedLaw1d::mean),
            new Statistic("cov[0,0]", GuidedLaw1d::variance),
            new Statistic("density.entropy", GuidedLaw1d::entropy));

    private static Estimate find(List<Estimate> list, String name) {
        return list.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Each kind of dynamics: the stochastic exponential integrator (reverse SDE), probability-flow Heun and
     * DPM-Solver++(2M) (probability flow), and predictor–corrector guidance with one corrector step on the β rule at
     * w' = 2w, held against the reverse SDE of CFG at w: Bradley &amp; Nakkiran's theorem, against the exact law.
     * For the exponential integrator the distance to the reference must also shrink from 100 to 400 steps; the
     * corrector's bias is below the noise already at 100 steps (its convergence order is checked exactly on the
     * linear-Gaussian case, {@code PredictorCorrectorTest}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"exponential-integrator", "probability-flow-heun", "dpm-solver++2m", "predictor-corrector"})
    void monteCarloConvergesToTheReference(String name) {
        ReverseSampler sampler = ReverseSampler.byName(name);
        boolean corrector = sampler instanceof PredictorCorrector;
        boolean sde = sampler.stochastic();
        Mixture pair = TestMixtures.symmetricPair(new double[] {2.0});
        List<Guidance> sweep = new ArrayList<>();
        for (double w : WEIGHTS) {
            sweep.add(new ClassifierFreeGuidance(corrector ? 2 * w : w));
        }
        int[] steps = sde && !corrector ? new int[] {100, 200, 400} : new int[] {100, 200};
        StudyResult[] runs = new StudyResult[steps.length];
        for (int s = 0; s < steps.length; s++) {
            runs[s] = Studies.run(pair, 0, sampler, PROCESS, TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, steps[s]),
                    sweep, 7L, N, 1 << 16, 2);
        }
        StudyResult fine = runs[steps.length - 1];
        StudyResult coarse = runs[steps.length - 2];
        for (int g = 0; g < WEIGHTS.length; g++) {
            Guidance cfg = new ClassifierFreeGuidance(WEIGHTS[g]);
            FokkerPlanck1d.Problem problem = new FokkerPlanck1d.Problem(pair, 0, cfg, ScoreError.NONE, PROCESS, T,
                    DELTA, sde ? Dynamics.REVERSE_SDE : Dynamics.PROBABILITY_FLOW);
            FokkerPlanck1d.Refined ref = assertMeetsTheReference(pair, problem, sampler, fine, coarse, g);
            if (corrector) {
                FokkerPlanck1d.Refined own = FokkerPlanck1d.solveRefined(new FokkerPlanck1d.Problem(pair, 0,
                        sweep.get(g), ScoreError.NONE, PROCESS, T, DELTA, Dynamics.PREDICTOR_CORRECTOR, 1.0),
                        Discretisation.covering(pair, 4096, 2000));
                org.gdmc.reference.CellGrid cells = org.gdmc.reference.CellGrid.covering(pair);
                double tv = org.gdmc.estimate.TotalVariation.exact(own.fine().cellMasses(cells),
                        ref.fine().cellMasses(cells));
                assertTrue(tv < 1e-9, "the corrector's limit at w' = 2w is CFG's reverse SDE at w: TV " + tv);
            }
            if (sde && !corrector) {
                for (String name2 : List.of("cov[0,0]", "density.entropy")) {
                    double exact = ref.extrapolate(STATISTICS.stream().filter(st -> st.estimate().equals(name2))
                            .findFirst().orElseThrow().reference());
                    double first = Math.abs(runs[0].results().get(g).find(name2).value() - exact);
                    double last = Math.abs(fine.results().get(g).find(name2).value() - exact);
                    assertTrue(last < first, name + ": the Monte Carlo error shrinks with the steps: " + first
                            + " at " + steps[0] + " steps, " + last + " at " + steps[steps.length - 1]);
                }
            }
        }
    }

    /**
     * Predictor–corrector guidance with two corrector steps of the full β rule (λ = mκ = 2) meets the Fokker–Planck
     * law of its own limit, dY = β(Y + s_c + λ s_w) dτ + √(2λβ) dW.
     */
    @Test
    void predictorCorrectorMeetsTheLawOfItsOwnLimit() {
        Mixture pair = TestMixtures.symmetricPair(new double[] {2.0});
        for (PredictorCorrector pc : List.of(new PredictorCorrector(2, PredictorCorrector.Rule.BETA, 1.0))) {
            List<Guidance> sweep = List.of(new ClassifierFreeGuidance(3.0));
            StudyResult[] runs = new StudyResult[2];
            int[] steps = {100, 200};
            for (int s = 0; s < steps.length; s++) {
                runs[s] = Studies.run(pair, 0, pc, PROCESS, TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, steps[s]),
                        sweep, 17L, N, 1 << 16, 2);
            }
            assertMeetsTheReference(pair, new FokkerPlanck1d.Problem(pair, 0, sweep.get(0), ScoreError.NONE, PROCESS,
                    T, DELTA, Dynamics.PREDICTOR_CORRECTOR, pc.langevinRate()), pc, runs[1], runs[0], 0);
        }
    }

    /**
     * Every guidance schedule ({@link #schedules}, at scale w = 4) on the reverse SDE: the
     * Fokker–Planck reference reads the schedule at every time and the sampler at every node, so a new schedule is
     * checked against the exact law of its dynamics by being listed there.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void everyScheduleMeetsTheReference(GuidanceSchedule shape) {
        Mixture pair = TestMixtures.symmetricPair(new double[] {2.0});
        List<Guidance> sweep = List.of(new ClassifierFreeGuidance(shape.scaledTo(4.0)));
        ReverseSampler sampler = ReverseSampler.byName("exponential-integrator");
        StudyResult[] runs = new StudyResult[2];
        int[] steps = {200, 400};
        for (int s = 0; s < steps.length; s++) {
            runs[s] = Studies.run(pair, 0, sampler, PROCESS, TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, steps[s]),
                    sweep, 11L, N, 1 << 16, 2);
        }
        assertMeetsTheReference(pair, Dynamics.REVERSE_SDE, sampler, runs[1], runs[0], 0, sweep.get(0));
    }

    /**
     * The catalogue's schedules, a negative-guidance window drawn as knots (w(t) = 4 f(t), f = 1 up to t = 0.5,
     * −0.5 on [1, 2], 0 at T) and the named shapes (a linear ramp up, a cosine ramp down).
     */
    static List<GuidanceSchedule> schedules() {
        List<GuidanceSchedule> out = new ArrayList<>(Pieces.schedules());
        out.add(new StrengthKnots(GuidanceInterval.Axis.TIME, new double[] {DELTA, 0.5, 1.0, 2.0, T},
                new double[] {1.0, 1.0, -0.5, -0.5, 0.0}, 1.0));
        out.add(new StrengthShape(StrengthShape.Kind.LINEAR, 0.0, 2.0, T, DELTA, 1.0));
        out.add(new StrengthShape(StrengthShape.Kind.COSINE, 2.0, 0.0, T, DELTA, 1.0));
        return out;
    }

    /**
     * The variants whose drift is a function of (x, t) on the reverse SDE: the reference evaluates the kernel's own
     * guided score ({@code GuidedDrift.guided}), so power-law guidance, APG without momentum (in 1-D its projection
     * keeps η of the update) and autoguidance against a smoothed weak model each meet their exact law.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyContinuousVariantMeetsTheReference(Guidance guidance) {
        Mixture pair = TestMixtures.symmetricPair(new double[] {2.0});
        List<Guidance> sweep = List.of(guidance);
        ReverseSampler sampler = ReverseSampler.byName("exponential-integrator");
        StudyResult[] runs = new StudyResult[2];
        int[] steps = {200, 400};
        for (int s = 0; s < steps.length; s++) {
            runs[s] = Studies.run(pair, 0, sampler, PROCESS, TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, steps[s]),
                    sweep, 13L, N, 1 << 16, 2);
        }
        assertMeetsTheReference(pair, Dynamics.REVERSE_SDE, sampler, runs[1], runs[0], 0, guidance);
    }

    static List<Guidance> variants() {
        return List.of(new PowerLawGuidance(new ConstantStrength(2.0), 0.9),
                new ProjectedGuidance(new ConstantStrength(4.0), 0.5, 0.0, 0.0),
                new AutoGuidance(new ConstantStrength(2.0), new ScoreError(ScoreError.Kind.SMOOTHED, 0.5,
                        ScoreError.Scope.CONDITIONAL, new double[] {1.0})));
    }

    /**
     * The finest run's statistics and histogram under guidance g against the reference of its dynamics: each within
     * 5 s.e., twice the bias estimated from the coarser run, and the reference's own error; the TV at the noise floor.
     */
    private static FokkerPlanck1d.Refined assertMeetsTheReference(Mixture pair, Dynamics dynamics,
                                                                  ReverseSampler sampler, StudyResult fine,
                                                                  StudyResult coarse, int g, Guidance guidance) {
        return assertMeetsTheReference(pair, new FokkerPlanck1d.Problem(pair, 0, guidance, ScoreError.NONE, PROCESS,
                T, DELTA, dynamics), sampler, fine, coarse, g);
    }

    /** As above, against the law of a given problem (its guidance may differ from the run's). */
    private static FokkerPlanck1d.Refined assertMeetsTheReference(Mixture pair, FokkerPlanck1d.Problem problem,
                                                                  ReverseSampler sampler, StudyResult fine,
                                                                  StudyResult coarse, int g) {
        boolean sde = problem.dynamics() != Dynamics.PROBABILITY_FLOW;
        double order = Math.pow(2, sampler.order()) - 1;
        FokkerPlanck1d.Refined ref = FokkerPlanck1d.solveRefined(problem,
                sde ? Discretisation.covering(pair, 4096, 2000) : Discretisation.covering(pair, 2048, 1000));
        assertEquals(1.0, ref.fine().totalMass(), 1e-12);
        String what = sampler.name() + " " + fine.results().get(g).guidance() + " against "
                + problem.dynamics() + " " + problem.guidance().describe();
        for (Statistic st : STATISTICS) {
            Estimate e = fine.results().get(g).find(st.estimate());
            double bias = Math.abs(coarse.results().get(g).find(st.estimate()).value() - e.value()) / order;
            double exact = ref.extrapolate(st.reference());
            double tolerance = Tolerances.SIGMAS * e.stdError() + 2 * bias + ref.error(st.reference());
            System.out.printf("%s %-25s MC %.5f ± %.5f (bias %.1e)  reference %.5f (error %.1e)%n", what,
                    st.estimate(), e.value(), e.stdError(), bias, exact, ref.error(st.reference()));
            assertEquals(exact, e.value(), tolerance, what + " " + st.estimate());
        }
        List<Estimate> tv = fine.against(g, ref, "ExactLaw");
        Estimate tvExact = find(tv, "density.tvExactLaw");
        double floor = find(tv, "density.tvExactLawNoiseFloor").value();
        double tvBias = 2 * Math.abs(tvExact.value()
                - find(coarse.against(g, ref, "ExactLaw"), "density.tvExactLaw").value()) / order;
        double refTv = org.gdmc.estimate.TotalVariation.exact(
                ref.fine().cellMasses(org.gdmc.reference.CellGrid.covering(pair)),
                ref.coarse().cellMasses(org.gdmc.reference.CellGrid.covering(pair)));
        System.out.printf("%s TV to the reference %.5f ± %.5f (bias %.1e), noise floor %.5f, reference TV error %.1e%n",
                what, tvExact.value(), tvExact.stdError(), tvBias, floor, refTv);
        assertEquals(floor, tvExact.value(), Tolerances.SIGMAS * tvExact.stdError() + tvBias + refTv,
                what + " TV to the reference");
        return ref;
    }

    /**
     * The exact law a predictor-corrector study is measured against: without corrector steps, DDIM's probability
     * flow on the conditional score whatever the guidance; with them, the corrector's limit at rate mκ.
     */
    @Test
    void thePredictorCorrectorsExactLawFollowsItsCorrector() {
        Mixture pair = TestMixtures.symmetricPair(new double[] {2.0});
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, 50);
        SimulationSpec none = new SimulationSpec(pair, 0, new StepPlan(new PredictorCorrector(0,
                PredictorCorrector.Rule.BETA, 1.0), PROCESS, grid), List.of(new ClassifierFreeGuidance(4.0)), 3L);
        SimulationSpec ddim = new SimulationSpec(pair, 0, new StepPlan(ReverseSampler.byName("ddim"), PROCESS, grid),
                List.of(new ClassifierFreeGuidance(0.0)), 3L);
        assertEquals(StudyState.exactLaw(ddim, ddim.guidances().get(0)).entropy(),
                StudyState.exactLaw(none, none.guidances().get(0)).entropy(), 0.0);
        SimulationSpec two = new SimulationSpec(pair, 0, new StepPlan(new PredictorCorrector(2,
                PredictorCorrector.Rule.BETA, 0.75), PROCESS, grid), List.of(new ClassifierFreeGuidance(4.0)), 3L);
        double expected = FokkerPlanck1d.solveRefined(new FokkerPlanck1d.Problem(pair, 0, two.guidances().get(0),
                ScoreError.NONE, PROCESS, T, DELTA, Dynamics.PREDICTOR_CORRECTOR, 1.5),
                Discretisation.covering(pair, 4096, 2000)).entropy();
        assertEquals(expected, StudyState.exactLaw(two, two.guidances().get(0)).entropy(), 0.0);
    }

    /** With estimators.exactLaw, a 1-D study reports the entropy of and the TV to the reference under each guidance. */
    @Test
    void studiesReportTheExactLawWhenAskedTo() {
        Mixture pair = TestMixtures.symmetricPair(new double[] {2.0});
        List<Guidance> sweep = List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(4.0));
        SimulationSpec sim = new SimulationSpec(pair, 0, new StepPlan(ReverseSampler.byName("probability-flow-heun"),
                PROCESS, TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, 100)), sweep, 3L);
        StudySpec spec = new StudySpec(sim, 1 << 15, 1 << 14, SupportOptions.defaults(pair, 0), new KnnOptions(4, 0),
                true);
        StudyResult r;
        try (CpuBackend cpu = new CpuBackend(2)) {
            r = new StudyRunner(cpu).run(spec, (a, b, c) -> { });
        }
        for (int g = 0; g < sweep.size(); g++) {
            GuidanceResult res = r.results().get(g);
            double h = StudyState.exactLaw(sim, sweep.get(g)).entropy();
            assertEquals(h, res.find("density.exactLawEntropy").value(), 0.0);
            Estimate tv = res.find("density.tvExactLaw");
            double floor = res.find("density.tvExactLawNoiseFloor").value();
            assertEquals(floor, tv.value(), Tolerances.SIGMAS * tv.stdError(), "guidance " + g);
        }
    }
}
