package org.gdmc.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where a command writes its result and figures, and whether it may overwrite them. */
final class ResultOptions {
    @Option(names = "--out", paramLabel = "PREFIX",
            description = "Result files PREFIX.json and PREFIX.csv (default: results/<study name>)")
    Path out;

    @Option(names = "--force",
            description = "Overwrite an existing result (for run: also start over despite a checkpoint)")
    boolean force;

    @Option(names = "--no-plots", description = "Do not draw the figures PREFIX.<figure>.png and .svg"
            + " (`gdmc plot` draws them from the result file)")
    boolean noPlots;

    /** --out, or results/ and a file name made from the study's name. */
    Path prefix(String studyName) {
        return out != null ? out : Path.of("results", StudyOptions.fileStem(studyName));
    }
}
