package org.gdmc.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gdmc.backend.Backend;
import org.gdmc.config.StudyConfig;
import org.gdmc.estimate.Estimate;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;
import org.gdmc.study.StudySpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a study and writes its result files. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a study (the embedded default when no file is given) and write PREFIX.json and PREFIX.csv.")
final class RunCommand implements Callable<Integer> {
    /** Rows of the terminal summary; every estimate is in the result files. */
    private static final List<String> SUMMARY = List.of("posterior.mean", "posterior.q05", "posterior.q50",
            "reciprocalPosterior.mean", "reciprocalPosterior.median", "path.monotoneFraction", "path.meanIncrease",
            "paired.posteriorDifference", "paired.fractionWorse", "nonFinite.fraction");

    @Mixin
    StudyOptions options;

    @Mixin
    BackendOptionsMixin backendOptions;

    @Option(names = "--out", paramLabel = "PREFIX",
            description = "Result files PREFIX.json and PREFIX.csv (default: results/<study name>)")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing result")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        StudyConfig config = options.load();
        Path prefix = out != null ? out : Path.of("results", StudyOptions.fileStem(config.name()));
        ResultFiles.checkWritable(prefix, force);
        StudySpec spec = config.toStudySpec();
        PrintStream err = System.err;
        StudyResult result;
        try (Backend backend = backendOptions.open(config.threads())) {
            if (!quiet) {
                err.printf(Locale.ROOT, "gdmc: %s: %,d particles x %d steps x %d guidance values, %s, %s on %s%n",
                        config.name(), config.particles(), config.grid().steps(), config.guidances().size(),
                        config.sampler().name(), backend.name(), backend.deviceName());
            }
            result = new StudyRunner(backend).run(spec, quiet ? ProgressListener.NONE
                    : ProgressReporter.forConsole(err, (long) config.grid().steps() * config.guidances().size()));
        }
        ResultFiles.write(prefix, ResultFiles.toJson(config.resolved(), result, config.threads()),
                ResultFiles.toCsv(result), force);
        printSummary(System.out, config, result);
        System.out.printf(Locale.ROOT, "%nwall %.1f s, %.3g particle-steps/s; results: %s, %s%n",
                result.wallSeconds(), result.particleStepsPerSecond(),
                ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
        return 0;
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
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-30s", "estimate (value ± s.e.)"));
        for (GuidanceResult g : result.results()) {
            header.append(String.format(Locale.ROOT, "  %-26s", g.guidance()));
        }
        out.println(header);
        for (String name : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-30s", name));
            for (GuidanceResult g : result.results()) {
                Estimate e = g.find(name);
                line.append(String.format(Locale.ROOT, "  %-26s", e == null ? "-" : format(e)));
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
