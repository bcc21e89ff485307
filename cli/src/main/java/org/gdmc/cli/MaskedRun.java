package org.gdmc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.config.MaskedStudyConfig;
import org.gdmc.discrete.MaskedVariates;
import org.gdmc.plot.Figures;
import org.gdmc.study.MaskedStudyRunner;
import org.gdmc.study.MaskedStudySpec;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.OutputLock;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.ResultSet;
import org.gdmc.study.StudyResult;

/**
 * A masked-diffusion study: one run on the CPU (its exact references are computed on the host, and its samplers are
 * cheap next to them at the paper's sizes), written as PREFIX.json / PREFIX.csv with its figures.
 */
final class MaskedRun {
    private final ResultOptions output;
    private final boolean quiet;

    private final String rerunCommand;

    /** @param rerunCommand the command line that runs the study again, printed when it is interrupted */
    MaskedRun(ResultOptions output, boolean quiet, String rerunCommand) {
        this.output = output;
        this.quiet = quiet;
        this.rerunCommand = rerunCommand;
    }

    int run(MaskedStudyConfig config) throws IOException, InterruptedException {
        MaskedStudySpec spec = config.spec();
        Path prefix = output.prefix(config.name());
        try (OutputLock claim = OutputLock.claim(prefix);
             Interruption stop = new Interruption(System.err, rerunCommand)) {
            ResultFiles.prepare(prefix, output.force);
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
            List<Path> figures;
            try (ResultSet set = ResultSet.begin(prefix)) {
                ResultFiles.stage(set, prefix, json, ResultFiles.toCsv(json), output.force);
                figures = output.noPlots ? List.of() : Figures.draw(json, prefix, set);
                org.gdmc.plot.Report.stage(json, prefix, set, figures);
                set.commit();
                stop.finished();
            }
            Summaries.masked(System.out, spec, result);
            System.out.printf(Locale.ROOT, "%nwall %.1f s; results: %s, %s%n", result.wallSeconds(),
                    ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
            if (!output.noPlots) {
                PlotCommand.report(System.out, figures);
            }
            return 0;
        }
    }
}
