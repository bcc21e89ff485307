package org.gdmc.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gdmc.fields.ConfigException;
import org.gdmc.config.MaskedStudyConfig;
import org.gdmc.config.StudyConfig;
import org.gdmc.config.Sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The study file and the flags that override its fields; without a file, the embedded default study. */
final class StudyOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "STUDY",
            description = "Study file (YAML or JSON). Without one, the embedded default study runs.")
    Path file;

    @Option(names = "--set", paramLabel = "FIELD=VALUE",
            description = "Set any field, e.g. --set sampler.grid=geometric --set target.components[0].weight=0.3")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--particles", paramLabel = "N", description = "particles")
    String particles;

    @Option(names = "--w", paramLabel = "W[,W...]", description = "classifier-free guidance weights, e.g. 0,1,4")
    List<String> weights;

    @Option(names = "--sampler", paramLabel = "METHOD",
            description = "euler-maruyama | exponential-integrator | ddpm | probability-flow-heun")
    String sampler;

    @Option(names = "--steps", paramLabel = "N", description = "reverse steps")
    String steps;

    @Option(names = "--seed", paramLabel = "S", description = "RNG seed")
    String seed;

    @Option(names = "--threads", paramLabel = "T", description = "CPU threads (0 = all)")
    String threads;

    @Option(names = "--batch-size", paramLabel = "B", description = "particles per batch, the memory bound (0 = the backend's choice: 65536 on the CPU, from the device's memory on a device)")
    String batchSize;

    @Option(names = "--sweep", paramLabel = "FIELD=V1,V2,...", description = "Run the study once per value of "
            + "FIELD (any field --set can set, e.g. scoreError.epsilon=0,0.05,0.1) into one result; replaces the "
            + "file's sweep block")
    String sweepOption;

    /** The study file's tree without its sweep block, read once. */
    private ObjectNode tree;
    private Sweep fileSweep;

    StudyConfig load() throws IOException {
        return load(Map.of(), null, 0);
    }

    /**
     * The sweep of the study: --sweep, else the file's {@code sweep} block; null when there is none, or when a flag or
     * --set gives the file's swept field one value (that value then runs as a plain study). --sweep's field may not be
     * set by another option too.
     */
    Sweep sweep() throws IOException {
        tree();
        boolean set = fileSweep != null && overrides(Map.of()).containsKey(fileSweep.field());
        if (sweepOption == null) {
            return set ? null : fileSweep;
        }
        Sweep s = Sweep.parse(sweepOption);
        if (overrides(Map.of()).containsKey(s.field())) {
            throw new ConfigException(s.field(), "is swept by --sweep; do not also set it with --set or a flag");
        }
        return s;
    }

    /**
     * With {@code quick}, a reduced run for a first look: N/100 particles (at least 20,000, at most N; whole islands
     * under SMC) and at most 100 steps, unless --particles or --steps (or --set) say otherwise.
     */
    StudyConfig load(boolean quick) throws IOException {
        return load(quick, null, 0);
    }

    /** As {@link #load(boolean)}, with the sweep's field (when the sweep is not null) set to its value {@code point}. */
    StudyConfig load(boolean quick, Sweep sweep, int point) throws IOException {
        StudyConfig full = load(Map.of(), sweep, point);
        if (!quick) {
            return full;
        }
        Map<String, String> reduced = new LinkedHashMap<>();
        if (particles == null && !set.containsKey("particles") && !swept(sweep, "particles")) {
            long n = full.particles();
            long few = Math.min(n, Math.max(20_000, n / 100));
            org.gdmc.smc.SmcOptions smc = full.toStudySpec().smc();
            if (smc != null) {
                // SMC runs whole islands
                few = Math.min(n, (few + smc.island() - 1) / smc.island() * smc.island());
            }
            reduced.put("particles", Long.toString(few));
        }
        if (steps == null && !set.containsKey("sampler.steps") && !swept(sweep, "sampler.steps")) {
            reduced.put("sampler.steps", Integer.toString(Math.min(100, full.grid().steps())));
        }
        return load(reduced, sweep, point);
    }

    private static boolean swept(Sweep sweep, String field) {
        return sweep != null && sweep.field().equals(field);
    }

    /**
     * The masked-diffusion study the file describes ({@code target.type: masked}), or null for any other study.
     * With {@code quick}: N/100 particles (at least 20,000, at most N) unless --particles or --set say otherwise.
     */
    MaskedStudyConfig loadMasked(boolean quick) throws IOException {
        if (file == null) {
            return null;
        }
        ObjectNode root = MaskedStudyConfig.readIfMasked(file);
        if (root == null) {
            return null;
        }
        if (root.has("sweep") || sweepOption != null) {
            throw new ConfigException(root.has("sweep") ? "sweep" : "--sweep", "a masked study sweeps guidance.w "
                    + "only; run one study per value of another field");
        }
        if (sampler != null) {
            throw new ConfigException("--sampler", "a masked study lists its samplers in sampler.methods "
                    + "(exact, tau-leaping)");
        }
        if (batchSize != null) {
            throw new ConfigException("--batch-size", "a masked study keeps count tables only; it has no batch size");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        put(overrides, "particles", particles);
        if (weights != null) {
            overrides.put("guidance.w", weightList(weights));
        }
        put(overrides, "sampler.steps", steps);
        put(overrides, "seed", seed);
        put(overrides, "threads", threads);
        overrides.putAll(set);
        Path base = file.toAbsolutePath().getParent();
        MaskedStudyConfig full = MaskedStudyConfig.parse(root, overrides, base);
        if (!quick || overrides.containsKey("particles")) {
            return full;
        }
        long n = full.spec().particles();
        overrides.put("particles", Long.toString(Math.min(n, Math.max(20_000, n / 100))));
        return MaskedStudyConfig.parse(root, overrides, base);
    }

    /**
     * The large-mixture study the file describes ({@code target.type: random-mixture} or {@code mixture-file}),
     * or null for any other study; with the sweep's field (when the sweep is not null) set to its value
     * {@code point}. With {@code quick}: N/100 particles (at least 8,192, at most N) and at most 100 steps, unless
     * --particles or --steps (or --set) say otherwise.
     */
    org.gdmc.config.HighDimStudyConfig loadLarge(boolean quick, Sweep sweep, int point) throws IOException {
        if (file == null || !org.gdmc.config.HighDimStudyConfig.describes(tree())) {
            return null;
        }
        ObjectNode root = tree().deepCopy();
        if (sweep != null) {
            sweep.applyTo(root, point);
        }
        Path base = file.toAbsolutePath().getParent();
        try {
            org.gdmc.config.HighDimStudyConfig full = org.gdmc.config.HighDimStudyConfig.parse(root,
                    overrides(Map.of()), base);
            if (!quick) {
                return full;
            }
            Map<String, String> reduced = new LinkedHashMap<>();
            if (particles == null && !set.containsKey("particles") && !swept(sweep, "particles")) {
                long n = full.spec().particles();
                reduced.put("particles", Long.toString(Math.min(n, Math.max(8_192, n / 100))));
            }
            if (steps == null && !set.containsKey("sampler.steps") && !swept(sweep, "sampler.steps")) {
                reduced.put("sampler.steps", Integer.toString(Math.min(100, full.spec().plan().steps())));
            }
            return org.gdmc.config.HighDimStudyConfig.parse(root, overrides(reduced), base);
        } catch (ConfigException e) {
            throw sweep == null ? e : sweep.blame(e, point);
        }
    }

    private StudyConfig load(Map<String, String> first, Sweep sweep, int point) throws IOException {
        ObjectNode root = tree().deepCopy();
        if (org.gdmc.config.HighDimStudyConfig.describes(root)) {
            throw new ConfigException("target.type", "\"" + root.path("target").path("type").asText() + "\" is a "
                    + "large-mixture study, which gdmc run and gdmc config take (this command runs the general "
                    + "mixtures' studies only)");
        }
        if (sweep == null) {
            return StudyConfig.of(root, overrides(first));
        }
        sweep.applyTo(root, point);
        try {
            return StudyConfig.of(root, overrides(first));
        } catch (ConfigException e) {
            throw sweep.blame(e, point);
        }
    }

    /**
     * The --w values as a YAML list: every occurrence split at commas, none of the pieces empty (picocli's own split
     * would drop a trailing empty one, so "--w 0," would silently run w = 0 alone).
     */
    static String weightList(List<String> raw) {
        List<String> values = new java.util.ArrayList<>();
        for (String r : raw) {
            for (String v : r.split(",", -1)) {
                if (v.isBlank()) {
                    throw new ConfigException("--w", "an empty value in '" + r + "': give numbers separated by "
                            + "commas, e.g. 0,1,4");
                }
                values.add(v.strip());
            }
        }
        return "[" + String.join(",", values) + "]";
    }

    /** The flags and --set pairs as field overrides, after {@code first}. */
    private Map<String, String> overrides(Map<String, String> first) {
        Map<String, String> overrides = new LinkedHashMap<>(first);
        put(overrides, "particles", particles);
        if (weights != null) {
            overrides.put("guidance.w", weightList(weights));
        }
        put(overrides, "sampler.method", sampler);
        put(overrides, "sampler.steps", steps);
        put(overrides, "seed", seed);
        put(overrides, "threads", threads);
        put(overrides, "batchSize", batchSize);
        overrides.putAll(set);
        return overrides;
    }

    private ObjectNode tree() throws IOException {
        if (tree == null) {
            ObjectNode root = file == null ? StudyConfig.defaultTree() : StudyConfig.tree(file);
            fileSweep = Sweep.take(root);
            tree = root;
        }
        return tree;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            if (value.isBlank()) {
                throw new ConfigException(key, "empty value");
            }
            m.put(key, value);
        }
    }

    /** A name fit for a file, from the study's name. */
    static String fileStem(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "-");
        return s.isEmpty() ? "study" : s;
    }
}
