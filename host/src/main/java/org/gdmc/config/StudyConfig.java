package org.gdmc.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.EstimatorsSection;
import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;
import org.gdmc.fields.InputFileException;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.GuidanceSection;
import org.gdmc.guidance.ScoreError;
import org.gdmc.guidance.ScoreErrorSection;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.MixtureSection;
import org.gdmc.process.ForwardProcess;
import org.gdmc.process.ProcessSection;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.SamplerSection;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.study.StudySpec;

/**
 * A study described in YAML or JSON (JSON is YAML), validated field by field. Each section is read by the class beside
 * the objects it builds ({@link MixtureSection}, {@link GuidanceSection}, {@link ScoreErrorSection},
 * {@link EstimatorsSection}, {@link ProcessSection}, {@link SamplerSection}, each documenting its fields); this class
 * reads the top-level fields, composes the sections and keeps the resolved configuration (every default filled in),
 * in this order:
 *
 * <pre>
 * name: study
 * target: …                     # required
 * class: 0                      # the guided class c
 * guidance: …
 * scoreError: …
 * estimators: …
 * process: …
 * sampler: …
 * particles: 100000
 * seed: 1
 * batchSize: 0                  # particles per batch (the memory bound), rounded up to blocks of 1024; 0 = the
 *                               # backend's choice (the CPU: 65536; a device: from its memory)
 * threads: 0                    # 0 = all processors
 * </pre>
 */
public final class StudyConfig {
    private static final Set<String> TOP = Set.of("name", MixtureSection.NAME, "class", GuidanceSection.NAME,
            ScoreErrorSection.NAME, ProcessSection.NAME, SamplerSection.NAME, EstimatorsSection.NAME, "particles",
            "seed", "batchSize", "threads");

    /** Duplicate keys are refused, as in JSON: last-wins would silently drop what the user wrote first. */
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ObjectNode resolved;
    private final String name;
    private Mixture target;
    private final int cls;
    private final List<Guidance> guidances;
    private final ScoreError scoreError;
    /** The estimators settings that a study under sampler.smc reads (its weighted support, events and profile). */
    private static final java.util.Set<String> SMC_ESTIMATORS = java.util.Set.of("boundaryWidths", "events",
            "profile");
    private final EstimatorsSection estimators;
    private final ForwardProcess process;
    private final SamplerSection sampler;
    private final long particles;
    private final org.gdmc.smc.SmcOptions smc;
    private final long seed;
    private final int batchSize;
    private final int threads;

    private StudyConfig(ObjectNode root) {
        Fields.object(root, "", TOP);
        this.resolved = JSON.createObjectNode();
        this.name = Fields.text(root, "name", "", "study");
        resolved.put("name", name);
        Mixture data = MixtureSection.read(root.get(MixtureSection.NAME), resolved);
        this.cls = Fields.smallInteger(root, "class", "", 0);
        this.target = data;
        if (cls < 0 || cls >= target.classes()) {
            throw new ConfigException("class", "must be a class label of the target, 0.." + (target.classes() - 1)
                    + ", got " + cls);
        }
        resolved.put("class", cls);
        ObjectNode early = JSON.createObjectNode();
        this.process = ProcessSection.read(root.get(ProcessSection.NAME), early);
        this.sampler = SamplerSection.read(root.get(SamplerSection.NAME), process, early);
        this.guidances = GuidanceSection.read(root.get(GuidanceSection.NAME), resolved, new GuidanceSection.Context(
                data.dimension(), process, sampler.grid().horizon(), sampler.grid().delta(),
                sampler.sampler().name()));
        JsonNode section = root.path(GuidanceSection.NAME);
        boolean list = section.isArray();
        JsonNode u = (list ? section.path(0) : section).get("unconditional");
        if (u != null && !u.isNull()) {
            String at = GuidanceSection.NAME + (list ? "[0]" : "") + ".unconditional";
            JsonNode rg = resolved.get(GuidanceSection.NAME);
            Mixture p = MixtureSection.readUnconditional(u, at, ((ObjectNode) (list ? rg.get(0) : rg))
                    .putObject("unconditional"));
            try {
                this.target = data.withUnconditional(p);
            } catch (org.gdmc.mixture.InvalidTargetException e) {
                throw new ConfigException(at + ".components", e.getMessage().substring(e.field().length() + 2));
            }
        }
        this.scoreError = ScoreErrorSection.read(root.get(ScoreErrorSection.NAME), target.dimension(), resolved);
        this.estimators = EstimatorsSection.read(root.get(EstimatorsSection.NAME), target, cls, resolved);
        resolved.set(ProcessSection.NAME, early.get(ProcessSection.NAME));
        resolved.set(SamplerSection.NAME, early.get(SamplerSection.NAME));
        if (estimators.exactLaw()) {
            if (sampler.sampler() instanceof org.gdmc.sampler.PredictorCorrector pc && pc.steps() > 0
                    && !pc.hasContinuousLimit()) {
                throw new ConfigException("estimators.exactLaw", "the corrector's step rule " + pc.rule().key()
                        + " sets a Langevin time per step that does not shrink with the step, so the sampler has no "
                        + "continuous-time limit to solve for; use sampler.corrector.rule: beta, or exactLaw: false");
            }
            for (Guidance g : guidances) {
                if (!g.continuousLimit()) {
                    throw new ConfigException("estimators.exactLaw", "the Fokker-Planck reference solves the "
                            + "continuous-time guided dynamics, and " + g.describe() + " has none (CFG++'s weight "
                            + "depends on the step; momentum on the path); set exactLaw: false");
                }
            }
        }
        long tables = (long) sampler.grid().steps() * guidances.size();
        if (tables > MAX_STEP_TABLES) {
            throw new ConfigException("sampler.steps", String.format(java.util.Locale.ROOT, "%d steps x %d guidance "
                    + "values need %,d per-step strength entries, more than the %,d the step plan holds in memory; "
                    + "use fewer steps or run the values as separate studies", sampler.grid().steps(),
                    guidances.size(), tables, MAX_STEP_TABLES));
        }
        this.particles = Fields.integer(root, "particles", "", 100_000);
        if (particles < 1 || particles > MAX_PARTICLES) {
            throw new ConfigException("particles", "must be in [1, 2^50 = " + MAX_PARTICLES + "] (particle indices "
                    + "and block counts stay exact), got " + particles);
        }
        this.seed = Fields.integer(root, "seed", "", 1);
        this.batchSize = Fields.smallInteger(root, "batchSize", "", 0);
        if (batchSize < 0) {
            throw new ConfigException("batchSize", "must be >= 1, or 0 for the backend's choice, got " + batchSize);
        }
        this.threads = Fields.smallInteger(root, "threads", "", 0);
        if (threads < 0) {
            throw new ConfigException("threads", "must be >= 0 (0 = all processors), got " + threads);
        }
        JsonNode smcNode = root.path(SamplerSection.NAME).get(org.gdmc.smc.SmcSection.NAME);
        this.smc = org.gdmc.smc.SmcSection.read(smcNode, sampler.sampler(), (ObjectNode) resolved.get(
                SamplerSection.NAME));
        if (smc != null) {
            JsonNode given = root.get(EstimatorsSection.NAME);
            for (var it = given == null || !given.isObject() ? java.util.Collections.<String>emptyIterator()
                    : given.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!SMC_ESTIMATORS.contains(field)) {
                    throw new ConfigException(EstimatorsSection.NAME + "." + field, "does not apply under sampler.smc, "
                            + "whose weighted estimates (smc.*) take only " + String.join(", ", SMC_ESTIMATORS.stream()
                            .sorted().toList()) + " from this section; got " + given.get(field));
                }
            }
            org.gdmc.smc.SmcSection.check(smc, guidances, scoreError, particles, batchSize);
        }
        resolved.put("particles", particles);
        resolved.put("seed", seed);
        resolved.put("batchSize", batchSize);
        resolved.put("threads", threads);
    }

    /** Parses YAML or JSON text, applies the overrides, and validates. */
    public static StudyConfig parse(String text, Map<String, String> overrides) {
        return of(read(text), overrides);
    }

    /**
     * Validates a study tree after the overrides (a copy is changed; the tree is not). A tree with a {@code sweep}
     * block is refused: {@link Sweep#take} removes it and sets each of its values in turn.
     */
    /** The most particles a study may ask for: 2^50, so that particle indices and block arithmetic stay exact. */
    public static final long MAX_PARTICLES = 1L << 50;
    /** The most (step, guidance value) pairs: the step plan's strength tables hold a few doubles for each. */
    public static final long MAX_STEP_TABLES = 20_000_000L;

    public static StudyConfig of(ObjectNode tree, Map<String, String> overrides) {
        ObjectNode root = tree.deepCopy();
        if (root.has("sweep")) {
            throw new ConfigException("sweep", "a sweep runs under gdmc run only; set one of its values with "
                    + "--set FIELD=VALUE");
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Overrides.apply(root, e.getKey(), e.getValue());
        }
        return new StudyConfig(root);
    }

    public static StudyConfig load(Path file, Map<String, String> overrides) throws IOException {
        return of(read(StudyFiles.read(file), file.toString()), overrides);
    }

    /** The study tree of a YAML or JSON file, before validation. */
    public static ObjectNode tree(Path file) throws IOException {
        return read(StudyFiles.read(file), file.toString());
    }

    /** The built-in default study (resource {@code org/gdmc/default-study.yaml}). */
    public static StudyConfig defaultStudy(Map<String, String> overrides) {
        return of(defaultTree(), overrides);
    }

    /** The built-in default study's tree, before validation. */
    public static ObjectNode defaultTree() {
        return builtIn("default-study.yaml");
    }

    /**
     * The tree of a study shipped inside gdmc (resource {@code org/gdmc/<file>}: {@code default-study.yaml},
     * {@code reference-study.yaml}), before validation.
     */
    public static ObjectNode builtIn(String file) {
        try (InputStream in = StudyConfig.class.getResourceAsStream("/org/gdmc/" + file)) {
            if (in == null) {
                throw new IllegalStateException(file + " missing from the class path");
            }
            return read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode read(String text) {
        return read(text, "the study");
    }

    /** The tree of a study's text; {@code source} names it (the file) in the one-line error when it does not parse. */
    static ObjectNode read(String text, String source) {
        JsonNode root;
        try {
            String trimmed = text.stripLeading();
            root = trimmed.startsWith("{") ? JSON.readTree(text) : YAML.readTree(Fields.quoteSpecialFloats(text));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new InputFileException(source + ": not valid YAML/JSON" + where + ": "
                    + oneLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InputFileException(source + ": empty: a study is a mapping of fields (name, target, guidance, "
                    + "...); `gdmc config` prints the default one");
        }
        if (!root.isObject()) {
            throw new InputFileException(source + ": expected a mapping of fields at the top level, got "
                    + Fields.show(root));
        }
        return (ObjectNode) root;
    }

    /**
     * A parser's message on one line: its sentences joined, the quoted excerpt of the input and the caret under it
     * left out (the line and column say where).
     */
    static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String line : message.split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !line.startsWith(" ") && !line.startsWith("\t") && !t.matches("\\^+")) {
                parts.add(t);
            }
        }
        String joined = String.join(": ", parts);
        return joined.length() > 300 ? joined.substring(0, 300) + "…" : joined;
    }

    /** The simulation and batching this configuration describes. */
    public StudySpec toStudySpec() {
        StepPlan plan = new StepPlan(sampler.sampler(), process, sampler.grid(), sampler.exactStart());
        return new StudySpec(new SimulationSpec(target, cls, plan, guidances, scoreError, seed), particles, batchSize,
                estimators.support(), estimators.knn(), estimators.exactLaw(), estimators.profile(),
                estimators.events(), smc);
    }

    /** The configuration with every default filled in, as recorded in result files. */
    public ObjectNode resolved() {
        return resolved.deepCopy();
    }

    /** YAML text of {@link #resolved()}. */
    public String resolvedYaml() {
        return yaml(resolved);
    }

    /** A resolved configuration as YAML. */
    public static String yaml(ObjectNode resolved) {
        try {
            return YAML.writeValueAsString(resolved);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public Mixture target() {
        return target;
    }

    public int guidedClass() {
        return cls;
    }

    public ScoreError scoreError() {
        return scoreError;
    }

    public List<Guidance> guidances() {
        return guidances;
    }

    public ForwardProcess process() {
        return process;
    }

    public ReverseSampler sampler() {
        return sampler.sampler();
    }

    public TimeGrid grid() {
        return sampler.grid();
    }

    public long particles() {
        return particles;
    }

    public long seed() {
        return seed;
    }

    public int batchSize() {
        return batchSize;
    }

    public int threads() {
        return threads;
    }

    /** The study's {@code sampler.smc} options, or null when it runs the plain sampler. */
    public org.gdmc.smc.SmcOptions smc() {
        return smc;
    }
}
