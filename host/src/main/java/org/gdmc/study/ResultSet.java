package org.gdmc.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A result's files (JSON, CSV, figures) written all or nothing. Each file is first written whole into a staging
 * directory beside the result, {@code .NAME.staging}; then a journal naming every staged file is moved into that
 * directory in one atomic rename (the commit point); then each file is renamed over its target and the directory is
 * removed. A run killed at any instant therefore leaves either the previous files and an uncommitted staging
 * directory, which the next run on the prefix removes, or a committed journal, whose renames the next run (or
 * {@code gdmc plot}, or {@link #recover}) completes before anything else: a reader going through gdmc sees the old set
 * or the whole new one, never a mixture. A write that fails (a full disk, an I/O error, a target that is a directory)
 * raises a {@link WriteFailure} naming the path and leaves the previous files untouched.
 *
 * <p>Staged files are created as any new file, so they get the permissions the process's umask gives. For crash
 * tests, the environment variable {@code GDMC_FAILPOINT=result-set:K} halts the process (as a kill would: no cleanup
 * runs) just before its K-th file-system operation on a result set (K from 1).
 */
public final class ResultSet implements AutoCloseable {
    private static final String JOURNAL = "commit";
    private static final String JOURNAL_MAGIC = "gdmc-result-set 1";
    private static final int HALT_AT = failpoint(System.getenv("GDMC_FAILPOINT"));
    private static int operations;
    /** Tests: the operation (counted from the last {@link #crashBefore} call) before which a crash is simulated. */
    private static int crashAt;

    private final Path prefix;
    private final Path staging;
    private final Map<Path, Path> staged = new LinkedHashMap<>();
    private boolean committed;

    /** A file of the set that could not be written: names it, with the file system's reason. */
    public static final class WriteFailure extends IOException {
        private final transient Path file;
        private final String reason;

        WriteFailure(Path file, String reason, Throwable cause) {
            super("cannot write " + file + ": " + reason, cause);
            this.file = file;
            this.reason = reason;
        }

        public Path file() {
            return file;
        }

        /** The same failure with what the user can do about it appended to the message. */
        public WriteFailure advise(String advice) {
            return new WriteFailure(file, reason + "; " + advice, getCause() == null ? this : getCause());
        }
    }

    private ResultSet(Path prefix, Path staging) {
        this.prefix = prefix;
        this.staging = staging;
    }

    /** The staging directory of a prefix's result set: {@code .NAME.staging} beside it. */
    public static Path stagingDirectory(Path prefix) {
        return prefix.toAbsolutePath().resolveSibling("." + prefix.getFileName() + ".staging");
    }

    /**
     * Starts a new set for the prefix, after completing or discarding whatever an interrupted one left
     * ({@link #recover}). The caller holds the prefix's {@link OutputLock}.
     */
    public static ResultSet begin(Path prefix) throws IOException {
        recover(prefix);
        Path staging = stagingDirectory(prefix);
        try {
            step();
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new WriteFailure(staging, ResultFiles.reason(e), e);
        }
        return new ResultSet(prefix, staging);
    }

    /**
     * Completes the renames of a committed set an interrupted run left for this prefix, or discards an uncommitted
     * one; true when a committed set was completed.
     */
    public static boolean recover(Path prefix) throws IOException {
        Path staging = stagingDirectory(prefix);
        if (!Files.isDirectory(staging)) {
            return false;
        }
        Path journal = staging.resolve(JOURNAL);
        boolean completed = false;
        if (Files.isRegularFile(journal)) {
            List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(JOURNAL_MAGIC)) {
                throw new WriteFailure(journal, "not a gdmc result-set journal; remove " + staging
                        + " if no gdmc run is using it", null);
            }
            Path dir = staging.getParent();
            for (String name : lines.subList(1, lines.size())) {
                Path from = staging.resolve(name);
                if (Files.exists(from)) {
                    move(from, dir.resolve(name));
                }
            }
            completed = true;
        }
        removeTree(staging);
        return completed;
    }

    /** Stages one file of the set: written whole into the staging directory; returns its final path. */
    public Path add(Path target, byte[] content) throws IOException {
        Path name = target.getFileName();
        if (!target.toAbsolutePath().getParent().equals(staging.getParent())
                || !name.toString().startsWith(prefix.getFileName().toString())) {
            throw new IllegalArgumentException(target + " is not a file of the result " + prefix);
        }
        if (Files.isDirectory(target)) {
            throw new WriteFailure(target, "a directory is in the way", null);
        }
        Path file = staging.resolve(name.toString());
        try {
            step();
            Files.write(file, content);
        } catch (IOException e) {
            throw new WriteFailure(target, ResultFiles.reason(e), e);
        }
        staged.put(target, file);
        return target;
    }

    /** The content of a file staged in this set (for a page that inlines the figures staged before it). */
    public byte[] staged(Path target) throws IOException {
        Path file = staged.get(target);
        if (file == null) {
            throw new IllegalArgumentException(target + " is not staged in the result " + prefix);
        }
        return Files.readAllBytes(file);
    }

    /** Stages a text file (UTF-8). */
    public Path add(Path target, String content) throws IOException {
        return add(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Makes the staged files the result: the journal's rename is the commit point, then each file is moved. */
    public void commit() throws IOException {
        StringBuilder text = new StringBuilder(JOURNAL_MAGIC).append('\n');
        for (Path f : staged.values()) {
            text.append(f.getFileName()).append('\n');
        }
        Path pending = staging.resolve(JOURNAL + ".partial");
        try {
            step();
            Files.writeString(pending, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            move(pending, staging.resolve(JOURNAL));
        } catch (IOException e) {
            throw new WriteFailure(staging.resolve(JOURNAL), ResultFiles.reason(e), e);
        }
        committed = true;
        for (Map.Entry<Path, Path> e : staged.entrySet()) {
            try {
                move(e.getValue(), e.getKey());
            } catch (IOException x) {
                throw new WriteFailure(e.getKey(), ResultFiles.reason(x) + " (the result is committed: the next gdmc "
                        + "command on " + prefix + " completes it)", x);
            }
        }
        removeTree(staging);
    }

    /** Discards an uncommitted set's staged files, leaving the previous result as it was. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            removeTree(staging);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        step();
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void removeTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                step();
                Files.deleteIfExists(f);
            }
        }
        step();
        Files.deleteIfExists(dir);
    }

    /**
     * Tests: from now on, the {@code k}-th file-system operation (k from 1; 0 = never) throws {@link SimulatedCrash}
     * before it happens, which nothing in this class catches, so the disk is left as a kill there would leave it.
     */
    static synchronized void crashBefore(int k) {
        operations = 0;
        crashAt = k;
    }

    /** A kill simulated in-process by tests ({@link #crashBefore}). */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(int k) {
            super("simulated crash before result-set operation " + k);
        }
    }

    /** Counts a file-system operation, halting the process at the failpoint's. */
    private static synchronized void step() {
        operations++;
        if (operations == crashAt) {
            throw new SimulatedCrash(crashAt);
        }
        if (operations == HALT_AT) {
            System.err.println("gdmc: GDMC_FAILPOINT: halting before result-set operation " + HALT_AT);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }

    private static int failpoint(String value) {
        if (value == null || !value.startsWith("result-set:")) {
            return 0;
        }
        try {
            return Integer.parseInt(value.substring("result-set:".length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
