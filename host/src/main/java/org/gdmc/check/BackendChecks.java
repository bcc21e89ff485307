package org.gdmc.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.BackendProvider;
import org.gdmc.backend.BatchSums;
import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.Pieces;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.EstimatorSet;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.EulerMaruyama;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.smc.IslandComparison;
import org.gdmc.smc.IslandEngine;
import org.gdmc.smc.SmcOptions;
import org.gdmc.smc.SmcRunner;
import org.gdmc.smc.WeightRule;

/**
 * The checks every backend answers through the {@link Backend} interface, against the CPU's scalar kernel (the
 * reference):
 * <ul>
 *   <li>per sampler and precision, the {@link Pieces} examples (every guidance form, schedule, score error and
 *       component kind) particle by particle: float64 within the provider's {@link BackendProvider#float64PathBound}
 *       (a device: {@link Bounds#DEVICE_F64_PATH}), float32 within {@link Bounds#float32Path} of both the CPU's float32
 *       and its float64, with few monotone flips;</li>
 *   <li>the float64 reductions: every estimate and its error within {@link Bounds#BLOCK_SUM}, histogram counts
 *   exactly;</li>
 *   <li>SMC islands, on a backend with an island engine ({@link Backend#islands}): island by island against the CPU's
 *       ({@link IslandComparison}), the same resamplings and accepted moves, every value within
 *       {@link Bounds#SMC_ISLANDS};</li>
 *   <li>a throughput figure, in particle-steps per second, for each precision.</li>
 * </ul>
 */
public final class BackendChecks {
    /** Steps of every compared path. */
    static final int STEPS = 40;
    /** Particles compared per example (far from particle 0, so the counters' high words are exercised). */
    static final int PARTICLES = 256;
    private static final long FIRST = (1L << 33) + 7;

    private BackendChecks() {
    }

    /** Every check, for one device of the provider; the throughput figure only when {@code throughput} is true. */
    public static List<Check> all(BackendProvider provider, int device, boolean throughput) {
        return all(provider, device, throughput, true);
    }

    /**
     * As {@link #all(BackendProvider, int, boolean)}; with {@code everySampler} false only the first sampler's paths
     * (Euler–Maruyama) are compared, for a check of an installation whose device maths the device tests have already
     * compared sampler by sampler (CI's offline bundle).
     */
    public static List<Check> all(BackendProvider provider, int device, boolean throughput, boolean everySampler) {
        Map<String, List<Pieces.Example>> bySampler = new LinkedHashMap<>();
        for (Pieces.Example e : Pieces.selfCheckExamples(STEPS)) {
            String name = e.spec().plan().sampler().name();
            if (everySampler || bySampler.isEmpty() || bySampler.containsKey(name)) {
                bySampler.computeIfAbsent(name, k -> new ArrayList<>()).add(e);
            }
        }
        List<Check> out = new ArrayList<>();
        for (BackendOptions.Precision p : BackendOptions.Precision.values()) {
            for (Map.Entry<String, List<Pieces.Example>> s : bySampler.entrySet()) {
                String name = String.format(Locale.ROOT, "%s paths, %s (%d examples x %d particles x %d guidances)",
                        p.name().toLowerCase(Locale.ROOT), s.getKey(), s.getValue().size(), PARTICLES,
                        Pieces.guidances().size());
                out.add(Check.of(name, () -> p == BackendOptions.Precision.FLOAT64
                        ? float64Paths(provider, device, s.getValue()) : float32Paths(provider, device, s.getValue())));
            }
        }
        out.add(Check.of("float64 reductions (means, co-moments, histograms, non-finite counts)",
                () -> reductions(provider, device)));
        out.add(Check.of("SMC islands (exact weights, resampling, Langevin moves) against the CPU's",
                () -> islands(provider, device)));
        if (throughput) {
            out.add(Check.of("throughput", () -> throughput(provider, device)));
        }
        return out;
    }

    static Finding float64Paths(BackendProvider provider, int device, List<Pieces.Example> examples) {
        double bound = provider.float64PathBound();
        PathAgreement worst = null;
        String where = "";
        boolean within = true;
        String failed = "";
        double logits = Math.max(bound, Bounds.DEVICE_F64_LOGIT);
        try (Backend b = provider.open(SelfCheck.options(device, BackendOptions.Precision.FLOAT64));
             CpuBackend cpu = CpuBackend.scalarKernel(0, false)) {
            for (Pieces.Example e : examples) {
                PathAgreement a = PathAgreement.of(e.spec(), cpu, b, FIRST, PARTICLES, bound);
                if (!a.float64Within(e.spec(), bound, logits)) {
                    within = false;
                    failed = "; outside the bounds in " + e.name() + ": " + a;
                }
                if (PathAgreement.everyPathBounded(e.spec()) && (worst == null || a.worst() > worst.worst())) {
                    worst = a;
                    where = e.name();
                }
            }
        }
        String detail = String.format(Locale.ROOT, "worst %.1e (bound %.0e, logits %.0e; normalising variants on 99%%"
                + " of paths) in %s: %s%s", worst.worst(), bound, logits, where, worst, failed);
        double sized = Math.max(worst.worstState(), worst.worstPosterior());
        if (!within && sized > 1e-10 && sized < 1e-4) {
            detail += "; float64 off by float32-sized amounts: this backend computes double exp/log/sin/cos in single "
                    + "precision (as TornadoVM's PTX backend does with the maths library's, issue #895)";
        }
        return Finding.when(within, detail);
    }

    static Finding float32Paths(BackendProvider provider, int device, List<Pieces.Example> examples) {
        double bound = Bounds.float32Path(STEPS);
        double same = 0.0;
        double ref = 0.0;
        double flips = 0.0;
        double share = 0.0;
        String where = "";
        try (Backend b = provider.open(SelfCheck.options(device, BackendOptions.Precision.FLOAT32));
             CpuBackend cpu = CpuBackend.scalarKernel(0, false); CpuBackend cpu32 = new CpuBackend(0, true)) {
            for (Pieces.Example e : examples) {
                PathAgreement s = PathAgreement.of(e.spec(), cpu32, b, FIRST, PARTICLES, bound);
                PathAgreement r = PathAgreement.of(e.spec(), cpu, b, FIRST, PARTICLES, bound);
                if (!PathAgreement.everyPathBounded(e.spec())) {
                    share = Math.max(share, Math.max(s.statesBeyond(), r.statesBeyond()) / (double) r.paths());
                    continue;
                }
                double worst = Math.max(r.worstState(), r.worstPosterior());
                if (worst > ref) {
                    where = e.name();
                }
                same = Math.max(same, s.worstState());
                ref = Math.max(ref, worst);
                flips = Math.max(flips, r.monotoneFlips() / (double) r.paths());
            }
        }
        return Finding.when(same < bound && ref < bound && flips < Bounds.F32_MONOTONE_FLIPS
                && share <= PathAgreement.ILL_CONDITIONED_SHARE, String.format(
                Locale.ROOT, "worst state %.1e against the CPU's float32, %.1e against float64 (in %s), bound %.1e; "
                        + "monotone flips %.2f%% (bound %.0f%%); normalising variants beyond the bound on %.2f%% of "
                        + "paths (allowed %.0f%%)", same, ref, where, bound, 100 * flips,
                100 * Bounds.F32_MONOTONE_FLIPS, 100 * share, 100 * PathAgreement.ILL_CONDITIONED_SHARE));
    }

    /**
     * Two islands of 1024 on the ±2 unit Gaussians in 1-D, Euler–Maruyama under CFG at w = 1, 20 steps, exact weights,
     * resampling below half the island and two Langevin moves per node, far from island 0 (so the counters' high
     * words are exercised): on the backend's island engine against the CPU's {@link org.gdmc.smc.Island}.
     */
    static Finding islands(BackendProvider provider, int device) {
        Mixture pair = Mixture.of(List.of(new GaussianComponent(0, 0.5, new double[] {2.0}, new double[][] {{1.0}}),
                new GaussianComponent(1, 0.5, new double[] {-2.0}, new double[][] {{1.0}})));
        ForwardProcess ou = new ForwardProcess(new ConstantSchedule(1.0));
        SimulationSpec sim = new SimulationSpec(pair, 0, new StepPlan(new EulerMaruyama(), ou,
                TimeGrid.of(GridSpacing.GEOMETRIC, ou, 5.0, 1e-3, 20)), List.of(new ClassifierFreeGuidance(1.0)),
                ScoreError.NONE, 20241124L);
        SmcOptions options = new SmcOptions(BatchSums.BLOCK, 0.5, WeightRule.EXACT, false, 2);
        try (Backend b = provider.open(SelfCheck.options(device, BackendOptions.Precision.FLOAT64));
             IslandEngine engine = b.islands(sim, SmcRunner.proposalProgram(sim, options), options, 2)) {
            if (engine == null) {
                return Finding.pass(b.name() + " has no island engine: SMC runs on the CPU's islands, the reference");
            }
            IslandComparison c = IslandComparison.of(sim, options, engine, 0, (1L << 22) + 3, 2);
            return Finding.when(c.agrees() && c.worst() <= Bounds.SMC_ISLANDS, String.format(Locale.ROOT,
                    "%d islands: resamplings differ in %d, accepted moves in %d, values finite on one side %d; worst "
                            + "%.1e (bound %.0e) in %s", c.islands(), c.resamplings(), c.moves(), c.finite(),
                    c.worst(), Bounds.SMC_ISLANDS, c.worstQuantity()));
        }
    }

    /** The Gaussian-and-box example's full estimator set, on four blocks, the last one partial. */
    static Finding reductions(BackendProvider provider, int device) {
        double worst = 0.0;
        long counts = 0;
        for (Pieces.Example e : List.of(Pieces.examples(STEPS).get(0), Pieces.examples(STEPS).get(2))) {
            SimulationSpec spec = e.spec();
            int guidances = spec.guidances().size();
            EstimatorSet set = ReductionAgreement.standardEstimators(spec);
            int capacity = 4 * BatchSums.BLOCK;
            BatchSums a = new BatchSums(guidances, set.plan(), capacity);
            BatchSums b = new BatchSums(guidances, set.plan(), capacity);
            a.reset(3L * BatchSums.BLOCK, capacity - 100);
            b.reset(3L * BatchSums.BLOCK, capacity - 100);
            try (CpuBackend cpu = new CpuBackend(0);
                 Backend dev = provider.open(SelfCheck.options(device, BackendOptions.Precision.FLOAT64))) {
                cpu.reduce(spec, set.plan(), a);
                dev.reduce(spec, set.plan(), b);
            }
            for (int g = 0; g < guidances; g++) {
                worst = Math.max(worst, ReductionAgreement.worstEstimate(set, a, b, g));
                int[] x = a.counts(g);
                int[] y = b.counts(g);
                for (int k = 0; k < x.length; k++) {
                    if (x[k] != y[k]) {
                        return Finding.fail(e.name() + ", guidance " + g + ": histogram slot " + k + " counts "
                                + y[k] + ", the CPU " + x[k]);
                    }
                }
                counts += x.length;
            }
        }
        return Finding.when(worst < Bounds.BLOCK_SUM, String.format(Locale.ROOT,
                "estimates and their errors within %.1e (bound %.0e), %d histogram counts exact", worst,
                Bounds.BLOCK_SUM, counts));
    }

    /**
     * Particle-steps per second of the reduction path (simulate and reduce, as a study runs) on a batch of the
     * backend's own size, at most 2^18 particles, 50 steps, the 3-class Gaussian example under one guidance: one
     * warm-up batch of one block (compiling the kernels), then whole batches until a second has passed. A figure, not a
     * pass mark.
     */
    static Finding throughput(BackendProvider provider, int device) {
        int steps = 50;
        StringBuilder out = new StringBuilder();
        Pieces.Example e = Pieces.examples(STEPS).get(0);
        SimulationSpec spec = new SimulationSpec(e.spec().target(), 0, Pieces.plan(e.spec().plan().sampler(), steps),
                List.of(Pieces.guidances().get(1)), e.spec().scoreError(), Pieces.SEED);
        EstimatorSet set = ReductionAgreement.standardEstimators(spec);
        for (BackendOptions.Precision p : BackendOptions.Precision.values()) {
            try (Backend b = provider.open(SelfCheck.options(device, p))) {
                int n = Math.min(b.batchSize(spec), 1 << 18);
                BatchSums sums = new BatchSums(1, set.plan(), n);
                sums.reset(0, BatchSums.BLOCK);
                b.reduce(spec, set.plan(), sums);
                long t0 = System.nanoTime();
                long particles = 0;
                do {
                    sums.reset(particles, n);
                    b.reduce(spec, set.plan(), sums);
                    particles += n;
                } while (System.nanoTime() - t0 < 1_000_000_000L);
                double rate = (double) particles * steps / ((System.nanoTime() - t0) * 1e-9);
                out.append(String.format(Locale.ROOT, "%s%s %.3g particle-steps/s", out.length() == 0 ? "" : ", ",
                        p.name().toLowerCase(Locale.ROOT), rate));
                out.append(String.format(Locale.ROOT, " (batches of %,d)", n));
            }
        }
        return Finding.pass(out.toString());
    }
}
