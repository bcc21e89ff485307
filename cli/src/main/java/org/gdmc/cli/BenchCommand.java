package org.gdmc.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.BackendProvider;
import org.gdmc.backend.Backends;
import org.gdmc.fields.ConfigException;
import org.gdmc.config.StudyConfig;
import org.gdmc.estimate.Estimate;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of the reference study on every backend this machine has: particle-steps per second of what a user pays
 * for a study, end to end (its setup with the reference laws' quadrature, the sampling and every estimator's
 * reduction, and the finish that reads the estimates; the sampling and reduction alone are reported beside it as
 * {@code samplingMedian}), the median of several runs after warm-up runs of at least --warm-up seconds in all
 * (default {@value #WARM_UP_SECONDS}), and the estimates, so a peer's figures can be set beside them
 * (benchmarks/side-by-side does that for the NumPy peer).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Particle-steps per second of the reference study (two unit Gaussians at (+-2, 0) in d = 2, "
                + "CFG w = 1 on the class at +2, Euler-Maruyama, 200 uniform steps, T = 5, delta = 1e-3), or of any "
                + "study file (--study), on each backend present (in each --precision asked); the median of --repeats "
                + "runs after --warm-up seconds of warm-up runs, and the study's estimates."})
final class BenchCommand implements Callable<Integer> {
    /** The estimates printed beside the rates (the NumPy peer computes the same). */
    static final List<String> ESTIMATES = List.of("posterior.mean", "mean[0]", "mean[1]", "reciprocalPosterior.mean");
    /**
     * Warm-up runs (a tenth of the particles each) go on until they have taken this long by default: one short run
     * leaves the JIT compiling the hot loops into the first timed run, which then reads 10–25% low on the CPU backend,
     * and 2 s (a dozen runs, half of each the setup's quadrature) still left the first timed runs of the vector
     * lanes rising by 15%.
     */
    static final double WARM_UP_SECONDS = 5.0;
    static final int MAX_WARM_UP_RUNS = 60;

    @Option(names = "--particles", paramLabel = "N",
            description = "particles per run (default: 1000000 for the reference study, a --study file's own)")
    Long particles;

    @Option(names = "--study", paramLabel = "FILE", description = "time this study file instead of the reference "
            + "study (a continuous study without a sweep), e.g. one of experiments/")
    java.nio.file.Path study;

    @Option(names = "--set", paramLabel = "FIELD=VALUE", description = "override a field of the timed study, as for "
            + "run (repeatable), e.g. --set target.components[0].mean=[3,0]")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "3", description = "timed runs per backend")
    int repeats;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "" + WARM_UP_SECONDS,
            description = "seconds of warm-up runs (a tenth of the particles each) before the timed runs, so the JIT "
                    + "has compiled the hot loops (default: ${DEFAULT-VALUE})")
    double warmUpSeconds;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "CPU threads (0 = all)")
    int threads;

    @Option(names = "--backend", split = ",", paramLabel = "NAME",
            description = "backends to measure (default: every one available here)")
    List<String> backends;

    @Option(names = "--precision", split = ",", paramLabel = "P",
            description = "float64, float32 or both (float64,float32); default: each backend's own")
    List<String> precisions;

    @Option(names = "--json", description = "one JSON line per backend and precision instead of the table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (particles != null && particles < 1) {
            throw new ConfigException("--particles", "must be >= 1, got " + particles);
        }
        if (repeats < 1) {
            throw new ConfigException("--repeats", "must be >= 1, got " + repeats);
        }
        if (!(warmUpSeconds >= 0 && warmUpSeconds <= 3600)) {
            throw new ConfigException("--warm-up", "must be between 0 and 3600 seconds, got " + warmUpSeconds);
        }
        List<BackendOptions.Precision> asked = new ArrayList<>();
        for (String name : precisions == null ? List.<String>of() : precisions) {
            asked.add(BackendOptionsMixin.precision(name));
        }
        StudyConfig config = load(particles);
        long tenth = Math.max(1, config.particles() / 10);
        if (config.smc() != null) {
            // SMC runs whole islands, in float64 on every backend
            long island = config.smc().island();
            tenth = (tenth + island - 1) / island * island;
            if (asked.contains(BackendOptions.Precision.FLOAT32)) {
                throw new ConfigException("--precision", "sampler.smc runs in float64 only; got float32");
            }
            asked = List.of(BackendOptions.Precision.FLOAT64);
        }
        StudyConfig warmUp = load(tenth);
        PrintStream out = System.out;
        if (!json) {
            out.printf(Locale.ROOT, "%s: %,d particles x %d steps x %d guidance values, median of %d runs%n",
                    study == null ? "reference study" : config.name() + " (" + study + ")", config.particles(),
                    config.grid().steps(), config.guidances().size(), repeats);
            out.printf(Locale.ROOT, "%-10s %-64s %8s %14s %14s %14s %14s%n", "backend", "device", "threads",
                    "median p-s/s", "min", "max", "sampling only");
        }
        for (BackendProvider p : providers()) {
            for (BackendOptions.Precision precision : asked.isEmpty() ? List.of(p.defaultPrecision()) : asked) {
                measure(p, precision, config, warmUp, out);
            }
        }
        return 0;
    }

    private void measure(BackendProvider p, BackendOptions.Precision precision, StudyConfig config,
                         StudyConfig warmUp, PrintStream out) {
        try (Backend backend = p.open(new BackendOptions(threads, 0, precision))) {
            String device = backend.deviceName(config.toStudySpec().simulation());
            long warmUpEnd = System.nanoTime() + (long) (warmUpSeconds * 1e9);
            for (int w = 0; w < MAX_WARM_UP_RUNS && System.nanoTime() < warmUpEnd; w++) {
                new StudyRunner(backend).run(warmUp.toStudySpec(), ProgressListener.NONE);
            }
            double[] rates = new double[repeats];
            double[] sampling = new double[repeats];
            StudyResult last = null;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                last = new StudyRunner(backend).run(config.toStudySpec(), ProgressListener.NONE);
                double seconds = (System.nanoTime() - t0) * 1e-9;
                rates[r] = last.particleSteps() / seconds;
                sampling[r] = last.particleStepsPerSecond();
            }
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            double median = median(rates);
            double samplingMedian = median(sampling);
            Map<String, Estimate> estimates = new LinkedHashMap<>();
            for (String name : ESTIMATES) {
                Estimate e = last.results().get(0).find(name);
                if (e != null) {
                    estimates.put(name, e);
                }
            }
            if (json) {
                out.println(jsonLine(backend, device, config, rates, median, sampling, samplingMedian, estimates));
            } else {
                out.printf(Locale.ROOT, "%-10s %-64s %8d %14.4g %14.4g %14.4g %14.4g%n", backend.name(),
                        device, backend.parallelism(), median, sorted[0],
                        sorted[sorted.length - 1], samplingMedian);
                for (Estimate e : estimates.values()) {
                    out.printf(Locale.ROOT, "%12s%-26s %s%n", "", e.name(), Summaries.format(e));
                }
            }
        }
    }

    /**
     * The backends asked for, or every one available here; one line on stderr names each backend left out and why
     * (so a missing device plug-in is never silent).
     */
    private List<BackendProvider> providers() {
        List<BackendProvider> chosen = new ArrayList<>();
        if (backends == null) {
            for (BackendProvider p : Backends.all()) {
                if (p.unavailableReason() == null) {
                    chosen.add(p);
                } else {
                    System.err.println("gdmc bench: " + p.name() + " not measured: " + p.unavailableReason());
                }
            }
            if (Backends.find("tornado") == null) {
                System.err.println("gdmc bench: tornado not measured: " + BackendOptionsMixin.TORNADO_HINT);
            }
            return chosen;
        }
        for (String name : backends) {
            BackendProvider p = Backends.find(name);
            if (p == null || p.unavailableReason() != null) {
                throw new ConfigException("--backend", "\"" + name + "\" is not available here"
                        + (p == null ? "" : ": " + p.unavailableReason()));
            }
            chosen.add(p);
        }
        return chosen;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
    }

    private static String jsonLine(Backend backend, String device, StudyConfig config, double[] rates, double median,
                                   double[] sampling, double samplingMedian, Map<String, Estimate> estimates) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("backend", backend.name());
        o.put("device", device);
        o.put("threads", backend.parallelism());
        o.put("particles", config.particles());
        o.put("steps", config.grid().steps());
        var runs = o.putArray("particleStepsPerSecond");
        for (double r : rates) {
            runs.add(r);
        }
        o.put("median", median);
        var batches = o.putArray("samplingParticleStepsPerSecond");
        for (double r : sampling) {
            batches.add(r);
        }
        o.put("samplingMedian", samplingMedian);
        ObjectNode est = o.putObject("estimates");
        for (Estimate e : estimates.values()) {
            ObjectNode v = est.putObject(e.name());
            v.put("value", e.value());
            v.put("stdError", e.stdError());
        }
        return o.toString();
    }

    /**
     * The timed study with --set, --threads and the given particle count (null: the reference study's 1,000,000 or
     * the file's own): the reference study, or --study's file, which must be one continuous study.
     */
    private StudyConfig load(Long count) throws java.io.IOException {
        Map<String, String> overrides = new LinkedHashMap<>(sets);
        overrides.put("threads", Integer.toString(threads));
        if (study == null) {
            overrides.putIfAbsent("particles", Long.toString(count == null ? 1_000_000L : count));
            return reference(overrides);
        }
        ObjectNode tree = StudyConfig.tree(study);
        if (tree.has("sweep")) {
            throw new ConfigException("--study", study + " is a sweep; bench times one study: pick a value with --set "
                    + "and leave the sweep out");
        }
        if (org.gdmc.config.HighDimStudyConfig.describes(tree)) {
            throw new ConfigException("--study", study + " is a large-mixture study; bench times the general mixtures' "
                    + "paths (the blocked score has its own benchmark: org.gdmc.bench.BlockScorePeak, see the README)");
        }
        if ("masked".equals(tree.path("target").path("type").asText())) {
            throw new ConfigException("--study", study + " is a masked-diffusion study; bench times the continuous "
                    + "samplers");
        }
        if (count != null) {
            overrides.put("particles", Long.toString(count));
        }
        return StudyConfig.of(tree, overrides);
    }

    /** The reference study (resource {@code org/gdmc/reference-study.yaml}) with the overrides. */
    static StudyConfig reference(Map<String, String> overrides) {
        return StudyConfig.of(StudyConfig.builtIn("reference-study.yaml"), overrides);
    }
}
