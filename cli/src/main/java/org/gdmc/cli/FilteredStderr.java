package org.gdmc.cli;

import java.util.concurrent.TimeUnit;

/**
 * The launch scripts pass standard error through a filter process that drops Java's incubator-module warning
 * ({@code GDMC_STDERR_FILTER=1}); the filter is this process's child (the scripts {@code exec} Java, so signals reach
 * it directly). Before this process ends, {@link #drain} closes standard error, so the filter reads its end, and
 * waits briefly for it to finish: a shell prompt never comes before gdmc's last line.
 */
final class FilteredStderr {
    private static final long WAIT_MILLIS = 2000;

    private FilteredStderr() {
    }

    static void drain() {
        if (!"1".equals(System.getenv("GDMC_STDERR_FILTER"))) {
            return;
        }
        System.out.flush();
        System.err.flush();
        System.err.close();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        ProcessHandle.current().children().forEach(c -> {
            try {
                c.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // the filter is gone or slow: nothing more to wait for
            }
        });
    }
}
