package org.gdmc.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.config.StudyConfig;
import org.gdmc.config.Sweep;
import org.gdmc.fields.ConfigException;
import org.gdmc.plot.Figures;
import org.gdmc.study.OutputLock;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.ResultSet;
import org.gdmc.study.Shard;
import org.gdmc.study.SweepResults;

/**
 * A sweep: the study once per value of the swept field, each into PREFIX.sweep-i.json (kept until the sweep is done,
 * so that --resume skips finished values and continues the interrupted one from its checkpoint), then one result
 * PREFIX.json / PREFIX.csv whose rows carry the value, and its figures against the swept field.
 */
final class SweepRun {
    private final StudyRun study;
    private final ResultOptions output;
    private final boolean resume;
    private final boolean quiet;

    /** Runs each value with {@code study}. */
    SweepRun(StudyRun study, ResultOptions output, boolean resume, boolean quiet) {
        this.study = study;
        this.output = output;
        this.resume = resume;
        this.quiet = quiet;
    }

    /** Runs every value's configuration (configs.get(i) is value i's) and writes the sweep's result. */
    int run(Sweep sweep, List<StudyConfig> configs) throws IOException {
        Path prefix = output.prefix(configs.get(0).name());
        try (OutputLock claim = OutputLock.claim(prefix)) {
            // a resumed sweep owns the result its interrupted self may have left in part (killed while writing it)
            boolean owned = false;
            for (int i = 0; i < sweep.size() && resume; i++) {
                owned |= Files.exists(ResultFiles.jsonPath(SweepResults.pointPrefix(prefix, i)));
            }
            ResultFiles.prepare(prefix, output.force || owned);
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
                    StudyRun.Result run = study.run(config, point, Shard.WHOLE, false);
                    done = run.json();
                    System.out.printf(Locale.ROOT, "%n%s = %s%n", sweep.field(), sweep.label(i));
                    Summaries.study(System.out, config, run.result());
                }
                points.add(done);
            }
            ObjectNode json = SweepResults.toJson(sweep.axis(), points);
            List<Path> figures;
            try (ResultSet set = ResultSet.begin(prefix)) {
                ResultFiles.stage(set, prefix, json, SweepResults.toCsv(sweep.axis(), points), output.force || owned);
                figures = output.noPlots ? List.of() : Figures.draw(json, prefix, set);
                org.gdmc.plot.Report.stage(json, prefix, set, figures);
                set.commit();
            } catch (ResultSet.WriteFailure e) {
                throw e.advise("each value's result is kept: rerun with --resume to write the sweep's result "
                        + "without sampling again");
            }
            for (int i = 0; i < sweep.size(); i++) {
                Path point = SweepResults.pointPrefix(prefix, i);
                Files.deleteIfExists(ResultFiles.jsonPath(point));
                Files.deleteIfExists(ResultFiles.csvPath(point));
                Files.deleteIfExists(Path.of(point + ".html"));
            }
            System.out.printf(Locale.ROOT, "%nsweep of %s over %d values: wall %.1f s; results: %s, %s%n",
                    sweep.field(), sweep.size(), json.path("timing").path("wallSeconds").asDouble(),
                    ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
            if (!output.noPlots) {
                PlotCommand.report(System.out, figures);
            }
            return 0;
        }
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
}
