package org.gdmc.check;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.BackendProvider;

/**
 * {@code gdmc selfcheck}: a backend's own kernel checks ({@link BackendProvider#kernelChecks}) then the checks every
 * backend answers through the {@link org.gdmc.backend.Backend} interface ({@link BackendChecks}), one line each, and a
 * verdict. A check that throws fails with the exception's message; the others still run.
 */
public final class SelfCheck {
    private SelfCheck() {
    }

    /** Every check of one device of a backend. */
    public static List<Check> checks(BackendProvider provider, int device) {
        return checks(provider, device, true);
    }

    /** As {@link #checks(BackendProvider, int)}, without the throughput figure when {@code throughput} is false. */
    public static List<Check> checks(BackendProvider provider, int device, boolean throughput) {
        return checks(provider, device, throughput, true);
    }

    /**
     * As {@link #checks(BackendProvider, int, boolean)}, comparing the paths of the first sampler only when
     * {@code everySampler} is false ({@link BackendChecks#all(BackendProvider, int, boolean, boolean)}).
     */
    public static List<Check> checks(BackendProvider provider, int device, boolean throughput,
                                     boolean everySampler) {
        List<Check> all = new ArrayList<>(provider.kernelChecks(device));
        all.addAll(BackendChecks.all(provider, device, throughput, everySampler));
        return all;
    }

    /** Runs the checks, printing one line each; the number that failed. */
    public static int run(List<Check> checks, PrintStream out) {
        int failed = 0;
        for (Check c : checks) {
            long t0 = System.nanoTime();
            Finding f;
            try {
                f = c.run();
            } catch (RuntimeException | AssertionError e) {
                f = Finding.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            failed += f.passed() ? 0 : 1;
            out.printf(Locale.ROOT, "  %s  %s: %s (%.1f s)%n", f.passed() ? "pass" : "FAIL", c.name(), f.detail(),
                    (System.nanoTime() - t0) * 1e-9);
            out.flush();
        }
        return failed;
    }

    /** The options of one device in one precision, with all host threads. */
    static BackendOptions options(int device, BackendOptions.Precision precision) {
        return new BackendOptions(0, device, precision);
    }
}
