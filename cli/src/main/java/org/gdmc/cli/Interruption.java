package org.gdmc.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What Ctrl-C (SIGINT) or SIGTERM does to a running study: the JVM's shutdown hook asks the run to save its state at
 * the end of the batch under way, waits for that save (at most {@value #WAIT_SECONDS} s; past that, the last periodic
 * checkpoint stands), and prints one line saying what was saved and the exact command that resumes it. Once the
 * result is written there is nothing to say.
 */
final class Interruption implements AutoCloseable {
    /** How long the hook waits for the batch under way to end and be saved. */
    static final long WAIT_SECONDS = 20;

    private final PrintStream err;
    private final String resumeCommand;
    private final Thread hook;
    private final CountDownLatch saved = new CountDownLatch(1);
    private volatile boolean requested;
    private volatile String lastSaved;
    private volatile boolean finished;
    private volatile boolean sampling;

    /** Registers the hook; {@code resumeCommand} is the command line that continues this run. */
    Interruption(PrintStream err, String resumeCommand) {
        this.err = err;
        this.resumeCommand = resumeCommand;
        this.hook = new Thread(this::interrupted, "gdmc-interruption");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command that resumes a run given these arguments: gdmc, the arguments quoted for a POSIX shell, --resume. */
    static String resumeCommand(String launcher, List<String> args) {
        String again = command(launcher, args);
        return args.contains("--resume") ? again : again + " --resume";
    }

    /** The command line of gdmc with these arguments, quoted for a POSIX shell. */
    static String command(String launcher, List<String> args) {
        StringBuilder sb = new StringBuilder(launcher);
        for (String a : args) {
            sb.append(' ').append(shellQuote(a));
        }
        return sb.toString();
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,+@%-]+");

    /** The word as a POSIX shell reads it back: as it is when plain, else in single quotes. */
    static String shellQuote(String s) {
        return PLAIN.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** Whether a stop was asked for: the run saves its state ({@link #savedAndStop}) at the end of this batch. */
    boolean requested() {
        return requested;
    }

    /** Records what the last save holds, for the line printed if the run is stopped before the next. */
    void saved(String what) {
        lastSaved = what;
    }

    /** Records the save made on request, lets the hook print its line, and parks this thread while the JVM stops. */
    void savedAndStop(String what) {
        lastSaved = what;
        saved.countDown();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether batches are under way: only then does a stop wait for the next save. */
    void sampling(boolean on) {
        sampling = on;
    }

    /** The result is written: a stop from now on has nothing to report. */
    void finished() {
        finished = true;
    }

    private void interrupted() {
        if (finished) {
            return;
        }
        requested = true;
        try {
            if (sampling) {
                saved.await(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (finished) {
            return;
        }
        String what = lastSaved;
        err.println();
        err.println(what == null
                ? "gdmc: interrupted; nothing was saved; start again with: " + resumeCommand
                : "gdmc: interrupted; saved " + what + "; resume with: " + resumeCommand);
        err.flush();
        FilteredStderr.drain();
    }

    /** Removes the hook (the run ended by itself). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already stopping: the hook runs
        }
    }
}
