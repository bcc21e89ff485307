package org.gdmc.cli;

import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.InputFileException;
import org.gdmc.study.ResultSet;
import org.gdmc.study.StateFiles;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one clear line on stderr and an exit code: {@value #BAD_INPUT} for bad input (a field, a file,
 * an output location), {@value #FAILURE} otherwise. Anything not foreseen is an internal error: one line naming the
 * command and its input file, the stack trace only under {@code --debug}.
 */
final class Errors implements IExecutionExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof ConfigException || ex instanceof InputFileException
                || ex instanceof StateFiles.InvalidStateFileException) {
            err.println("gdmc: " + ex.getMessage());
            return BAD_INPUT;
        }
        if (ex instanceof NoSuchFileException e) {
            err.println("gdmc: no such file: " + e.getFile());
            return BAD_INPUT;
        }
        if (ex instanceof FileAlreadyExistsException e) {
            err.println("gdmc: " + e.getFile() + ": " + e.getReason());
            return BAD_INPUT;
        }
        ResultSet.WriteFailure write = cause(ex, ResultSet.WriteFailure.class);
        if (write != null) {
            err.println("gdmc: " + write.getMessage());
            return FAILURE;
        }
        FileSystemException io = cause(ex, FileSystemException.class);
        if (io != null) {
            err.println("gdmc: " + (io.getFile() == null ? "" : io.getFile() + ": ")
                    + (io.getReason() == null ? io.getClass().getSimpleName() : io.getReason()));
            return FAILURE;
        }
        internal(err, ex, parsed);
        return FAILURE;
    }

    /** The exception of that kind that ex is or wraps (a write failure, a file-system failure), or null. */
    private static <T extends Throwable> T cause(Throwable ex, Class<T> kind) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return kind.cast(t);
            }
        }
        return null;
    }

    /**
     * One line for a failure gdmc did not foresee: "gdmc: internal error in `gdmc run` on FILE: what", and the stack
     * trace when {@code --debug} was given.
     */
    static void internal(PrintWriter err, Throwable ex, ParseResult parsed) {
        ParseResult leaf = parsed;
        boolean debug = false;
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            debug |= r.hasMatchedOption("--debug");
            leaf = r;
        }
        String command = leaf == null ? "gdmc" : leaf.commandSpec().qualifiedName();
        String input = "";
        if (leaf != null) {
            List<PositionalParamSpec> positionals = leaf.matchedPositionals();
            if (!positionals.isEmpty() && positionals.get(0).getValue() != null) {
                input = " on " + positionals.get(0).getValue();
            }
        }
        String what = ex.getMessage() == null ? ex.getClass().getSimpleName()
                : ex.getClass().getSimpleName() + ": " + ex.getMessage();
        err.println("gdmc: internal error in `" + command + "`" + input + ": " + what.replace('\n', ' ')
                + (debug ? "" : " (a bug in gdmc: rerun with --debug for the stack trace and report it)"));
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
    }
}
