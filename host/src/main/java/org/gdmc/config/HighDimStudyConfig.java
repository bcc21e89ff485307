package org.gdmc.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.GuidanceSection;
import org.gdmc.highdim.BlockPaths;
import org.gdmc.highdim.HighDimStudySpec;
import org.gdmc.highdim.LargeMixture;
import org.gdmc.highdim.LargeTargetSection;
import org.gdmc.process.ForwardProcess;
import org.gdmc.process.ProcessSection;
import org.gdmc.sampler.SamplerSection;
import org.gdmc.sampler.StepPlan;

/**
 * A study of a large mixture in high dimension ({@code target.type: random-mixture} or {@code mixture-file}, read by
 * {@link LargeTargetSection}), run by {@link org.gdmc.highdim.HighDimStudyRunner}. The other sections are the
 * continuous studies' ({@link GuidanceSection}, {@link ProcessSection}, {@link SamplerSection}), within what the
 * blocked paths run ({@link BlockPaths#refusal}); the estimators are fixed ({@link
 * org.gdmc.highdim.HighDimEstimates}).
 *
 * <pre>
 * name: study
 * target: {type: random-mixture, …}
 * class: 0
 * guidance: …
 * process: …
 * sampler: …                 # affine samplers or dpm-solver++2m; start: standard
 * particles: 100000
 * seed: 1
 * threads: 0
 * </pre>
 * The target's parameters are checked against a quarter of the heap before any is allocated.
 */
public final class HighDimStudyConfig {
    private static final Set<String> TOP = Set.of("name", "target", "class", "guidance", "process", "sampler",
            "particles", "seed", "threads");
    /** Sections of a continuous study that a large-mixture study does not take, with the reason. */
    private static final Map<String, String> REFUSED = Map.of(
            "scoreError", "large-mixture studies use exact scores",
            "estimators", "large-mixture studies have a fixed set of estimators (hd.*); remove the section",
            "batchSize", "large-mixture studies run in blocks of 1024 particles; remove the field");

    private final ObjectNode resolved;
    private final String name;
    private final HighDimStudySpec spec;
    private final Path base;

    private HighDimStudyConfig(ObjectNode root, Path base, long maxTargetBytes) {
        this.base = base;
        for (Map.Entry<String, String> r : REFUSED.entrySet()) {
            if (root.has(r.getKey())) {
                throw new ConfigException(r.getKey(), r.getValue());
            }
        }
        Fields.object(root, "", TOP);
        resolved = JsonMapper.builder().build().createObjectNode();
        name = Fields.text(root, "name", "", "study");
        resolved.put("name", name);
        long seed = Fields.integer(root, "seed", "", 1);
        LargeMixture target = LargeTargetSection.read(root.get("target"), base, seed, maxTargetBytes,
                resolved.putObject("target"));
        int cls = Fields.smallInteger(root, "class", "", 0);
        if (cls < 0 || cls >= target.classes()) {
            throw new ConfigException("class", "must be a class label of the target, 0.." + (target.classes() - 1)
                    + ", got " + cls);
        }
        resolved.put("class", cls);
        ObjectNode early = resolved.objectNode();
        ForwardProcess process = ProcessSection.read(root.get(ProcessSection.NAME), early);
        SamplerSection sampler = SamplerSection.read(root.get(SamplerSection.NAME), process, early);
        if (sampler.exactStart()) {
            throw new ConfigException("sampler.start", "large-mixture studies start at N(0, I) (standard)");
        }
        if (root.path(SamplerSection.NAME).has("smc")) {
            throw new ConfigException("sampler.smc", "sequential Monte Carlo does not run on large mixtures yet");
        }
        JsonNode g = root.get(GuidanceSection.NAME);
        for (JsonNode one : g == null ? List.<JsonNode>of() : g.isArray() ? toList(g) : List.of(g)) {
            if (one.has("unconditional")) {
                throw new ConfigException("guidance.unconditional", "large mixtures have no separate unconditional "
                        + "model");
            }
        }
        List<Guidance> guidances = GuidanceSection.read(g, resolved, new GuidanceSection.Context(
                target.dimension(), process, sampler.grid().horizon(), sampler.grid().delta(),
                sampler.sampler().name()));
        resolved.set(ProcessSection.NAME, early.get(ProcessSection.NAME));
        resolved.set(SamplerSection.NAME, early.get(SamplerSection.NAME));
        long particles = Fields.integer(root, "particles", "", 100_000);
        if (particles < 1 || particles > StudyConfig.MAX_PARTICLES) {
            throw new ConfigException("particles", "must be in [1, 2^50], got " + particles);
        }
        int threads = Fields.smallInteger(root, "threads", "", 0);
        if (threads < 0) {
            throw new ConfigException("threads", "must be >= 0 (0 = all processors), got " + threads);
        }
        resolved.put("particles", particles);
        resolved.put("seed", seed);
        resolved.put("threads", threads);
        StepPlan plan = new StepPlan(sampler.sampler(), process, sampler.grid());
        spec = new HighDimStudySpec(target, cls, plan, guidances, particles, seed, threads);
        String why = BlockPaths.refusal(spec.program());
        if (why != null) {
            throw new ConfigException(why.startsWith("autoguidance") ? "guidance.type" : "sampler.method", why);
        }
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** Whether the tree is a large-mixture study. */
    public static boolean describes(ObjectNode root) {
        return LargeTargetSection.handles(root.get("target"));
    }

    /** The study file's tree, if it is a large-mixture study; else null. */
    public static ObjectNode readIfLarge(Path file) throws IOException {
        ObjectNode root = StudyConfig.read(StudyFiles.read(file), file.toString());
        return describes(root) ? root : null;
    }

    /**
     * Parses, applies the overrides and validates; {@code base} resolves the target's file names. The target may take
     * a quarter of the heap.
     */
    public static HighDimStudyConfig parse(ObjectNode root, Map<String, String> overrides, Path base) {
        return parse(root, overrides, base, Runtime.getRuntime().maxMemory() / 4);
    }

    /** As {@link #parse(ObjectNode, Map, Path)} with the target's memory limit given. */
    public static HighDimStudyConfig parse(ObjectNode root, Map<String, String> overrides, Path base,
                                           long maxTargetBytes) {
        ObjectNode copy = root.deepCopy();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            Overrides.apply(copy, o.getKey(), o.getValue());
        }
        return new HighDimStudyConfig(copy, base, maxTargetBytes);
    }

    public HighDimStudySpec spec() {
        return spec;
    }

    public String name() {
        return name;
    }

    /** The folder the target's file names resolve against (the study file's); null for the working directory. */
    public Path base() {
        return base;
    }

    /** Every field with its value after defaults, for result files. */
    public ObjectNode resolved() {
        return resolved;
    }

    /** The resolved configuration as YAML. */
    public String resolvedYaml() {
        return StudyConfig.yaml(resolved);
    }
}
