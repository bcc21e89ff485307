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
import org.gdmc.smc.IslandComparison;
import org.gdmc.smc.IslandEngine;
import org.gdmc.smc.SmcOptions;
import org.gdmc.smc.SmcRunner;
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
    /** Relative difference counted as rounding between two estimates without a standard error, for paths. */
    static final double PATH_ROUNDING = 1e-12;
    /**
     * The same for SMC studies, whose health figures (ESS, shares, spreads) carry no standard error: Langevin moves
     * amplify rounding where the target is stiff ({@link IslandComparison}: 1e-8 in states on paper A's boxes).
     */
    static final double SMC_ROUNDING = 1e-6;

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
        SimulationSpec sim = spec.simulation();
        PrintStream out = System.out;
        boolean ok = true;
        boolean smc = spec.smc() != null;
        if (smc && backendOptions.backend.equals("cpu")) {
            throw new org.gdmc.fields.ConfigException("--backend", "compare checks a device's SMC islands against the "
                    + "CPU's; name the device's backend (--backend tornado), got cpu");
        }
        try (CpuBackend cpu = new CpuBackend(config.threads());
             Backend other = backendOptions.open(config.threads(), smc)) {
            out.printf(Locale.ROOT, "%s: reference %s [%s] vs %s [%s]%n", config.name(), cpu.name(),
                    cpu.deviceName(sim), other.name(), other.deviceName(sim));
            long n = Math.max(1, Math.min(checkParticles, config.particles()));
            if (smc) {
                ok = compareIslands(spec, other, n, out);
            } else {
                ok = compareParticles(config, sim, cpu, other, n, out);
            }
            ok &= compareEstimates(config, spec, cpu, other, smc ? SMC_ROUNDING : PATH_ROUNDING, out);
        }
        out.println(ok ? "\nverdict: the backends agree" : "\nverdict: the backends DIFFER");
        return ok ? 0 : 3;
    }

    /**
     * SMC islands, island by island and particle by particle ({@link IslandComparison}): the first n/M islands (one at
     * least) of every guidance value on the other backend's island engine against the CPU's.
     */
    private static boolean compareIslands(StudySpec spec, Backend other, long n, PrintStream out) {
        SmcOptions smc = spec.smc();
        SimulationSpec sim = spec.simulation();
        int islands = (int) Math.max(1, n / smc.island());
        boolean ok = true;
        try (IslandEngine engine = other.islands(sim, SmcRunner.proposalProgram(sim, smc), smc, islands)) {
            if (engine == null) {
                throw new org.gdmc.fields.ConfigException("--backend", other.name() + " has no engine for SMC "
                        + "islands; nothing to compare");
            }
            int count = Math.min(islands, engine.capacity());
            out.printf(Locale.ROOT, "%nSMC islands (%d islands of %d particles): largest |difference| relative to "
                    + "1+|cpu| over log Z, ESS, states, observables, weights and log Q0, and where; islands whose "
                    + "resampling or accepted-move counts differ, values finite on one side only%n", count,
                    smc.island());
            for (int g = 0; g < sim.guidances().size(); g++) {
                IslandComparison c = IslandComparison.of(sim, smc, engine, g, 0, count);
                out.printf(Locale.ROOT, "  %-14s  rel %.2e (%s, island %d)  resamplings differ in %d, moves in %d, "
                        + "finite on one side %d  %s%n", sim.guidances().get(g).describe(), c.worst(),
                        c.worstQuantity(), c.worstIsland(), c.resamplings(), c.moves(), c.finite(),
                        c.agrees() ? "agree" : "DIFFER");
                ok &= c.agrees();
            }
        } catch (IllegalArgumentException e) {
            throw new org.gdmc.fields.ConfigException("--backend", other.name() + " cannot run these SMC islands: "
                    + e.getMessage());
        }
        return ok;
    }

    /** The paths of the first n particles, particle by particle ({@link BackendComparison}). */
    private static boolean compareParticles(StudyConfig config, SimulationSpec sim, Backend cpu, Backend other,
                                            long n, PrintStream out) {
        boolean ok = true;
        BackendComparison.Deviations dev = BackendComparison.run(sim, cpu, other, n,
                config.batchSize() > 0 ? config.batchSize() : Backend.DEFAULT_BATCH);
        out.printf(Locale.ROOT, "%nper particle (%,d particles): largest |difference| (relative to 1+|cpu|) and "
                + "where%n", n);
        for (int g = 0; g < sim.guidances().size(); g++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-14s",
                    sim.guidances().get(g).describe()));
            for (int q = 0; q < BackendComparison.QUANTITIES.length; q++) {
                line.append(String.format(Locale.ROOT, "  %s %.2e (rel %.2e, #%d)", BackendComparison.QUANTITIES[q],
                        dev.absolute()[g][q], dev.relative()[g][q], dev.worstParticle()[g][q]));
            }
            if (dev.finiteMismatches()[g] > 0) {
                line.append(String.format(Locale.ROOT, "  FINITE ON ONE SIDE ONLY: %d values",
                        dev.finiteMismatches()[g]));
                ok = false;
            }
            out.println(line);
        }
        return ok;
    }

    /** Every estimate of the whole study on both backends, side by side with a verdict. */
    private static boolean compareEstimates(StudyConfig config, StudySpec spec, Backend cpu, Backend other,
                                            double rounding, PrintStream out) {
        boolean ok = true;
        StudyResult a = new StudyRunner(cpu).run(spec, (x, y, z) -> { });
        StudyResult b = new StudyRunner(other).run(spec, (x, y, z) -> { });
        out.printf(Locale.ROOT, "%nestimates (N = %,d): cpu %.1f s, %s %.1f s%n", config.particles(),
                a.wallSeconds(), other.name(), b.wallSeconds());
        // an SMC study keeps no unweighted histogram: its density is smc.tvTiltedLaw, compared with the estimates
        List<List<Estimate>> between = spec.smc() != null ? null : a.compare(b, "BetweenBackends");
        for (int g = 0; g < a.results().size(); g++) {
            GuidanceResult ra = a.results().get(g);
            GuidanceResult rb = b.results().get(g);
            out.printf(Locale.ROOT, "%n  %s%n  %-34s %-26s %-26s %-12s %s%n", ra.guidance(), "estimate", "cpu",
                    other.name(), "difference", "verdict");
            for (Estimate e : ra.estimates()) {
                Estimate f = rb.find(e.name());
                String verdict = verdict(e, f, rounding);
                ok &= !verdict.equals("DIFFER");
                out.printf(Locale.ROOT, "  %-34s %-26s %-26s %-12s %s%n", e.name(), Summaries.format(e),
                        f == null ? "-" : Summaries.format(f),
                        f == null ? "-" : String.format(Locale.ROOT, "%.3g", f.value() - e.value()), verdict);
            }
            List<Estimate> tv = between == null ? List.of() : between.get(g);
            for (int k = 0; k + 1 < tv.size(); k += 2) {
                Estimate e = tv.get(k);
                Estimate floor = tv.get(k + 1);
                boolean same = e.value() <= floor.value();
                ok &= same;
                out.printf(Locale.ROOT, "  %-34s %-26s (noise floor of independent samples %.3g)  %s%n", e.name(),
                        Summaries.format(e), floor.value(), same ? "agree" : "DIFFER");
            }
        }

        return ok;
    }

    /**
     * agree / DIFFER: within 5 standard errors (the larger of the two) plus {@code rounding} relative to max(1, |e|);
     * both NaN count as agree.
     */
    static String verdict(Estimate e, Estimate f, double rounding) {
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
        return diff <= SIGMAS * se + rounding * Math.max(1.0, Math.abs(e.value())) ? "agree" : "DIFFER";
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0.0 : v;
    }
}
