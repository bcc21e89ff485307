package org.gdmc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gdmc.config.MaskedStudyConfig;
import org.gdmc.config.StudyConfig;
import org.gdmc.config.Sweep;
import org.gdmc.fields.ConfigException;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.Richardson;
import org.gdmc.study.Shard;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a study and writes its result files: chooses the flow the study and options ask for (a masked-diffusion study,
 * {@link MaskedRun}; a large-mixture study, one shard or a sweep of it, {@link HighDimRun}; a sweep, {@link SweepRun};
 * a continuous study or one shard of it, {@link StudyRun}) and checks
 * the options that flow cannot take.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run a study (the embedded default when no file is given) and write PREFIX.json and PREFIX.csv.",
                "A checkpoint (PREFIX.checkpoint) is saved every --checkpoint-every seconds and removed at the end; "
                        + "an interrupted run continues with --resume and ends with the same numbers as an "
                        + "uninterrupted one."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StudyOptions options;

    @Mixin
    BackendOptionsMixin backendOptions;

    @Mixin
    ResultOptions output;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only shard I of N (0 <= I < N) and write PREFIX.shard-I-of-N.state, to be combined "
                    + "by `gdmc merge` into exactly the result of one run")
    String shard;

    @Option(names = "--resume", description = "Continue an interrupted run from its checkpoint (PREFIX.checkpoint); "
            + "without a checkpoint, start from the beginning")
    boolean resume;

    /**
     * A checkpoint holds every estimator's sums (8 MB for the default study's histograms and k-NN samples), and the
     * pool waits while it is written: saved after every batch, the default study ran at 1.6e7 particle-steps/s, and at
     * 5.4e7 when saved every 30 s.
     */
    @Option(names = "--checkpoint-every", paramLabel = "SECONDS", defaultValue = "30",
            description = "Save the checkpoint after the first batch that ends this long after the last save "
                    + "(default ${DEFAULT-VALUE}; 0 = after every batch). A resumed run redoes at most this much.")
    double checkpointSeconds;

    @Option(names = "--quick", description = "A reduced run for a first look: 1/100 of the particles "
            + "(at least 20,000) and at most 100 steps")
    boolean quick;

    @Option(names = "--richardson", description = "Also run the study at half the steps (every other node of the "
            + "grid, an independent noise stream) and report, for every estimate, the Richardson-extrapolated value "
            + "NAME.richardson and the n-step value's discretisation error NAME.discretisationError, by the "
            + "sampler's weak order; the half-step run's own result is PREFIX.half-steps.json")
    boolean richardson;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines")
    boolean quiet;

    @Option(names = "--save-samples", paramLabel = "N", defaultValue = "0",
            description = "Also write the final states of the first N particles under each guidance value k as "
                    + "PREFIX.samples-k.npy (N x d, float64), their data-law logits as PREFIX.logits-k.npy and, "
                    + "under SMC, their weights as PREFIX.weights-k.npy (whole islands); listed in PREFIX.json")
    long saveSamples;

    @Option(names = "--paths", paramLabel = "N", defaultValue = "" + org.gdmc.study.PathTraces.DEFAULT_PATHS,
            description = "Record the paths of the first N particles under each guidance value (position along the "
                    + "class-mean direction and the class posterior p_t(c|y) at up to 100 nodes) in PREFIX.json and "
                    + "draw them as PREFIX.trajectories.png (default ${DEFAULT-VALUE}; 0: none; at most "
                    + org.gdmc.study.PathTraces.MAX_PATHS + ")")
    int paths;

    /** The most samples per guidance value --save-samples keeps. */
    static final long MAX_SAMPLES = 10_000_000;

    @Override
    public Integer call() throws Exception {
        if (!(checkpointSeconds >= 0) || Double.isInfinite(checkpointSeconds)) {
            throw new ConfigException("--checkpoint-every", "must be a finite number of seconds >= 0, got "
                    + checkpointSeconds);
        }
        if (saveSamples < 0 || saveSamples > MAX_SAMPLES) {
            throw new ConfigException("--save-samples", "must be in [0, " + MAX_SAMPLES + "] particles per guidance "
                    + "value, got " + saveSamples);
        }
        if (paths < 0 || paths > org.gdmc.study.PathTraces.MAX_PATHS) {
            throw new ConfigException("--paths", "must be in [0, " + org.gdmc.study.PathTraces.MAX_PATHS
                    + "] particles per guidance value, got " + paths);
        }
        MaskedStudyConfig masked = options.loadMasked(quick);
        if (masked != null) {
            if (saveSamples > 0) {
                throw new ConfigException("--save-samples", "masked studies write no samples yet; got "
                        + saveSamples);
            }
            if (shard != null || resume) {
                throw new ConfigException(shard != null ? "--shard" : "--resume", "masked studies run in one go; "
                        + "shards and checkpoints are for the continuous samplers");
            }
            if (backendOptions.requested()) {
                throw new ConfigException("--backend", "masked studies run on the CPU backend only");
            }
            if (richardson) {
                throw new ConfigException("--richardson", "masked studies have no time steps to halve");
            }
            return new MaskedRun(output, quiet, Interruption.command(launcher(), originalArgs())).run(masked);
        }
        Sweep largeSweep = options.sweep();
        org.gdmc.config.HighDimStudyConfig large = options.loadLarge(quick, largeSweep, 0);
        if (large != null) {
            if (saveSamples > 0 && largeSweep != null) {
                throw new ConfigException("--save-samples", "a sweep of a large-mixture study writes no samples; run "
                        + "the value you want with --set " + largeSweep.field() + "=VALUE --save-samples " + saveSamples);
            }
            checkSampleMemory(large.spec());
            if (largeSweep != null && (shard != null || resume)) {
                throw new ConfigException(shard != null ? "--shard" : "--resume", "a sweep of a large-mixture study "
                        + "runs its values in one go; to spread it over machines or resume it, run each value as its "
                        + "own study (--set " + largeSweep.field() + "=VALUE)");
            }
            if (shard != null && saveSamples > 0) {
                throw new ConfigException("--save-samples", "a large-mixture study keeps the first particles of the "
                        + "whole study; run without --shard to save " + saveSamples + " samples");
            }
            boolean f32 = backendOptions.precision != null
                    && BackendOptionsMixin.precision(backendOptions.precision) == org.gdmc.backend.BackendOptions
                    .Precision.FLOAT32;
            if (richardson) {
                throw new ConfigException("--richardson", "large-mixture studies do not take --richardson");
            }
            HighDimRun run = new HighDimRun(output, quiet, Interruption.command(launcher(), originalArgs()), f32,
                    backendOptions, saveSamples, resume, checkpointSeconds,
                    Interruption.resumeCommand(launcher(), originalArgs()));
            if (largeSweep == null) {
                return run.run(large, shard == null ? Shard.WHOLE : parseShard(shard), shard == null);
            }
            List<org.gdmc.config.HighDimStudyConfig> configs = new ArrayList<>(List.of(large));
            for (int i = 1; i < largeSweep.size(); i++) {
                configs.add(options.loadLarge(quick, largeSweep, i));
            }
            return run.sweep(largeSweep, configs);
        }
        StudyRun study = new StudyRun(output, backendOptions, resume, quiet, checkpointSeconds,
                Interruption.resumeCommand(launcher(), originalArgs()), (int) saveSamples, paths);
        Sweep sweep = options.sweep();
        if (richardson) {
            if (shard != null || resume || sweep != null) {
                throw new ConfigException(shard != null ? "--shard" : resume ? "--resume" : "--sweep",
                        "--richardson runs the study twice in one go (n and n/2 steps); it does not combine with "
                                + "shards, resumed runs or sweeps");
            }
            StudyConfig config = options.load(quick);
            checkSampleMemory(config);
            return richardson(study, config);
        }
        if (sweep != null) {
            if (shard != null) {
                throw new ConfigException("--shard", "a sweep runs its values one after another; to spread it over "
                        + "machines, run each value as its own study (--set " + sweep.field() + "=VALUE) with --shard");
            }
            List<StudyConfig> configs = new ArrayList<>();
            for (int i = 0; i < sweep.size(); i++) {
                configs.add(options.load(quick, sweep, i));
                checkSampleMemory(configs.get(i));
            }
            return new SweepRun(study, output, resume, quiet).run(sweep, configs);
        }
        StudyConfig config = options.load(quick);
        checkSampleMemory(config);
        Path prefix = output.prefix(config.name());
        Shard part = shard == null ? Shard.WHOLE : parseShard(shard);
        StudyRun.Result run = study.run(config, prefix, part, shard == null, !output.noPlots);
        if (run.result() == null) {
            System.out.printf(Locale.ROOT, "shard %s: particles [%d, %d) of %,d in %.1f s; merge with: gdmc merge "
                    + "%s%n", part, run.state().first(), run.state().end(), config.particles(),
                    run.state().wallSeconds(), run.stateFile());
            return 0;
        }
        Summaries.study(System.out, config, run.result());
        System.out.printf(Locale.ROOT, "%nwall %.1f s, %.3g particle-steps/s; results: %s, %s; report: %s.html%n",
                run.result().wallSeconds(), run.result().particleStepsPerSecond(),
                ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix), prefix);
        if (!output.noPlots) {
            PlotCommand.report(System.out, run.figures());
        }
        return 0;
    }

    /**
     * The study at its n steps and at n/2 ({@link Richardson}): the half-step run first, into PREFIX.half-steps, then
     * the full run, whose result carries the extrapolated values and error estimates.
     */
    private int richardson(StudyRun study, StudyConfig config) throws Exception {
        if (config.toStudySpec().smc() != null) {
            throw new ConfigException("--richardson", "SMC's exact weights leave no discretisation error to "
                    + "extrapolate away; run sampler.smc without --richardson");
        }
        StudyConfig coarse = Richardson.coarse(config);
        Path prefix = output.prefix(config.name());
        Path half = prefix.resolveSibling(prefix.getFileName() + ".half-steps");
        StudyRun.Result c = study.run(coarse, half, Shard.WHOLE, true, false);
        int order = config.sampler().order();
        StudyRun.Result run = study.run(config, prefix, Shard.WHOLE, true, !output.noPlots,
                fine -> Richardson.combine(fine, c.result(), order));
        Summaries.study(System.out, config, run.result());
        Summaries.richardson(System.out, config, coarse, order, run.result());
        System.out.printf(Locale.ROOT, "%nwall %.1f s (both runs); results: %s, %s; the %d-step run: %s%n",
                run.result().wallSeconds(), ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix),
                coarse.grid().steps(), ResultFiles.jsonPath(half));
        if (!output.noPlots) {
            PlotCommand.report(System.out, run.figures());
        }
        return 0;
    }

    /** Refuses --save-samples whose arrays would take more than a quarter of the heap, before any sampling. */
    private void checkSampleMemory(StudyConfig config) {
        long count = Math.min(saveSamples, config.particles());
        refuseOverHeap(org.gdmc.study.Samples.bytes(config.toStudySpec(), count),
                saveSamples + " samples per guidance value take %.1f GB to draw and write");
    }

    /** As {@link #checkSampleMemory(StudyConfig)} for a large-mixture study: every row, the exact one included. */
    private void checkSampleMemory(org.gdmc.highdim.HighDimStudySpec spec) {
        int rows = spec.guidances().size() + 1;
        int d = spec.target().dimension();
        long count = Math.min(saveSamples, spec.particles());
        refuseOverHeap(org.gdmc.highdim.HighDimSamples.bytes(rows, count, d),
                saveSamples + " samples of " + rows + " rows in d = " + d + " take %.1f GB");
        if (count * d > Integer.MAX_VALUE - 8) {
            throw new ConfigException("--save-samples", String.format(Locale.ROOT, "%d samples in d = %d are %d "
                    + "numbers a row, more than one Java array holds; save fewer", saveSamples, d, count * d));
        }
    }

    /** One line naming --save-samples when {@code bytes} exceed a quarter of the heap ({@code what} has one %.1f). */
    private void refuseOverHeap(long bytes, String what) {
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap / 4) {
            throw new ConfigException("--save-samples", String.format(Locale.ROOT, what + ", more than a quarter of "
                    + "the %.1f GB heap; save fewer (or raise -Xmx)", bytes / 1e9, heap / 1e9));
        }
    }

    private List<String> originalArgs() {
        return spec.root().commandLine().getParseResult().originalArgs();
    }

    /** How the user called gdmc ({@code GDMC_LAUNCHER}, set by the launch scripts), for the resume command. */
    static String launcher() {
        String l = System.getenv("GDMC_LAUNCHER");
        return l == null || l.isBlank() ? "gdmc" : Interruption.shellQuote(l);
    }

    private static Shard parseShard(String text) {
        try {
            return Shard.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--shard", e.getMessage());
        }
    }
}
