package org.gdmc.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gdmc.backend.Backend;
import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.config.StudyConfig;
import org.gdmc.estimate.Estimate;
import org.gdmc.study.BackendComparison;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;
import org.gdmc.study.StudySpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs one study on the CPU (the float64 reference) and on another backend with the same seed, and reports the
 * largest per-particle deviations, every estimate side by side with a verdict, and (d ≤ 2) the total variation between
 * the two backends' histograms of the final states.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run a study on the CPU and on --backend with the same seed; report per-particle deviations and "
                + "every estimate side by side.",
            "Verdict per estimate: agree when |difference| <= 5 x the larger standard error (both runs share their "
                + "noise, so real agreement is far tighter). In d <= 2, density.tvBetweenBackends is the total "
                + "variation between the two histograms of the final states: agree when it is below the noise floor "
                + "of two independent samples of one law. Exit code 3 when any verdict is DIFFER or a particle is "
                + "finite on one backend only."})
final class CompareCommand implements Callable<Integer> {
    static final double SIGMAS = 5.0;

    @Mixin
    StudyOptions options;

    @Mixin
    BackendOptionsMixin backendOptions;

    @Option(names = "--check-particles", paramLabel = "N", defaultValue = "65536",
            description = "particles compared one by one (default 65536; at most the study's N)")
    long checkParticles;

    @Override
    public Integer call() throws java.io.IOException {
        if (options.sweep() != null) {
            throw new org.gdmc.fields.ConfigException("sweep", "compare checks one study; pick one value with "
                    + "--set " + options.sweep().field() + "=VALUE");
        }
        StudyConfig config = options.load();
        StudySpec spec = config.toStudySpec();
        if (spec.smc() != null) {
            throw new org.gdmc.fields.ConfigException("sampler.smc", "compare checks a device's paths particle by "
                    + "particle against the CPU; SMC runs on the CPU only, so there is nothing to compare");
        }
        SimulationSpec sim = spec.simulation();
        PrintStream out = System.out;
        boolean ok = true;
        try (CpuBackend cpu = new CpuBackend(config.threads()); Backend other = backendOptions.open(config.threads())) {
            out.printf(Locale.ROOT, "%s: reference %s [%s] vs %s [%s]%n", config.name(), cpu.name(),
                    cpu.deviceName(sim), other.name(), other.deviceName(sim));
            long n = Math.max(1, Math.min(checkParticles, config.particles()));
            BackendComparison.Deviations dev = BackendComparison.run(sim, cpu, other, n,
                    config.batchSize() > 0 ? config.batchSize() : Backend.DEFAULT_BATCH);
            out.printf(Locale.ROOT, "%nper particle (%,d particles): largest |difference| (relative to 1+|cpu|) and where%n", n);
            for (int g = 0; g < sim.guidances().size(); g++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-14s", sim.guidances().get(g).describe()));
                for (int q = 0; q < BackendComparison.QUANTITIES.length; q++) {
                    line.append(String.format(Locale.ROOT, "  %s %.2e (rel %.2e, #%d)", BackendComparison.QUANTITIES[q],
                            dev.absolute()[g][q], dev.relative()[g][q], dev.worstParticle()[g][q]));
                }
                if (dev.finiteMismatches()[g] > 0) {
                    line.append(String.format(Locale.ROOT, "  FINITE ON ONE SIDE ONLY: %d values", dev.finiteMismatches()[g]));
                    ok = false;
                }
                out.println(line);
            }
            StudyResult a = new StudyRunner(cpu).run(spec, (x, y, z) -> { });
            StudyResult b = new StudyRunner(other).run(spec, (x, y, z) -> { });
            out.printf(Locale.ROOT, "%nestimates (N = %,d): cpu %.1f s, %s %.1f s%n", config.particles(),
                    a.wallSeconds(), other.name(), b.wallSeconds());
            List<List<Estimate>> between = a.compare(b, "BetweenBackends");
            for (int g = 0; g < a.results().size(); g++) {
                GuidanceResult ra = a.results().get(g);
                GuidanceResult rb = b.results().get(g);
                out.printf(Locale.ROOT, "%n  %s%n  %-34s %-26s %-26s %-12s %s%n", ra.guidance(), "estimate", "cpu",
                        other.name(), "difference", "verdict");
                for (Estimate e : ra.estimates()) {
                    Estimate f = rb.find(e.name());
                    String verdict = verdict(e, f);
                    ok &= !verdict.equals("DIFFER");
                    out.printf(Locale.ROOT, "  %-34s %-26s %-26s %-12s %s%n", e.name(), Summaries.format(e),
                            f == null ? "-" : Summaries.format(f),
                            f == null ? "-" : String.format(Locale.ROOT, "%.3g", f.value() - e.value()), verdict);
                }
                List<Estimate> tv = between.get(g);
                for (int k = 0; k + 1 < tv.size(); k += 2) {
                    Estimate e = tv.get(k);
                    Estimate floor = tv.get(k + 1);
                    boolean same = e.value() <= floor.value();
                    ok &= same;
                    out.printf(Locale.ROOT, "  %-34s %-26s (noise floor of independent samples %.3g)  %s%n", e.name(),
                            Summaries.format(e), floor.value(), same ? "agree" : "DIFFER");
                }
            }
        }
        out.println(ok ? "\nverdict: the backends agree" : "\nverdict: the backends DIFFER");
        return ok ? 0 : 3;
    }

    /** agree / DIFFER / n/a (no standard error on either side and both values equal or both NaN count as agree). */
    static String verdict(Estimate e, Estimate f) {
        if (f == null) {
            return "DIFFER";
        }
        if (Double.isNaN(e.value()) || Double.isNaN(f.value())) {
            return Double.isNaN(e.value()) == Double.isNaN(f.value()) ? "agree" : "DIFFER";
        }
        double se = Math.max(nanToZero(e.stdError()), nanToZero(f.stdError()));
        double diff = Math.abs(e.value() - f.value());
        if (e.value() == f.value()) {
            return "agree";
        }
        return diff <= SIGMAS * se + 1e-12 * Math.max(1.0, Math.abs(e.value())) ? "agree" : "DIFFER";
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0.0 : v;
    }
}
