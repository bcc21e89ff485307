package org.gdmc.backend;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting on a pool's tasks, with one clear failure. */
public final class Tasks {
    private Tasks() {
    }

    /** Waits for every future; rethrows the first task failure as an unchecked exception naming {@code what}. */
    public static void awaitAll(List<? extends Future<?>> futures, String what) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + " interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
