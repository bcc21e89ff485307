package org.gdmc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.gdmc.study.StateFiles;

/**
 * Saves a run's state ({@link StateFiles}) after a batch when at least {@code seconds} have passed since the last save
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
