package org.gdmc.cli;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

import org.gdmc.fields.ConfigException;
import org.gdmc.study.StateFiles;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns failures into one clear line on stderr and an exit code: 2 for bad input, 1 otherwise. */
final class Errors implements IExecutionExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        if (ex instanceof ConfigException) {
            cmd.getErr().println("gdmc: " + ex.getMessage());
            return BAD_INPUT;
        }
        if (ex instanceof NoSuchFileException e) {
            cmd.getErr().println("gdmc: no such file: " + e.getFile());
            return BAD_INPUT;
        }
        if (ex instanceof FileAlreadyExistsException e) {
            cmd.getErr().println("gdmc: " + e.getFile() + ": " + e.getReason());
            return BAD_INPUT;
        }
        if (ex instanceof StateFiles.InvalidStateFileException) {
            cmd.getErr().println("gdmc: " + ex.getMessage());
            return BAD_INPUT;
        }
        cmd.getErr().println("gdmc: failed: " + ex);
        return FAILURE;
    }
}
