package org.gdmc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gdmc.backend.Backend;
import org.gdmc.fields.ConfigException;
import org.gdmc.config.MaskedStudyConfig;
import org.gdmc.config.StudyConfig;
import org.gdmc.config.Sweep;
import org.gdmc.discrete.MaskedVariates;
import org.gdmc.estimate.Estimate;
import org.gdmc.plot.Figures;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.MaskedStudyRunner;
import org.gdmc.study.MaskedStudySpec;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.Shard;
import org.gdmc.study.StateFiles;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;
import org.gdmc.study.StudySpec;
import org.gdmc.study.SweepResults;
import org.gdmc.study.StudyState;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a study and writes its result files. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a study (the embedded default when no file is given) and write PREFIX.json and PREFIX.csv.",
                "A checkpoint (PREFIX.checkpoint) is saved every --checkpoint-every seconds and removed at the end; "
                        + "an interrupted run continues with --resume and ends with the same numbers as an "
                        + "uninterrupted one."})
final class RunCommand implements Callable<Integer> {
    /** Rows of the terminal summary; every estimate is in the result files. */
    private static final List<String> SUMMARY = List.of("posterior.mean", "posterior.q05", "posterior.q50",
            "reciprocalPosterior.mean", "reciprocalPosterior.median", "path.monotoneFraction", "path.meanIncrease",
            "paired.posteriorDifference", "paired.fractionWorse", "nonFinite.fraction");

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

    @Option(names = {"-q", "--quiet"}, description = "No progress lines")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!(checkpointSeconds >= 0) || Double.isInfinite(checkpointSeconds)) {
            throw new ConfigException("--checkpoint-every", "must be a finite number of seconds >= 0, got "
                    + checkpointSeconds);
        }
        MaskedStudyConfig masked = options.loadMasked(quick);
        if (masked != null) {
            return runMasked(masked);
        }
        Sweep sweep = options.sweep();
        if (sweep != null) {
            return runSweep(sweep);
        }
        StudyConfig config = options.load(quick);
        Path prefix = output.prefix(config.name());
        Shard part = shard == null ? Shard.WHOLE : parseShard(shard);
        Run run = runStudy(config, prefix, part, !output.noPlots);
        if (run.result() == null) {
            System.out.printf(Locale.ROOT, "shard %s: particles [%d, %d) of %,d in %.1f s; merge with: gdmc merge "
                    + "%s%n", part, run.state().first(), run.state().end(), config.particles(),
                    run.state().wallSeconds(), run.stateFile());
            return 0;
        }
        printSummary(System.out, config, run.result());
        System.out.printf(Locale.ROOT, "%nwall %.1f s, %.3g particle-steps/s; results: %s, %s%n",
                run.result().wallSeconds(), run.result().particleStepsPerSecond(),
                ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
        if (!output.noPlots) {
            PlotCommand.report(System.out, run.figures());
        }
        return 0;
    }

    /** What one run left: the result and its JSON (null for a shard), or the shard's state and state file. */
    private record Run(StudyResult result, ObjectNode json, List<Path> figures, StudyState state, Path stateFile) {
    }

    /**
     * Runs one study (or one shard of it) into PREFIX.json and PREFIX.csv (a shard: PREFIX.shard-i-of-n.state),
     * keeping PREFIX.checkpoint up to date (every --checkpoint-every seconds) and resuming from it with --resume.
     */
    private Run runStudy(StudyConfig config, Path prefix, Shard part, boolean plots) throws IOException {
        boolean whole = part.equals(Shard.WHOLE);
        Path stem = whole ? prefix : shardStem(prefix, part);
        Path stateFile = whole ? null : Path.of(stem + ".state");
        Path checkpoint = Path.of(stem + ".checkpoint");
        if (stateFile == null) {
            ResultFiles.checkWritable(prefix, output.force);
        } else if (!output.force && Files.exists(stateFile)) {
            throw new FileAlreadyExistsException(stateFile.toString(), null,
                    "a shard result is already there; pass --force to overwrite it or choose another --out");
        }
        List<Path> outputs = stateFile == null
                ? List.of(ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix), checkpoint)
                : List.of(stateFile, checkpoint);
        for (Path p : outputs) {
            ResultFiles.removeTemporaries(p);
        }
        StudySpec spec = config.toStudySpec();
        PrintStream err = System.err;
        String fingerprint = ResultFiles.fingerprint(config.resolved());
        StudyState state = startOrResume(spec, part, checkpoint, fingerprint, err);
        StudyResult result = null;
        ObjectNode json = null;
        List<Path> figures = List.of();
        try (Backend backend = backendOptions.open(config.threads())) {
            if (!quiet) {
                err.printf(Locale.ROOT, "gdmc: %s%s: %,d particles x %d steps x %d guidance values, %s, %s on %s%n",
                        config.name(), whole ? "" : " shard " + part, state.target() - state.first(),
                        config.grid().steps(), config.guidances().size(), config.sampler().name(), backend.name(),
                        backend.deviceName(spec.simulation()));
            }
            StateFiles.Header header = new StateFiles.Header(fingerprint, config.resolved().toString(), part,
                    ResultFiles.runProvenance(config.resolved(), backend.name(), backend.deviceName(spec.simulation()),
                            config.threads()).toString());
            new StudyRunner(backend).advance(state, quiet ? ProgressListener.NONE
                    : ProgressReporter.forConsole(err, (long) config.grid().steps() * config.guidances().size()),
                    new Checkpoints(checkpoint, header, checkpointSeconds));
            if (stateFile != null) {
                StateFiles.write(stateFile, header, state);
            } else {
                result = state.finish();
                json = ResultFiles.toJson(config.resolved(), result, config.threads());
                ResultFiles.write(prefix, json, ResultFiles.toCsv(json), output.force);
                figures = plots ? Figures.draw(json, prefix) : List.of();
            }
        }
        Files.deleteIfExists(checkpoint);
        return new Run(result, json, figures, state, stateFile);
    }

    /**
     * A sweep: the study once per value of the swept field, each into PREFIX.sweep-i.json (kept until the sweep is
     * done, so that --resume skips finished values and continues the interrupted one from its checkpoint), then one
     * result PREFIX.json / PREFIX.csv whose rows carry the value, and its figures against the swept field.
     */
    private int runSweep(Sweep sweep) throws Exception {
        if (shard != null) {
            throw new ConfigException("--shard", "a sweep runs its values one after another; to spread it over "
                    + "machines, run each value as its own study (--set " + sweep.field() + "=VALUE) with --shard");
        }
        List<StudyConfig> configs = new ArrayList<>();
        for (int i = 0; i < sweep.size(); i++) {
            configs.add(options.load(quick, sweep, i));
        }
        Path prefix = output.prefix(configs.get(0).name());
        ResultFiles.checkWritable(prefix, output.force);
        for (Path p : List.of(ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix))) {
            ResultFiles.removeTemporaries(p);
        }
        List<ObjectNode> points = new ArrayList<>();
        for (int i = 0; i < sweep.size(); i++) {
            StudyConfig config = configs.get(i);
            Path point = SweepResults.pointPrefix(prefix, i);
            ObjectNode done = finishedPoint(point, config);
            if (!quiet) {
                System.err.printf(Locale.ROOT, "gdmc: sweep %s = %s (%d of %d)%s%n", sweep.field(), sweep.label(i),
                        i + 1, sweep.size(), done != null ? ": done before, kept" : "");
            }
            if (done == null) {
                Run run = runStudy(config, point, Shard.WHOLE, false);
                done = run.json();
                System.out.printf(Locale.ROOT, "%n%s = %s%n", sweep.field(), sweep.label(i));
                printSummary(System.out, config, run.result());
            }
            points.add(done);
        }
        ObjectNode json = SweepResults.toJson(sweep.axis(), points);
        ResultFiles.write(prefix, json, SweepResults.toCsv(sweep.axis(), points), output.force);
        List<Path> figures = output.noPlots ? List.of() : Figures.draw(json, prefix);
        for (int i = 0; i < sweep.size(); i++) {
            Path point = SweepResults.pointPrefix(prefix, i);
            Files.deleteIfExists(ResultFiles.jsonPath(point));
            Files.deleteIfExists(ResultFiles.csvPath(point));
        }
        System.out.printf(Locale.ROOT, "%nsweep of %s over %d values: wall %.1f s; results: %s, %s%n",
                sweep.field(), sweep.size(), json.path("timing").path("wallSeconds").asDouble(),
                ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
        if (!output.noPlots) {
            PlotCommand.report(System.out, figures);
        }
        return 0;
    }

    /**
     * A sweep value's result left by an interrupted sweep: kept with --resume when it is of this configuration;
     * null when there is none (or --force redoes it).
     */
    private ObjectNode finishedPoint(Path point, StudyConfig config) throws IOException {
        Path file = ResultFiles.jsonPath(point);
        if (!Files.exists(file) || output.force) {
            return null;
        }
        if (!resume) {
            throw new FileAlreadyExistsException(file.toString(), null, "an interrupted sweep left this value's "
                    + "result; pass --resume to keep it, or --force to start over");
        }
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(file.toFile());
        String fingerprint = ResultFiles.fingerprint(config.resolved());
        if (!fingerprint.equals(json.path("provenance").path("samplingFingerprint").asText())) {
            throw new ConfigException("--resume", file + " is of a different study (sampling fingerprint differs); "
                    + "pass --force to start over");
        }
        return json;
    }

    /**
     * A masked-diffusion study: one run on the CPU (its exact references are computed on the host, and its samplers
     * are cheap next to them at the paper's sizes), written as PREFIX.json / PREFIX.csv with its figures.
     */
    private int runMasked(MaskedStudyConfig config) throws Exception {
        if (shard != null || resume) {
            throw new ConfigException(shard != null ? "--shard" : "--resume", "masked studies run in one go; "
                    + "shards and checkpoints are for the continuous samplers");
        }
        if (backendOptions.requested()) {
            throw new ConfigException("--backend", "masked studies run on the CPU backend only");
        }
        MaskedStudySpec spec = config.spec();
        Path prefix = output.prefix(config.name());
        ResultFiles.checkWritable(prefix, output.force);
        for (Path p : List.of(ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix))) {
            ResultFiles.removeTemporaries(p);
        }
        PrintStream err = System.err;
        int length = spec.target().space().length();
        if (!quiet) {
            err.printf(Locale.ROOT, "gdmc: %s: %,d particles x %d samplers x %d guidance values, %s on %s, %s rates%n",
                    config.name(), spec.particles(), spec.samplers().size(), spec.weights().length,
                    spec.target().space(), spec.schedule().describe(), spec.rates().label());
        }
        StudyResult result = MaskedStudyRunner.run(spec, quiet ? ProgressListener.NONE
                : ProgressReporter.forConsole(err, length));
        ObjectNode json = ResultFiles.toJson(config.resolved(), result, spec.threads());
        ((ObjectNode) json.get("provenance")).put("rngLayout", MaskedVariates.LAYOUT);
        ResultFiles.write(prefix, json, ResultFiles.toCsv(json), output.force);
        List<Path> figures = output.noPlots ? List.of() : Figures.draw(json, prefix);
        printMaskedSummary(System.out, spec, result);
        System.out.printf(Locale.ROOT, "%nwall %.1f s; results: %s, %s%n", result.wallSeconds(),
                ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
        if (!output.noPlots) {
            PlotCommand.report(System.out, figures);
        }
        return 0;
    }

    /** One block per sampler, one column per w; the dynamics at the first, middle and last snapshot time. */
    static void printMaskedSummary(PrintStream out, MaskedStudySpec spec, StudyResult result) {
        out.printf(Locale.ROOT, "%s: class %d of %s, %s rates, %s, N=%,d, seed %d%n", spec.name(), spec.guidedClass(),
                spec.target().space(), spec.rates().label(), spec.schedule().describe(), spec.particles(),
                spec.seed());
        List<String> rows = new java.util.ArrayList<>(List.of("law.tvToExact", "law.tvToExact.floor",
                "law.tvToTilted", "exact.law.tvToTilted", "law.tvToClass", "exact.law.tvToClass", "entropy",
                "exact.entropy", "mass.classOnly", "mass.shared", "exact.mass.shared", "mass.outsideClass"));
        for (Estimate e : result.results().get(0).estimates()) {
            if (e.name().contains("meanProbability")) {
                rows.add(e.name());
            }
        }
        double[] times = spec.times();
        if (times.length > 0) {
            for (int j : new int[] {0, times.length / 2, times.length - 1}) {
                String label = org.gdmc.discrete.MaskedEstimates.timeLabel(times[j]);
                if (!rows.contains("dynamics.tv[" + label + "]")) {
                    rows.add("dynamics.tv[" + label + "]");
                    rows.add("exact.dynamics.tv[" + label + "]");
                }
            }
        }
        rows.add("stranded.fraction");
        int weights = spec.weights().length;
        for (int m = 0; m < spec.samplers().size(); m++) {
            List<GuidanceResult> block = result.results().subList(m * weights, (m + 1) * weights);
            out.printf(Locale.ROOT, "%n%s sampler%n", spec.samplers().get(m).label());
            List<String> headers = block.stream().map(g -> "w=" + g.strength()).toList();
            printTable(out, rows, block, headers, 34, 22, e -> e.stdError() == 0.0
                    ? String.format(Locale.ROOT, "%.6g", e.value()) : format(e));
        }
    }

    /** PREFIX.shard-i-of-n, the stem of shard i of n's result (.state) and checkpoint (.checkpoint). */
    static Path shardStem(Path prefix, Shard shard) {
        return prefix.resolveSibling(prefix.getFileName() + ".shard-" + shard.index() + "-of-" + shard.count());
    }

    private static Shard parseShard(String text) {
        try {
            return Shard.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--shard", e.getMessage());
        }
    }

    private StudyState startOrResume(StudySpec spec, Shard part, Path checkpoint, String fingerprint,
                                     PrintStream err) throws IOException {
        if (!Files.exists(checkpoint)) {
            if (resume && !quiet) {
                err.println("gdmc: no checkpoint at " + checkpoint + "; starting from the beginning");
            }
            return StudyState.start(spec, part);
        }
        if (!resume) {
            if (!output.force) {
                throw new FileAlreadyExistsException(checkpoint.toString(), null, "an interrupted run left this "
                        + "checkpoint; pass --resume to continue it, or --force to start over");
            }
            return StudyState.start(spec, part);
        }
        StateFiles.Header h = StateFiles.header(checkpoint);
        if (!h.fingerprint().equals(fingerprint)) {
            throw new ConfigException("--resume", "the checkpoint " + checkpoint + " is of a different study "
                    + "(sampling fingerprint " + h.fingerprint().substring(0, 12) + ", this study's "
                    + fingerprint.substring(0, 12) + "); pass --force to start over");
        }
        if (!h.shard().equals(part)) {
            throw new ConfigException("--resume", "the checkpoint " + checkpoint + " is of shard " + h.shard()
                    + ", not " + part);
        }
        StudyState state = StateFiles.read(checkpoint, spec);
        if (!quiet) {
            err.printf(Locale.ROOT, "gdmc: resuming from %s: particles [%d, %d) of [%d, %d) done%n", checkpoint,
                    state.first(), state.end(), state.first(), state.target());
        }
        return state;
    }

    /** Saves the state after a batch when at least {@code seconds} have passed since the last save (or the start). */
    private static final class Checkpoints implements java.util.function.Consumer<StudyState> {
        private final Path file;
        private final StateFiles.Header header;
        private final long intervalNanos;
        private long last = System.nanoTime();

        Checkpoints(Path file, StateFiles.Header header, double seconds) {
            this.file = file;
            this.header = header;
            this.intervalNanos = (long) (seconds * 1e9);
        }

        @Override
        public void accept(StudyState state) {
            long now = System.nanoTime();
            if (now - last < intervalNanos) {
                return;
            }
            try {
                StateFiles.write(file, header, state);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint " + file, e);
            }
            last = System.nanoTime();
        }
    }

    static void printSummary(PrintStream out, StudyConfig config, StudyResult result) {
        int d = config.target().dimension();
        List<String> rows = new java.util.ArrayList<>(SUMMARY);
        for (int i = 0; i < Math.min(d, 4); i++) {
            rows.add("mean[" + i + "]");
        }
        for (Estimate e : result.results().get(0).estimates()) {
            String n = e.name();
            if (n.startsWith("projection.otherSide") || n.equals("projection.q05") || n.equals("projection.q50")
                    || n.equals("projection.q95") || (n.startsWith("support.") && !n.startsWith("support.distance"))
                    || (n.startsWith("density.") && !n.equals("density.outsideGrid"))
                    || n.startsWith("knn.entropy") || n.equals("tiltedLaw.entropy")) {
                rows.add(n);
            }
        }
        out.printf(Locale.ROOT, "%s: class %d, %s, %d steps (%s grid, T=%g, delta=%g), N=%,d, seed %d%n",
                config.name(), config.guidedClass(), config.sampler().name(), config.grid().steps(),
                config.grid().spacing().name().toLowerCase(Locale.ROOT), config.grid().horizon(),
                config.grid().delta(), config.particles(), config.seed());
        if (config.scoreError().kind() != org.gdmc.guidance.ScoreError.Kind.NONE) {
            out.println(config.scoreError().describe());
        }
        List<String> headers = result.results().stream().map(GuidanceResult::guidance).toList();
        printTable(out, rows, result.results(), headers, 30, 26, RunCommand::format);
    }

    /** One line per estimate name, one column per result: "-" where a result lacks the estimate. */
    static void printTable(PrintStream out, List<String> rows, List<GuidanceResult> columns, List<String> headers,
                           int nameWidth, int columnWidth, java.util.function.Function<Estimate, String> format) {
        String name = "%-" + nameWidth + "s";
        String column = "  %-" + columnWidth + "s";
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, name, "estimate (value ± s.e.)"));
        for (String h : headers) {
            header.append(String.format(Locale.ROOT, column, h));
        }
        out.println(header);
        for (String row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, name, row));
            for (GuidanceResult g : columns) {
                Estimate e = g.find(row);
                line.append(String.format(Locale.ROOT, column, e == null ? "-" : format.apply(e)));
            }
            out.println(line);
        }
    }

    static String format(Estimate e) {
        if (Double.isNaN(e.stdError())) {
            return String.format(Locale.ROOT, "%.6g", e.value());
        }
        return String.format(Locale.ROOT, "%.6g ± %.2g", e.value(), e.stdError());
    }
}
