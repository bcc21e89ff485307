package org.gdmc.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.gdmc.fields.ConfigException;
import org.gdmc.plot.Figures;
import org.gdmc.study.OutputLock;
import org.gdmc.study.ResultSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Re-draws the figures and the HTML report of a result file without sampling again ({@code plot} or {@code report}). */
@Command(name = "plot", aliases = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Draw the figures of a result file (PREFIX.json) as PREFIX.<figure>.png and .svg, and its "
                + "report PREFIX.html (a self-contained page: estimates, figures, provenance); `report` is the same.")
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULT", description = "a result file written by gdmc run or gdmc merge")
    Path result;

    @Option(names = "--out", paramLabel = "PREFIX", description = "figure files PREFIX.<figure>.png and .svg "
            + "(default: the result file's path without .json)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(result)) {
            throw new NoSuchFileException(result.toString());
        }
        String name = result.getFileName().toString();
        Path stem = result.resolveSibling(name.endsWith(".json") ? name.substring(0, name.length() - 5) : name);
        if (Files.isDirectory(ResultSet.stagingDirectory(stem))) {
            try (OutputLock claim = OutputLock.claim(stem)) {
                ResultSet.recover(stem); // a run killed while committing this result: complete it first
            }
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(result.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfigException("RESULT", result + " is not JSON: " + e.getOriginalMessage());
        }
        if (!json.path("results").isArray() || json.path("results").isEmpty()) {
            throw new ConfigException("RESULT", result + " has no \"results\": not a gdmc result file");
        }
        Path prefix = out != null ? out : stem;
        List<Path> figures;
        try (OutputLock claim = OutputLock.claim(prefix); ResultSet set = ResultSet.begin(prefix)) {
            figures = Figures.draw(json, prefix, set);
            org.gdmc.plot.Report.stage(json, prefix, set, figures);
            set.commit();
        }
        report(System.out, figures);
        if (figures.isEmpty()) {
            System.err.println("gdmc: " + result + ": no figure drawn: no estimate in it has a value to plot (every "
                    + "value null, e.g. when every particle diverged)");
            return Errors.FAILURE;
        }
        return 0;
    }

    static void report(PrintStream out, List<Path> figures) {
        out.println("figures: " + (figures.isEmpty() ? "none (no plotted estimates)"
                : String.join(", ", figures.stream().map(Path::toString).toList())));
    }
}
