package org.gdmc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.gdmc.fields.ConfigException;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.Shard;
import org.gdmc.study.StateFiles;

/**
 * The checkpoint of a run or shard ({@link #prepare}, {@link #resumes}: the rules every kind of study shares), and its
 * saving: saves a run's state ({@link StateFiles}) after a batch when at least {@code seconds} have passed since the last save
 * (or the start), or at once when the run is asked to stop (then parks the thread while the JVM stops).
 *
 * @param <T> the state: a continuous study's or a large-mixture study's
 */
final class Checkpoints<T extends StateFiles.Body> implements Consumer<T> {
    private final Path file;
    private final StateFiles.Header header;
    private final long intervalNanos;
    private final Interruption stop;
    private final BiFunction<T, Path, String> describe;
    private long last = System.nanoTime();

    /** @param describe what a save of the state in the file holds, e.g. "N of M particles in FILE" */
    Checkpoints(Path file, StateFiles.Header header, double seconds, Interruption stop,
                BiFunction<T, Path, String> describe) {
        this.file = file;
        this.header = header;
        this.intervalNanos = (long) (seconds * 1e9);
        this.stop = stop;
        this.describe = describe;
    }

    /**
     * Clears the way for a run's files: the result at {@code prefix} (a whole run; a resumed run owns what its
     * interrupted self may have left in part, killed while writing it) or the shard's {@code stateFile} (refused
     * without --force when one is there), and the temporaries of both and of the checkpoint. Returns whether the run
     * owns an earlier result (a checkpoint is there and --resume was given).
     */
    static boolean prepare(Path prefix, Path stateFile, Path checkpoint, boolean resume, boolean force)
            throws IOException {
        boolean owned = resume && Files.exists(checkpoint);
        if (stateFile == null) {
            ResultFiles.prepare(prefix, force || owned);
        } else if (!force && Files.exists(stateFile)) {
            throw new FileAlreadyExistsException(stateFile.toString(), null,
                    "a shard result is already there; pass --force to overwrite it or choose another --out");
        } else {
            ResultFiles.removeTemporaries(stateFile);
        }
        ResultFiles.removeTemporaries(checkpoint);
        return owned;
    }

    /**
     * Whether the run continues from {@code checkpoint} (then the caller reads it): false without one (saying so under
     * --resume) or with --force and no --resume; refused without --force when one is there and --resume is not given,
     * and under --resume when it is of another study (sampling fingerprint) or another shard.
     */
    static boolean resumes(Path checkpoint, boolean resume, boolean force, boolean quiet, String fingerprint,
                           Shard part, PrintStream err) throws IOException {
        if (!Files.exists(checkpoint)) {
            if (resume && !quiet) {
                err.println("gdmc: no checkpoint at " + checkpoint + "; starting from the beginning");
            }
            return false;
        }
        if (!resume) {
            if (!force) {
                throw new FileAlreadyExistsException(checkpoint.toString(), null, "an interrupted run left this "
                        + "checkpoint; pass --resume to continue it, or --force to start over");
            }
            return false;
        }
        StateFiles.Header h = StateFiles.header(checkpoint);
        if (!h.fingerprint().equals(fingerprint)) {
            throw new ConfigException("--resume", "the checkpoint " + checkpoint + " is of a different study "
                    + "(sampling fingerprint " + h.fingerprint().substring(0, 12) + ", this study's "
                    + fingerprint.substring(0, 12) + "); pass --force to start over");
        }
        if (!h.shard().equals(part)) {
            throw new ConfigException("--resume", "the checkpoint " + checkpoint + " is of shard " + h.shard()
                    + ", not " + part);
        }
        return true;
    }

    @Override
    public void accept(T state) {
        long now = System.nanoTime();
        boolean stopping = stop.requested();
        if (!stopping && now - last < intervalNanos) {
            return;
        }
        try {
            StateFiles.write(file, header, state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        last = System.nanoTime();
        if (stopping) {
            stop.savedAndStop(describe.apply(state, file));
        }
        stop.saved(describe.apply(state, file));
    }
}
