package org.gdmc.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.gdmc.fields.InputFileException;

import picocli.CommandLine.Option;

/** Where a command writes its result and figures, and whether it may overwrite them. */
final class ResultOptions {
    @Option(names = "--out", paramLabel = "PREFIX",
            description = "Result files PREFIX.json and PREFIX.csv (default: results/<study name>); an existing "
                    + "directory, or a name ending in /, means <study name> inside it")
    String out;

    @Option(names = "--force",
            description = "Overwrite an existing result (for run: also start over despite a checkpoint)")
    boolean force;

    @Option(names = "--no-plots", description = "Do not draw the figures PREFIX.<figure>.png and .svg"
            + " (`gdmc plot` draws them from the result file)")
    boolean noPlots;

    /**
     * --out, or results/ and a file name made from the study's name; when --out is an existing directory or ends in a
     * separator, that file name inside it. An empty --out is refused.
     */
    Path prefix(String studyName) {
        String stem = StudyOptions.fileStem(studyName);
        if (out == null) {
            return Path.of("results", stem);
        }
        if (out.isBlank()) {
            throw new InputFileException("--out is empty: give a prefix such as results/study, which writes "
                    + "results/study.json and results/study.csv");
        }
        Path p;
        try {
            p = Path.of(out);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InputFileException("--out " + out + " is not a valid path: " + e.getReason());
        }
        Path last = p.getFileName();
        if (last == null || last.toString().equals(".") || last.toString().equals("..")) {
            throw new InputFileException("--out " + out + " names no file: give a prefix such as results/study, or a "
                    + "directory by name (results/) for <study name> inside it");
        }
        boolean directory = out.endsWith("/") || out.endsWith(java.io.File.separator) || Files.isDirectory(p);
        return directory ? p.resolve(stem) : p;
    }
}
