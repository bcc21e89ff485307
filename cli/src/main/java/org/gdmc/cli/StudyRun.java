package org.gdmc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.backend.Backend;
import org.gdmc.config.StudyConfig;
import org.gdmc.plot.Figures;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.OutputLock;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.PathTraces;
import org.gdmc.study.ResultSet;
import org.gdmc.study.Samples;
import org.gdmc.study.Shard;
import org.gdmc.study.StateFiles;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;
import org.gdmc.study.StudySpec;
import org.gdmc.study.StudyState;

/**
 * One continuous study, or one shard of it, run to its files: PREFIX.json and PREFIX.csv (a shard:
 * PREFIX.shard-i-of-n.state), keeping PREFIX.checkpoint up to date and resuming from it with --resume.
 */
final class StudyRun {
    private final ResultOptions output;
    private final BackendOptionsMixin backend;
    private final boolean resume;
    private final boolean quiet;
    private final double checkpointSeconds;
    private final String resumeCommand;
    /** The first particles per guidance value whose final states are saved as .npy files (0: none). */
    private final int saveSamples;
    /** The first particles per guidance value whose paths the result records ({@link PathTraces}; 0: none). */
    private final int paths;

    /**
     * @param checkpointSeconds save the checkpoint after the first batch that ends this long after the last save
     *                          (0: after every batch)
     * @param resumeCommand     the command line that resumes this run, printed when it is interrupted
     */
    StudyRun(ResultOptions output, BackendOptionsMixin backend, boolean resume, boolean quiet,
             double checkpointSeconds, String resumeCommand) {
        this(output, backend, resume, quiet, checkpointSeconds, resumeCommand, 0);
    }

    /** As above, saving the final states of the first {@code saveSamples} particles of each guidance value. */
    StudyRun(ResultOptions output, BackendOptionsMixin backend, boolean resume, boolean quiet,
             double checkpointSeconds, String resumeCommand, int saveSamples) {
        this(output, backend, resume, quiet, checkpointSeconds, resumeCommand, saveSamples,
                PathTraces.DEFAULT_PATHS);
    }

    /** As above, recording the paths of the first {@code paths} particles of each guidance value (0: none). */
    StudyRun(ResultOptions output, BackendOptionsMixin backend, boolean resume, boolean quiet,
             double checkpointSeconds, String resumeCommand, int saveSamples, int paths) {
        this.paths = paths;
        this.saveSamples = saveSamples;
        this.resumeCommand = resumeCommand;
        this.output = output;
        this.backend = backend;
        this.resume = resume;
        this.quiet = quiet;
        this.checkpointSeconds = checkpointSeconds;
    }

    /** What one run left: the result and its JSON (null for a shard), or the shard's state and state file. */
    record Result(StudyResult result, ObjectNode json, List<Path> figures, StudyState state, Path stateFile) {
    }

    /** Runs the study (or its shard) into its files, drawing the figures of a whole study when {@code plots}. */
    Result run(StudyConfig config, Path prefix, Shard part, boolean plots) throws IOException {
        return run(config, prefix, part, part.equals(Shard.WHOLE), plots);
    }

    /**
     * As {@link #run(StudyConfig, Path, Shard, boolean)}; {@code whole} false writes a shard's state file even for
     * shard 0/1 (a Slurm array of one task still ends in {@code gdmc merge}, as the README promises).
     */
    Result run(StudyConfig config, Path prefix, Shard part, boolean whole, boolean plots) throws IOException {
        return run(config, prefix, part, whole, plots, r -> r);
    }

    /**
     * As {@link #run(StudyConfig, Path, Shard, boolean, boolean)}, the whole study's result passed through
     * {@code finish} before it is written (e.g. {@link org.gdmc.study.Richardson#combine}).
     */
    Result run(StudyConfig config, Path prefix, Shard part, boolean whole, boolean plots,
               java.util.function.UnaryOperator<StudyResult> finish) throws IOException {
        boolean smc = config.toStudySpec().smc() != null;
        if (smc) {
            backend.refuseFloat32ForSmc();
        }
        Path stem = whole ? prefix : shardStem(prefix, part);
        Path stateFile = whole ? null : Path.of(stem + ".state");
        Path checkpoint = Path.of(stem + ".checkpoint");
        try (OutputLock claim = OutputLock.claim(stem);
             Interruption stop = new Interruption(System.err, resumeCommand)) {
            boolean owned = Checkpoints.prepare(prefix, stateFile, checkpoint, resume, output.force);
            StudySpec spec = config.toStudySpec();
            PrintStream err = System.err;
            String fingerprint = ResultFiles.fingerprint(config.resolved());
            StudyState state = startOrResume(spec, part, checkpoint, fingerprint, err);
            if (state.end() > state.first()) {
                stop.saved(describe(state, checkpoint));
            }
            StudyResult result = null;
            ObjectNode json = null;
            List<Path> figures = List.of();
            try (Backend b = backend.open(config.threads(), smc)) {
                if (!quiet) {
                    long span = state.target() - state.first();
                    err.printf(Locale.ROOT, "gdmc: %s%s: %,d particles x %d steps x %d guidance values in batches of %,d, "
                            + "%s, %s on %s%n", config.name(), whole ? "" : " shard " + part, span, config.grid().steps(),
                            config.guidances().size(), StudyRunner.batchSize(spec, b, span), config.sampler().describe(),
                            b.name(), b.deviceName(spec.simulation()));
                }
                StateFiles.Header header = new StateFiles.Header(fingerprint, config.resolved().toString(), part,
                        ResultFiles.runProvenance(config.resolved(), b.name(), b.deviceName(spec.simulation()),
                                config.threads()).toString());
                stop.sampling(true);
                new StudyRunner(b).advance(state, quiet ? ProgressListener.NONE
                        : ProgressReporter.forConsole(err, (long) config.grid().steps() * config.guidances().size()),
                        new Checkpoints<>(checkpoint, header, checkpointSeconds, stop, StudyRun::describe));
                stop.sampling(false);
                if (stateFile != null) {
                    StateFiles.write(stateFile, header, state);
                    if (saveSamples > 0) {
                        try (ResultSet set = ResultSet.begin(stem)) {
                            stageSamples(set, stem, b, spec, state);
                            set.commit();
                        }
                    }
                    stop.finished();
                } else {
                    // the finished state first: a failure while writing the result costs no sampling (--resume)
                    try {
                        StateFiles.write(checkpoint, header, state);
                    } catch (ResultSet.WriteFailure e) {
                        throw e.advise("the previous checkpoint, if any, is kept: free the space or fix the cause, "
                                + "then rerun with --resume");
                    }
                    stop.saved("all " + describe(state, checkpoint) + " (the result was being written)");
                    result = finish.apply(state.finish());
                    json = ResultFiles.toJson(config.resolved(), result, config.threads());
                    try (ResultSet set = ResultSet.begin(prefix)) {
                        if (saveSamples > 0) {
                            json.set("samples", stageSamples(set, prefix, b, spec, state));
                        }
                        if (paths > 0 && spec.smc() == null) {
                            json.set("paths", ResultFiles.pathsJson(PathTraces.record(spec.simulation(),
                                    state.first(), (int) Math.min(paths, state.target() - state.first()))));
                        }
                        ResultFiles.stage(set, prefix, json, ResultFiles.toCsv(json), output.force || owned);
                        figures = plots ? Figures.draw(json, prefix, set) : List.of();
                        org.gdmc.plot.Report.stage(json, prefix, set, figures);
                        set.commit();
                        stop.finished();
                    } catch (ResultSet.WriteFailure e) {
                        throw e.advise("the sampled state is saved in " + checkpoint + ": free the space or fix the "
                                + "cause, then rerun with --resume to write the result without sampling again");
                    }
                }
            }
            Files.deleteIfExists(checkpoint);
            return new Result(result, json, figures, state, stateFile);
        }
    }

    /**
     * Draws the first {@code saveSamples} particles of the state's range again ({@link Samples}) and stages, per
     * guidance value k, STEM.samples-k.npy (count × d states), STEM.logits-k.npy (data-law logits) and, under SMC,
     * STEM.weights-k.npy; returns the listing the result JSON carries (file names relative to the JSON).
     */
    private ObjectNode stageSamples(ResultSet set, Path stem, Backend b, StudySpec spec, StudyState state)
            throws IOException {
        int count = (int) Math.min(saveSamples, state.target() - state.first());
        List<Samples> samples = Samples.draw(b, spec, state.first(), count);
        SampleFiles files = new SampleFiles(set, stem, state.first(), samples.get(0).count());
        for (int k = 0; k < samples.size(); k++) {
            Samples s = samples.get(k);
            files.add(k, s.guidance().describe(), s.guidance().strength(), s.states(), s.dimension(), s.dataLogits(),
                    s.weights());
        }
        return files.listing();
    }

    /** "N of M particles in FILE", what a checkpoint of the state holds. */
    static String describe(StudyState state, Path file) {
        return String.format(Locale.ROOT, "%,d of %,d particles%s in %s", state.end() - state.first(),
                state.target() - state.first(), state.first() == 0 && state.target() == state.spec().particles()
                ? "" : " of the shard", file);
    }

    /** PREFIX.shard-i-of-n, the stem of shard i of n's result (.state) and checkpoint (.checkpoint). */
    static Path shardStem(Path prefix, Shard shard) {
        return prefix.resolveSibling(prefix.getFileName() + ".shard-" + shard.index() + "-of-" + shard.count());
    }

    private StudyState startOrResume(StudySpec spec, Shard part, Path checkpoint, String fingerprint,
                                     PrintStream err) throws IOException {
        if (!Checkpoints.resumes(checkpoint, resume, output.force, quiet, fingerprint, part, err)) {
            return StudyState.start(spec, part);
        }
        StudyState state = StateFiles.read(checkpoint, spec);
        if (!quiet) {
            err.printf(Locale.ROOT, "gdmc: resuming from %s: particles [%d, %d) of [%d, %d) done%n", checkpoint,
                    state.first(), state.end(), state.first(), state.target());
        }
        return state;
    }
}
