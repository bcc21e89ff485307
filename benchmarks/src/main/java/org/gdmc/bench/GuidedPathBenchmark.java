package org.gdmc.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gdmc.guidance.AutoGuidance;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ConstantStrength;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.GuidanceInterval;
import org.gdmc.guidance.GuidanceSchedule;
import org.gdmc.guidance.PowerLawGuidance;
import org.gdmc.guidance.ProjectedGuidance;
import org.gdmc.guidance.RescaledGuidance;
import org.gdmc.guidance.StrengthKnots;
import org.gdmc.guidance.ScoreError;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.GaussianComponent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One particle's fused guided path on one thread, for the reference study (two unit Gaussians at ±2 in d = 2, CFG with
 * w = 1, T = 5, δ = 10⁻³, 200 uniform steps). The score is in particle-steps per second per thread. {@code schedule}
 * puts the strength on knots with a negative window (the same table the kernels read for a constant); {@code form}
 * swaps classifier-free guidance for a variant at the same w, to price each (CFG++ is classifier-free guidance at
 * other table values: its cost is cfg's).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GuidedPathBenchmark {
    static final int STEPS = 200;
    static final int PARTICLES = 64;

    @Param({"euler-maruyama", "exponential-integrator", "ddpm", "ddim", "dpm-solver++2m", "predictor-corrector",
        "probability-flow-heun"})
    public String sampler;

    @Param({"constant", "knots"})
    public String schedule;

    @Param({"cfg", "power-law", "rescaled", "apg", "autoguidance"})
    public String form;

    public double w = 1.0;
    public long seed = 20241124L;

    private int[] codes;
    private double[] tables;
    private double[] params;
    private int[] meta;
    private double[] state;
    private double[] obs;
    private double[] work;
    private long[] words;

    @Setup
    public void setUp() {
        Mixture target = Mixture.of(List.of(
                GaussianComponent.isotropic(0, 0.5, new double[] {2, 0}, 1.0),
                GaussianComponent.isotropic(1, 0.5, new double[] {-2, 0}, 1.0)));
        ReverseSampler s = ReverseSampler.byName(sampler);
        StepPlan stepPlan = new StepPlan(s, new ForwardProcess(new ConstantSchedule(1.0)),
                TimeGrid.of(GridSpacing.UNIFORM, 5.0, 1e-3, STEPS));
        GuidanceSchedule strength = schedule.equals("knots")
                ? new StrengthKnots(GuidanceInterval.Axis.TIME, new double[] {1e-3, 0.3, 1.0, 5.0},
                        new double[] {-0.2, -0.2, 1.0, 1.0}, w)
                : new ConstantStrength(w);
        Guidance guidance = switch (form) {
            case "power-law" -> new PowerLawGuidance(strength, 0.9);
            case "rescaled" -> new RescaledGuidance(strength, 0.7);
            case "apg" -> new ProjectedGuidance(strength, 0.0, 2.0, -0.5);
            case "autoguidance" -> new AutoGuidance(strength, new ScoreError(ScoreError.Kind.SMOOTHED, 0.5,
                    ScoreError.Scope.CONDITIONAL, new double[] {1, 0}));
            default -> new ClassifierFreeGuidance(strength);
        };
        PathProgram program = PathProgram.of(target, 0, stepPlan, List.of(guidance), ScoreError.NONE);
        codes = program.codes();
        tables = program.tables();
        params = program.params();
        meta = program.meta();
        state = new double[PARTICLES * 2];
        obs = new double[PARTICLES * PathKernel.OBS_LENGTH];
        work = new double[PathKernel.workLength(2)];
        words = new long[PathKernel.wordsLength()];
    }

    @Benchmark
    @OperationsPerInvocation(PARTICLES * STEPS)
    public void particleSteps(Blackhole bh) {
        for (int p = 0; p < PARTICLES; p++) {
            PathKernel.simulate(codes, tables, params, meta, 0, seed, p, state, 2 * p, obs, p * PathKernel.OBS_LENGTH,
                    work, 0, words, 0);
        }
        bh.consume(state);
        bh.consume(obs);
    }
}
