package org.gdmc.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.gdmc.study.ProgressListener;

/**
 * Progress of a study on standard error: on a terminal, one bar redrawn in place with rate and ETA; otherwise (a batch
 * job's log) a plain line at most every {@code interval} seconds and at the end, so logs stay short and greppable. The
 * ETA is projected from the batches after the first, whose time includes the JIT's and a device's warm-up.
 */
final class ProgressReporter implements ProgressListener {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final double interval;
    private final long stepsPerParticle;
    private double lastLine = Double.NEGATIVE_INFINITY;
    /** Particles done and seconds elapsed at the first batch, which carries the JIT's and the kernels' warm-up. */
    private long firstDone = -1;
    private double firstSeconds;

    /**
     * @param stepsPerParticle reverse steps × guidance values, to turn particles into particle-steps
     */
    ProgressReporter(PrintStream out, boolean terminal, double intervalSeconds, long stepsPerParticle) {
        this.out = out;
        this.terminal = terminal;
        this.interval = intervalSeconds;
        this.stepsPerParticle = stepsPerParticle;
    }

    /** For the running JVM: a bar when a terminal is attached, else a line every 30 s. */
    static ProgressReporter forConsole(PrintStream out, long stepsPerParticle) {
        return new ProgressReporter(out, isTerminal(), 30.0, stepsPerParticle);
    }

    /** System.console() is non-null on JDK 22+ even when redirected; there Console.isTerminal() (22+) decides. */
    private static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void batchDone(long done, long total, double seconds) {
        double fraction = (double) done / total;
        double rate = done * (double) stepsPerParticle / seconds;
        if (firstDone < 0) {
            firstDone = done;
            firstSeconds = seconds;
        }
        String eta = done == total ? clock(0) : done == firstDone ? "estimating"
                : clock((seconds - firstSeconds) * (total - done) / (done - firstDone));
        if (terminal) {
            int filled = (int) Math.round(fraction * WIDTH);
            out.printf(Locale.ROOT, "\r[%s%s] %3.0f%%  %,d/%,d particles  %.3g particle-steps/s  ETA %s   ",
                    "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * fraction, done, total, rate, eta);
            if (done == total) {
                out.println();
            }
            out.flush();
        } else if (done == total || seconds - lastLine >= interval) {
            lastLine = seconds;
            out.printf(Locale.ROOT, "gdmc: %,d/%,d particles (%.0f%%), %.3g particle-steps/s, elapsed %s, ETA %s%n",
                    done, total, 100 * fraction, rate, clock(seconds), eta);
        }
    }

    /** Seconds as 42 s, 3 min 05 s or 2 h 07 min. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
