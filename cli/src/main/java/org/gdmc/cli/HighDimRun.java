package org.gdmc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.config.HighDimStudyConfig;
import org.gdmc.config.Sweep;
import org.gdmc.highdim.HighDimSamples;
import org.gdmc.highdim.HighDimStudyRunner;
import org.gdmc.highdim.HighDimStudySpec;
import org.gdmc.plot.Figures;
import org.gdmc.study.OutputLock;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.ResultSet;
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

    /**
     * @param float32     whether the score's products run in float32 (--precision float32, CPU)
     * @param backend     --backend and --device: a device runs the guided paths ({@link org.gdmc.highdim.LargePaths})
     * @param saveSamples --save-samples: the final states of the first this many particles of every row are written
     */
    HighDimRun(ResultOptions output, boolean quiet, String rerunCommand, boolean float32, BackendOptionsMixin backend,
               long saveSamples) {
        this.output = output;
        this.quiet = quiet;
        this.rerunCommand = rerunCommand;
        this.float32 = float32;
        this.backend = backend;
        this.saveSamples = saveSamples;
    }

    /** The samples' room for this study (null without --save-samples): the first min(N, particles) of every row. */
    private HighDimSamples samplesFor(HighDimStudyConfig config) {
        HighDimStudySpec spec = config.spec();
        int count = (int) Math.min(saveSamples, spec.particles());
        return count <= 0 ? null : new HighDimSamples(spec.guidances().size() + 1, count,
                spec.target().dimension());
    }

    int run(HighDimStudyConfig config) throws IOException, InterruptedException {
        Path prefix = output.prefix(config.name());
        try (OutputLock claim = OutputLock.claim(prefix);
             Interruption stop = new Interruption(System.err, rerunCommand)) {
            ResultFiles.prepare(prefix, output.force);
            HighDimSamples samples = samplesFor(config);
            StudyResult result = sample(config, samples);
            ObjectNode json = ResultFiles.toJson(config.resolved(), result, config.spec().threads());
            List<Path> figures = write(prefix, json, ResultFiles.toCsv(json), result, samples);
            stop.finished();
            Summaries.highDimensional(System.out, config.spec(), config.name(), result);
            System.out.printf(Locale.ROOT, "%nwall %.1f s; results: %s, %s%n", result.wallSeconds(),
                    ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
            if (!output.noPlots) {
                PlotCommand.report(System.out, figures);
            }
            return 0;
        }
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
                StudyResult result = sample(config, null);
                wall += result.wallSeconds();
                points.add(ResultFiles.toJson(config.resolved(), result, config.spec().threads()));
                System.out.printf(Locale.ROOT, "%n%s = %s%n", sweep.field(), sweep.label(i));
                Summaries.highDimensional(System.out, config.spec(), config.name(), result);
            }
            ObjectNode json = SweepResults.toJson(sweep.axis(), points);
            List<Path> figures = write(prefix, json, SweepResults.toCsv(sweep.axis(), points), null, null);
            stop.finished();
            System.out.printf(Locale.ROOT, "%nsweep of %s over %d values: wall %.1f s; results: %s, %s%n",
                    sweep.field(), sweep.size(), wall, ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
            if (!output.noPlots) {
                PlotCommand.report(System.out, figures);
            }
            return 0;
        }
    }

    private StudyResult sample(HighDimStudyConfig config, HighDimSamples samples) throws InterruptedException {
        HighDimStudySpec spec = config.spec().inFloat32(float32);
        PrintStream err = System.err;
        if (!quiet) {
            var m = spec.target();
            err.printf(Locale.ROOT, "gdmc: %s: %,d particles x %d guidance values (+ the exact class law), K = %d "
                            + "components in d = %d, %d steps%n", config.name(), spec.particles(),
                    spec.guidances().size(), m.components(), m.dimension(), spec.plan().steps());
        }
        ProgressListener progress = quiet ? ProgressListener.NONE
                : ProgressReporter.forConsole(err, spec.plan().steps());
        if (backend.backend.equals("cpu")) {
            return HighDimStudyRunner.run(spec, progress, null, samples);
        }
        try (org.gdmc.highdim.LargePaths device = backend.openLargePaths(spec, capacity(spec))) {
            return HighDimStudyRunner.run(spec, progress, device, samples);
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
    private List<Path> write(Path prefix, ObjectNode json, String csv, StudyResult result, HighDimSamples samples)
            throws IOException {
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
            ResultFiles.stage(set, prefix, json, csv, output.force);
            List<Path> figures = output.noPlots ? List.of() : Figures.draw(json, prefix, set);
            org.gdmc.plot.Report.stage(json, prefix, set, figures);
            set.commit();
            return figures;
        }
    }
}
