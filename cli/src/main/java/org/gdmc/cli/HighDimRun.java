package org.gdmc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.config.HighDimStudyConfig;
import org.gdmc.config.Sweep;
import org.gdmc.fields.ConfigException;
import org.gdmc.highdim.HighDimSamples;
import org.gdmc.highdim.HighDimState;
import org.gdmc.highdim.HighDimStudyRunner;
import org.gdmc.highdim.HighDimStudySpec;
import org.gdmc.plot.Figures;
import org.gdmc.study.OutputLock;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.ResultSet;
import org.gdmc.study.Shard;
import org.gdmc.study.StateFiles;
import org.gdmc.study.StudyResult;
import org.gdmc.study.SweepResults;

/**
 * A large-mixture study ({@code target.type: random-mixture} or {@code mixture-file}): one run on the CPU's blocked
 * score, or a sweep of runs, written as PREFIX.json / PREFIX.csv with the figures and the report.
 */
final class HighDimRun {
    private final ResultOptions output;
    private final boolean quiet;
    private final String rerunCommand;
    private final boolean float32;
    private final BackendOptionsMixin backend;
    private final long saveSamples;
    private final boolean resume;
    private final double checkpointSeconds;
    private final String resumeCommand;

    /**
     * @param float32           whether the score's products run in float32 (--precision float32, CPU)
     * @param backend           --backend and --device: a device runs the guided paths
     *                          ({@link org.gdmc.highdim.LargePaths})
     * @param saveSamples       --save-samples: the final states of the first this many particles of every row
     * @param resume            --resume: continue from the checkpoint
     * @param checkpointSeconds --checkpoint-every
     * @param resumeCommand     the command line that resumes a single study (a sweep prints {@code rerunCommand})
     */
    HighDimRun(ResultOptions output, boolean quiet, String rerunCommand, boolean float32, BackendOptionsMixin backend,
               long saveSamples, boolean resume, double checkpointSeconds, String resumeCommand) {
        this.output = output;
        this.quiet = quiet;
        this.rerunCommand = rerunCommand;
        this.float32 = float32;
        this.backend = backend;
        this.saveSamples = saveSamples;
        this.resume = resume;
        this.checkpointSeconds = checkpointSeconds;
        this.resumeCommand = resumeCommand;
    }

    /** The samples' room for this study (null without --save-samples): the first min(N, particles) of every row. */
    private HighDimSamples samplesFor(HighDimStudyConfig config) {
        HighDimStudySpec spec = config.spec();
        int count = (int) Math.min(saveSamples, spec.particles());
        return count <= 0 ? null : new HighDimSamples(spec.guidances().size() + 1, count,
                spec.target().dimension());
    }

    /**
     * Runs the study, or shard {@code part} of it ({@code whole} false: its state goes to PREFIX.shard-i-of-n.state
     * for {@code gdmc merge}), keeping STEM.checkpoint up to date and resuming from it with --resume.
     */
    int run(HighDimStudyConfig config, Shard part, boolean whole) throws IOException, InterruptedException {
        Path prefix = output.prefix(config.name());
        Path stem = whole ? prefix : StudyRun.shardStem(prefix, part);
        Path stateFile = whole ? null : Path.of(stem + ".state");
        Path checkpoint = Path.of(stem + ".checkpoint");
        try (OutputLock claim = OutputLock.claim(stem);
             Interruption stop = new Interruption(System.err, resumeCommand)) {
            boolean owned = Checkpoints.prepare(prefix, stateFile, checkpoint, resume, output.force);
            HighDimStudySpec spec = config.spec().inFloat32(float32);
            String fingerprint = ResultFiles.fingerprint(config.resolved());
            HighDimState state = startOrResume(spec, part, checkpoint, fingerprint);
            if (state.progress() > 0) {
                stop.saved(describe(state, checkpoint));
            }
            HighDimSamples samples = samplesFor(config);
            ObjectNode provenance = ResultFiles.runProvenance(config.resolved(), backend.backend,
                    backend.backend.equals("cpu") ? "CPU" : "device", config.spec().threads());
            if (config.base() != null) {
                provenance.put(TARGET_FOLDER, config.base().toAbsolutePath().toString());
            }
            StateFiles.Header header = new StateFiles.Header(fingerprint, config.resolved().toString(), part,
                    provenance.toString());
            stop.sampling(true);
            advance(config, state, samples, new Checkpoints<>(checkpoint, header, checkpointSeconds, stop,
                    HighDimRun::describe), whole ? "" : " shard " + part);
            stop.sampling(false);
            if (stateFile != null) {
                StateFiles.write(stateFile, header, state);
                stop.finished();
                Files.deleteIfExists(checkpoint);
                System.out.printf(Locale.ROOT, "shard %s: particles [%d, %d) of %,d in %.1f s; merge with: gdmc "
                                + "merge %s.shard-*-of-%d.state%n", part, state.first(), state.target(),
                        spec.particles(), state.wallSeconds(), prefix, part.count());
                return 0;
            }
            try {
                StateFiles.write(checkpoint, header, state);
            } catch (ResultSet.WriteFailure e) {
                throw e.advise("the previous checkpoint, if any, is kept: free the space or fix the cause, then "
                        + "rerun with --resume");
            }
            stop.saved("all " + describe(state, checkpoint) + " (the result was being written)");
            StudyResult result = state.finish();
            ObjectNode json = ResultFiles.toJson(config.resolved(), result, config.spec().threads());
            List<Path> figures;
            try {
                figures = write(prefix, json, ResultFiles.toCsv(json), result, samples, output.force || owned);
            } catch (ResultSet.WriteFailure e) {
                throw e.advise("the sampled state is saved in " + checkpoint + ": free the space or fix the cause, "
                        + "then rerun with --resume to write the result without sampling again");
            }
            stop.finished();
            Files.deleteIfExists(checkpoint);
            Summaries.highDimensional(System.out, config.spec(), config.name(), result);
            System.out.printf(Locale.ROOT, "%nwall %.1f s; results: %s, %s%n", result.wallSeconds(),
                    ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
            if (!output.noPlots) {
                PlotCommand.report(System.out, figures);
            }
            return 0;
        }
    }

    /** Provenance field of a shard or checkpoint: the folder the target's file names resolve against. */
    static final String TARGET_FOLDER = "targetFolder";

    /** "N of M particle-rows in FILE", what a save of the state holds. */
    static String describe(HighDimState state, Path file) {
        return String.format(Locale.ROOT, "%,d of %,d particles x rows%s in %s", state.progress(), state.total(),
                state.first() == 0 && state.target() == state.spec().particles() ? "" : " of the shard", file);
    }

    private HighDimState startOrResume(HighDimStudySpec spec, Shard part, Path checkpoint, String fingerprint)
            throws IOException {
        PrintStream err = System.err;
        if (!Checkpoints.resumes(checkpoint, resume, output.force, quiet, fingerprint, part, err)) {
            return HighDimState.start(spec, part);
        }
        HighDimState state = StateFiles.read(checkpoint, in -> HighDimState.read(spec, in));
        if (state.float32() != spec.float32()) {
            throw new ConfigException("--precision", "the checkpoint " + checkpoint + " was made in "
                    + (state.float32() ? "float32" : "float64") + "; resume it in the same precision");
        }
        if (!quiet) {
            err.printf(Locale.ROOT, "gdmc: resuming from %s: %,d of %,d particles x rows done%n", checkpoint,
                    state.progress(), state.total());
        }
        return state;
    }

    /** Every value of the sweep in turn (configs.get(i) is value i's), then one result whose rows carry the value. */
    int sweep(Sweep sweep, List<HighDimStudyConfig> configs) throws IOException, InterruptedException {
        Path prefix = output.prefix(configs.get(0).name());
        try (OutputLock claim = OutputLock.claim(prefix);
             Interruption stop = new Interruption(System.err, rerunCommand)) {
            ResultFiles.prepare(prefix, output.force);
            List<ObjectNode> points = new ArrayList<>();
            double wall = 0.0;
            for (int i = 0; i < sweep.size(); i++) {
                HighDimStudyConfig config = configs.get(i);
                if (!quiet) {
                    System.err.printf(Locale.ROOT, "gdmc: sweep %s = %s (%d of %d)%n", sweep.field(), sweep.label(i),
                            i + 1, sweep.size());
                }
                StudyResult result = sample(config);
                wall += result.wallSeconds();
                points.add(ResultFiles.toJson(config.resolved(), result, config.spec().threads()));
                System.out.printf(Locale.ROOT, "%n%s = %s%n", sweep.field(), sweep.label(i));
                Summaries.highDimensional(System.out, config.spec(), config.name(), result);
            }
            ObjectNode json = SweepResults.toJson(sweep.axis(), points);
            List<Path> figures = write(prefix, json, SweepResults.toCsv(sweep.axis(), points), null, null, output.force);
            stop.finished();
            System.out.printf(Locale.ROOT, "%nsweep of %s over %d values: wall %.1f s; results: %s, %s%n",
                    sweep.field(), sweep.size(), wall, ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
            if (!output.noPlots) {
                PlotCommand.report(System.out, figures);
            }
            return 0;
        }
    }

    private StudyResult sample(HighDimStudyConfig config) throws InterruptedException {
        HighDimState state = HighDimState.start(config.spec().inFloat32(float32), Shard.WHOLE);
        advance(config, state, null, x -> { }, "");
        return state.finish();
    }

    /** Runs the state to its end, on the CPU or the chosen device, reporting progress unless quiet. */
    private void advance(HighDimStudyConfig config, HighDimState state, HighDimSamples samples,
                         java.util.function.Consumer<HighDimState> afterBatch, String shard)
            throws InterruptedException {
        HighDimStudySpec spec = state.spec();
        PrintStream err = System.err;
        if (!quiet) {
            var m = spec.target();
            err.printf(Locale.ROOT, "gdmc: %s%s: %,d particles x %d guidance values (+ the exact class law), K = %d "
                            + "components in d = %d, %d steps%n", config.name(), shard, state.target() - state.first(),
                    spec.guidances().size(), m.components(), m.dimension(), spec.plan().steps());
        }
        ProgressListener progress = quiet ? ProgressListener.NONE
                : ProgressReporter.forConsole(err, spec.plan().steps());
        if (backend.backend.equals("cpu")) {
            HighDimStudyRunner.advance(state, progress, null, samples, afterBatch);
            return;
        }
        try (org.gdmc.highdim.LargePaths device = backend.openLargePaths(spec, capacity(spec))) {
            HighDimStudyRunner.advance(state, progress, device, samples, afterBatch);
        }
    }

    /**
     * Particles per device call: the states, score passes, accumulators and work space (about 11 d doubles per
     * particle) within 1 GB, in whole blocks of 1024, between 1,024 and 65,536.
     */
    static int capacity(HighDimStudySpec spec) {
        long perParticle = 11L * spec.target().dimension() * Double.BYTES;
        long fit = 1_000_000_000L / perParticle / 1024 * 1024;
        return (int) Math.max(1024, Math.min(65_536, fit));
    }

    /**
     * Stages the result, its figures and report and, with samples, per row k of the result (row 0 the exact class
     * law) PREFIX.samples-k.npy (count × d states) and PREFIX.logits-k.npy (data-law logits), listed in the JSON under
     * {@code samples}; one commit writes them all or none.
     */
    private List<Path> write(Path prefix, ObjectNode json, String csv, StudyResult result, HighDimSamples samples,
                             boolean force) throws IOException {
        try (ResultSet set = ResultSet.begin(prefix)) {
            if (samples != null) {
                SampleFiles files = new SampleFiles(set, prefix, 0, samples.count());
                for (int k = 0; k < samples.rows(); k++) {
                    var row = result.results().get(k);
                    files.add(k, row.guidance(), row.strength(), samples.states(k), samples.dimension(),
                            samples.logits(k), null);
                }
                json.set("samples", files.listing());
            }
            ResultFiles.stage(set, prefix, json, csv, force);
            List<Path> figures = output.noPlots ? List.of() : Figures.draw(json, prefix, set);
            org.gdmc.plot.Report.stage(json, prefix, set, figures);
            set.commit();
            return figures;
        }
    }
}
