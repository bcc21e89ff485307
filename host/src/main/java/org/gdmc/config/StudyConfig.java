package org.gdmc.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ClassifierGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.estimate.KnnOptions;
import org.gdmc.estimate.ProfileOptions;
import org.gdmc.estimate.SupportOptions;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.process.LinearSchedule;
import org.gdmc.process.NoiseSchedule;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.study.StudySpec;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.InvalidTargetException;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;

/**
 * A study described in YAML or JSON (JSON is YAML), validated field by field. The schema, with defaults:
 *
 * <pre>
 * name: study
 * target:                       # required
 *   type: mixture               # of Gaussian and uniform components
 *   components:                 # K ≥ 1; weights sum to 1; each class label 0..C−1 owns ≥ 1 component
 *     - class: 0
 *       weight: 0.5
 *       mean: [1.0, 0.0]        # d = its length, 1 ≤ d ≤ 64
 *       covariance: [[1, 0], [0, 1]]   # or variance: 1.0 (σ² I), or diagonal: [1, 1]; default variance 1
 *     - class: 1
 *       weight: 0.5
 *       box: [[-3, -1], [0, 1]] # uniform on [−3, −1] × [0, 1]; in d = 1 also intervals: [[a, b], [c, e], …]
 * class: 0                      # the guided class c
 * guidance:
 *   type: classifier-free       # s = (1+w) ∇log p_t(x|c) − w ∇log p_t(x); or: classifier (s = ∇log p_t + γ ∇log p_t(c|x))
 *   w: [0.0]                    # for classifier-free; for classifier give gamma: [...]
 * scoreError:                   # a modelled error of the model scores (default type none = exact)
 *   type: bias                  # s + ε u; relative: (1 + ε) s; smoothed: exact score of p₀ ∗ N(0, ε² I)
 *   epsilon: 0.1
 *   scope: both                 # conditional | unconditional | both
 *   direction: [1.0, 0.0]       # bias only; normalised; default e₁
 * process:
 *   schedule: constant          # β(t) = beta; or linear: β(t) = beta0 + beta1·t
 *   beta: 1.0
 * sampler:
 *   method: euler-maruyama      # exponential-integrator | ddpm | probability-flow-heun
 *   steps: 200
 *   T: 5.0
 *   delta: 0.001
 *   grid: uniform               # or geometric
 * estimators:                   # support estimators (used when the guided class has compact support), k-NN entropy
 *   boundaryWidths: [0.02, 0.06, 0.2]   # η: P(within η of the boundary); default 1%, 3%, 10% of the narrowest width
 *   distanceRange: [-1, 1]      # histogram of the signed distance to the boundary; default ± half the narrowest width
 *   distanceBins: 40
 *   knnNeighbours: 4            # k of the k-nearest-neighbour entropy
 *   knnSamples: 100000          # particles per guidance it uses (0 = off; default 100000 in d <= 8, else 0)
 *   exactLaw: false             # 1-D only: TV and entropy against the Fokker–Planck solution of the guided dynamics
 *   profile: {range: [-6, 6], bins: 96}   # 1-D only: the output's density per bin beside the reference laws'
 * particles: 100000
 * seed: 1
 * batchSize: 65536              # particles per batch (memory bound), rounded up to blocks of 1024
 * threads: 0                    # 0 = all processors
 * </pre>
 */
public final class StudyConfig {
    private static final Set<String> TOP = Set.of("name", "target", "class", "guidance", "scoreError", "process",
            "sampler", "estimators", "particles", "seed", "batchSize", "threads");
    private static final Set<String> SCORE_ERROR = Set.of("type", "epsilon", "scope", "direction");
    private static final Set<String> ESTIMATORS = Set.of("boundaryWidths", "distanceRange", "distanceBins",
            "knnNeighbours", "knnSamples", "exactLaw", "profile");
    private static final Set<String> PROFILE = Set.of("range", "bins");
    private static final Set<String> TARGET = Set.of("type", "components");
    private static final Set<String> COMPONENT = Set.of("class", "weight", "mean", "covariance", "variance", "diagonal",
            "box", "intervals");
    private static final Set<String> GUIDANCE = Set.of("type", "w", "gamma");
    private static final Set<String> PROCESS = Set.of("schedule", "beta", "beta0", "beta1");
    private static final Set<String> SAMPLER = Set.of("method", "steps", "T", "delta", "grid");

    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ObjectNode resolved;
    private final String name;
    private final Mixture target;
    private final int cls;
    private final List<Guidance> guidances;
    private final ScoreError scoreError;
    private final SupportOptions supportOptions;
    private final KnnOptions knnOptions;
    private final boolean exactLaw;
    private final ProfileOptions profile;
    private final ForwardProcess process;
    private final ReverseSampler sampler;
    private final TimeGrid grid;
    private final long particles;
    private final long seed;
    private final int batchSize;
    private final int threads;

    private StudyConfig(ObjectNode root) {
        Tree.object(root, "", TOP);
        this.resolved = JSON.createObjectNode();
        this.name = Tree.text(root, "name", "", "study");
        resolved.put("name", name);

        ObjectNode t = Tree.object(root.get("target"), "target", TARGET);
        String type = Tree.text(t, "type", "target", "mixture");
        if (!type.equals("mixture") && !type.equals("gaussian-mixture")) {
            throw new ConfigException("target.type", "unknown target type \"" + type + "\"; known: mixture");
        }
        type = "mixture";
        this.target = mixture(t);
        ObjectNode rt = resolved.putObject("target");
        rt.put("type", type);
        ArrayNode rc = rt.putArray("components");
        for (Component c : target.components()) {
            ObjectNode o = rc.addObject();
            o.put("class", c.cls());
            o.put("weight", c.weight());
            switch (c) {
                case GaussianComponent g -> {
                    o.set("mean", JSON.valueToTree(g.mean()));
                    o.set("covariance", JSON.valueToTree(g.covariance()));
                }
                case BoxComponent b -> {
                    double[][] box = new double[b.dimension()][];
                    for (int j = 0; j < box.length; j++) {
                        box[j] = new double[] {b.lower()[j], b.upper()[j]};
                    }
                    o.set("box", JSON.valueToTree(box));
                }
            }
        }

        this.cls = Tree.smallInteger(root, "class", "", 0);
        if (cls < 0 || cls >= target.classes()) {
            throw new ConfigException("class", "must be a class label of the target, 0.." + (target.classes() - 1)
                    + ", got " + cls);
        }
        resolved.put("class", cls);

        this.guidances = guidance(root.get("guidance"));
        this.scoreError = scoreError(root.get("scoreError"), target.dimension());
        this.supportOptions = supportOptions(root.get("estimators"));
        this.knnOptions = knnOptions(root.get("estimators"));
        this.exactLaw = exactLaw(root.get("estimators"));
        this.profile = profile(root.get("estimators"));

        this.process = new ForwardProcess(schedule(root.get("process")));

        ObjectNode s = root.get("sampler") == null ? JSON.createObjectNode()
                : Tree.object(root.get("sampler"), "sampler", SAMPLER);
        String method = Tree.text(s, "method", "sampler", "euler-maruyama");
        try {
            this.sampler = ReverseSampler.byName(method);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sampler.method", e.getMessage());
        }
        int steps = Tree.smallInteger(s, "steps", "sampler", 200);
        if (steps < 1) {
            throw new ConfigException("sampler.steps", "must be >= 1, got " + steps);
        }
        double horizon = Tree.number(s, "T", "sampler", 5.0);
        double delta = Tree.number(s, "delta", "sampler", 1e-3);
        if (!(delta > 0)) {
            throw new ConfigException("sampler.delta", "the early-stopping time must be > 0, got " + delta);
        }
        if (!(horizon > delta)) {
            throw new ConfigException("sampler.T", "must exceed sampler.delta = " + delta + ", got " + horizon);
        }
        String spacing = Tree.text(s, "grid", "sampler", "uniform");
        GridSpacing gs = switch (spacing) {
            case "uniform" -> GridSpacing.UNIFORM;
            case "geometric" -> GridSpacing.GEOMETRIC;
            default -> throw new ConfigException("sampler.grid", "expected uniform or geometric, got \"" + spacing + "\"");
        };
        this.grid = TimeGrid.of(gs, horizon, delta, steps);
        ObjectNode rs = resolved.putObject("sampler");
        rs.put("method", method);
        rs.put("steps", steps);
        rs.put("T", horizon);
        rs.put("delta", delta);
        rs.put("grid", spacing);

        this.particles = Tree.integer(root, "particles", "", 100_000);
        if (particles < 1) {
            throw new ConfigException("particles", "must be >= 1, got " + particles);
        }
        this.seed = Tree.integer(root, "seed", "", 1);
        this.batchSize = Tree.smallInteger(root, "batchSize", "", 65_536);
        if (batchSize < 1) {
            throw new ConfigException("batchSize", "must be >= 1, got " + batchSize);
        }
        this.threads = Tree.smallInteger(root, "threads", "", 0);
        if (threads < 0) {
            throw new ConfigException("threads", "must be >= 0 (0 = all processors), got " + threads);
        }
        resolved.put("particles", particles);
        resolved.put("seed", seed);
        resolved.put("batchSize", batchSize);
        resolved.put("threads", threads);
    }

    private static Mixture mixture(ObjectNode t) {
        JsonNode list = t.get("components");
        if (list == null || !list.isArray()) {
            throw new ConfigException("target.components", "expected a list of components, got " + Tree.show(list));
        }
        if (list.isEmpty()) {
            throw new ConfigException("target.components", "a mixture needs at least one component (K = 0)");
        }
        List<Component> components = new ArrayList<>();
        List<Integer> entryOf = new ArrayList<>(); // the config entry each built component came from
        for (int k = 0; k < list.size(); k++) {
            components.addAll(component(list.get(k), k));
            while (entryOf.size() < components.size()) {
                entryOf.add(k);
            }
        }
        try {
            return Mixture.of(components);
        } catch (InvalidTargetException e) {
            throw new ConfigException(configField(e.field(), entryOf, list),
                    e.getMessage().substring(e.field().length() + 2));
        }
    }

    /** The components of config entry k: one Gaussian, one box, or one box per interval. */
    private static List<Component> component(JsonNode entry, int k) {
        String at = "target.components[" + k + "]";
        ObjectNode c = Tree.object(entry, at, COMPONENT);
        if (c.get("class") == null) {
            throw new ConfigException(at + ".class", "required: the class label that owns this component");
        }
        int label = Tree.smallInteger(c, "class", at, 0);
        if (c.get("weight") == null) {
            throw new ConfigException(at + ".weight", "required");
        }
        double weight = Tree.number(c.get("weight"), at + ".weight");
        if (c.has("box") || c.has("intervals")) {
            return uniform(c, at, label, weight);
        }
        double[] mean = Tree.vector(c.get("mean"), at + ".mean");
        int given = (c.has("covariance") ? 1 : 0) + (c.has("variance") ? 1 : 0) + (c.has("diagonal") ? 1 : 0);
        if (given > 1) {
            throw new ConfigException(at, "give one of covariance, variance or diagonal, not several");
        }
        double[][] cov;
        if (c.has("covariance")) {
            cov = Tree.matrix(c.get("covariance"), at + ".covariance");
        } else if (c.has("diagonal")) {
            double[] diag = Tree.vector(c.get("diagonal"), at + ".diagonal");
            if (diag.length != mean.length) {
                throw new ConfigException(at + ".diagonal", "must have length " + mean.length + ", got " + diag.length);
            }
            cov = new double[diag.length][diag.length];
            for (int i = 0; i < diag.length; i++) {
                if (!(diag[i] > 0)) {
                    throw new ConfigException(at + ".diagonal[" + i + "]", "variance must be > 0, got " + diag[i]);
                }
                cov[i][i] = diag[i];
            }
        } else {
            double v = Tree.number(c, "variance", at, 1.0);
            if (!(v > 0)) {
                throw new ConfigException(at + ".variance", "must be > 0, got " + v);
            }
            cov = GaussianComponent.isotropic(label, weight, mean, v).covariance();
        }
        return List.of(new GaussianComponent(label, weight, mean, cov));
    }

    /** Maps a field of the built mixture ("components[k].lower[0]") to the config entry it came from. */
    private static String configField(String field, List<Integer> entryOf, JsonNode list) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("components\\[(\\d+)\\](.*)").matcher(field);
        if (!m.matches()) {
            return "target." + field;
        }
        int entry = entryOf.get(Integer.parseInt(m.group(1)));
        String rest = m.group(2);
        if (rest.startsWith(".lower") || rest.startsWith(".upper")) {
            rest = list.get(entry).has("box") ? ".box" : ".intervals";
        }
        return "target.components[" + entry + "]" + rest;
    }

    /**
     * A uniform component: {@code box: [[a₁, b₁], …, [a_d, b_d]]} (one interval per coordinate), or in d = 1
     * {@code intervals: [[a, b], [c, e], …]}, the uniform law on a union of disjoint intervals, split into one
     * component per interval with weight ∝ length.
     */
    private static List<Component> uniform(ObjectNode c, String at, int label, double weight) {
        Tree.forbid(c, at, List.of("mean", "covariance", "variance", "diagonal"),
                "belongs to a Gaussian component; a uniform one takes box or intervals");
        if (c.has("box") && c.has("intervals")) {
            throw new ConfigException(at, "give box or intervals, not both");
        }
        String field = c.has("box") ? "box" : "intervals";
        double[][] rows = Tree.matrix(c.get(field), at + "." + field);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != 2) {
                throw new ConfigException(at + "." + field + "[" + i + "]", "expected [lower, upper], got "
                        + rows[i].length + " numbers");
            }
            if (!(rows[i][1] > rows[i][0])) {
                throw new ConfigException(at + "." + field + "[" + i + "]", "upper must exceed lower, got ["
                        + rows[i][0] + ", " + rows[i][1] + "]");
            }
        }
        if (field.equals("box")) {
            double[] lo = new double[rows.length];
            double[] hi = new double[rows.length];
            for (int j = 0; j < rows.length; j++) {
                lo[j] = rows[j][0];
                hi[j] = rows[j][1];
            }
            return List.of(new BoxComponent(label, weight, lo, hi));
        }
        double[][] sorted = rows.clone();
        java.util.Arrays.sort(sorted, java.util.Comparator.comparingDouble(r -> r[0]));
        double total = 0.0;
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i][0] < sorted[i - 1][1]) {
                throw new ConfigException(at + ".intervals", "intervals must not overlap: [" + sorted[i - 1][0] + ", "
                        + sorted[i - 1][1] + "] and [" + sorted[i][0] + ", " + sorted[i][1] + "]");
            }
            total += sorted[i][1] - sorted[i][0];
        }
        List<Component> out = new ArrayList<>();
        for (double[] r : rows) {
            out.add(BoxComponent.interval(label, weight * (r[1] - r[0]) / total, r[0], r[1]));
        }
        return out;
    }

    private List<Guidance> guidance(JsonNode node) {
        ObjectNode g = node == null ? JSON.createObjectNode() : Tree.object(node, "guidance", GUIDANCE);
        String type = Tree.text(g, "type", "guidance", "classifier-free");
        ObjectNode rg = resolved.putObject("guidance");
        rg.put("type", type);
        List<Guidance> out = new ArrayList<>();
        switch (type) {
            case "classifier-free" -> {
                if (g.has("gamma")) {
                    throw new ConfigException("guidance.gamma", "belongs to classifier guidance; use w with classifier-free");
                }
                double[] ws = g.has("w") ? strengths(g.get("w"), "guidance.w") : new double[] {0.0};
                for (double w : ws) {
                    out.add(new ClassifierFreeGuidance(w));
                }
                rg.set("w", JSON.valueToTree(ws));
            }
            case "classifier" -> {
                if (g.has("w")) {
                    throw new ConfigException("guidance.w", "belongs to classifier-free guidance; use gamma with classifier");
                }
                double[] gs = g.has("gamma") ? strengths(g.get("gamma"), "guidance.gamma") : new double[] {1.0};
                for (double gamma : gs) {
                    out.add(new ClassifierGuidance(gamma));
                }
                rg.set("gamma", JSON.valueToTree(gs));
            }
            default -> throw new ConfigException("guidance.type",
                    "expected classifier-free or classifier, got \"" + type + "\"");
        }
        return out;
    }

    private ScoreError scoreError(JsonNode node, int d) {
        ObjectNode e = node == null ? JSON.createObjectNode() : Tree.object(node, "scoreError", SCORE_ERROR);
        String type = Tree.text(e, "type", "scoreError", "none");
        ScoreError.Kind kind = byLabel(ScoreError.Kind.values(), ScoreError.Kind::label, type, "scoreError.type");
        ObjectNode re = resolved.putObject("scoreError");
        re.put("type", type);
        if (kind == ScoreError.Kind.NONE) {
            Tree.forbid(e, "scoreError", List.of("epsilon", "scope", "direction"),
                    "has no effect with type none; set scoreError.type");
            return ScoreError.NONE;
        }
        double eps = Tree.number(e, "epsilon", "scoreError", 0.0);
        if (!(eps >= 0)) {
            throw new ConfigException("scoreError.epsilon", "must be >= 0, got " + eps);
        }
        String scopeName = Tree.text(e, "scope", "scoreError", "both");
        ScoreError.Scope scope = byLabel(ScoreError.Scope.values(), ScoreError.Scope::label, scopeName,
                "scoreError.scope");
        double[] dir = new double[d];
        if (e.has("direction")) {
            if (kind != ScoreError.Kind.BIAS) {
                throw new ConfigException("scoreError.direction", "applies to a bias only, not to " + type);
            }
            dir = Tree.vector(e.get("direction"), "scoreError.direction");
            double norm = 0.0;
            for (double v : dir) {
                norm += v * v;
            }
            if (dir.length != d || !(norm > 0)) {
                throw new ConfigException("scoreError.direction", "must be a non-zero vector of length " + d + ", got "
                        + java.util.Arrays.toString(dir));
            }
        } else {
            dir[0] = 1.0;
        }
        re.put("epsilon", eps);
        re.put("scope", scopeName);
        if (kind == ScoreError.Kind.BIAS) {
            re.set("direction", JSON.valueToTree(dir));
        }
        return new ScoreError(kind, eps, scope, dir);
    }

    /** The constant whose label is {@code value}, or a ConfigException listing the labels. */
    private static <E> E byLabel(E[] values, java.util.function.Function<E, String> label, String value, String field) {
        List<String> known = new ArrayList<>();
        for (E v : values) {
            if (label.apply(v).equals(value)) {
                return v;
            }
            known.add(label.apply(v));
        }
        throw new ConfigException(field, "expected one of " + String.join(", ", known) + ", got \"" + value + "\"");
    }

    private SupportOptions supportOptions(JsonNode node) {
        ObjectNode e = node == null ? JSON.createObjectNode() : Tree.object(node, "estimators", ESTIMATORS);
        SupportOptions defaults = SupportOptions.defaults(target, cls);
        double[] widths = e.has("boundaryWidths") ? Tree.vector(e.get("boundaryWidths"), "estimators.boundaryWidths")
                : defaults.boundaryWidths();
        for (int i = 0; i < widths.length; i++) {
            if (!(widths[i] > 0)) {
                throw new ConfigException("estimators.boundaryWidths[" + i + "]", "must be > 0, got " + widths[i]);
            }
        }
        double[] range = e.has("distanceRange") ? Tree.vector(e.get("distanceRange"), "estimators.distanceRange")
                : new double[] {defaults.distanceLow(), defaults.distanceHigh()};
        if (range.length != 2 || !(range[1] > range[0])) {
            throw new ConfigException("estimators.distanceRange", "expected [low, high] with high > low, got "
                    + java.util.Arrays.toString(range));
        }
        int bins = Tree.smallInteger(e, "distanceBins", "estimators", defaults.distanceBins());
        if (bins < 1 || bins > 100_000) {
            throw new ConfigException("estimators.distanceBins", "must be in [1, 100000], got " + bins);
        }
        ObjectNode r = resolved.putObject("estimators");
        r.set("boundaryWidths", JSON.valueToTree(widths));
        r.set("distanceRange", JSON.valueToTree(range));
        r.put("distanceBins", bins);
        return new SupportOptions(widths, range[0], range[1], bins);
    }

    private KnnOptions knnOptions(JsonNode node) {
        ObjectNode e = node == null ? JSON.createObjectNode() : (ObjectNode) node;
        KnnOptions defaults = KnnOptions.defaults(target.dimension());
        int k = Tree.smallInteger(e, "knnNeighbours", "estimators", defaults.neighbours());
        if (k < 1 || k > 1000) {
            throw new ConfigException("estimators.knnNeighbours", "must be in [1, 1000], got " + k);
        }
        int samples = Tree.smallInteger(e, "knnSamples", "estimators", defaults.samples());
        if (samples < 0 || (samples > 0 && samples <= k)) {
            throw new ConfigException("estimators.knnSamples", "must be 0 (off) or more than knnNeighbours = " + k
                    + ", got " + samples);
        }
        ObjectNode r = (ObjectNode) resolved.get("estimators");
        r.put("knnNeighbours", k);
        r.put("knnSamples", samples);
        return new KnnOptions(k, samples);
    }

    private boolean exactLaw(JsonNode node) {
        boolean on = node != null && Tree.bool(node, "exactLaw", "estimators", false);
        if (on && target.dimension() != 1) {
            throw new ConfigException("estimators.exactLaw", "the Fokker-Planck reference is 1-D; the target has d="
                    + target.dimension());
        }
        ((ObjectNode) resolved.get("estimators")).put("exactLaw", on);
        return on;
    }

    /** {@code estimators.profile: {range: [low, high], bins: B}} (1-D; each bin at least two density-grid cells). */
    private ProfileOptions profile(JsonNode node) {
        JsonNode p = node == null ? null : node.get("profile");
        if (p == null || p.isNull()) {
            return null;
        }
        ObjectNode o = Tree.object(p, "estimators.profile", PROFILE);
        if (target.dimension() != 1) {
            throw new ConfigException("estimators.profile", "the density profile is 1-D; the target has d="
                    + target.dimension());
        }
        double[] range = Tree.vector(o.get("range"), "estimators.profile.range");
        if (range.length != 2 || !(range[1] > range[0])) {
            throw new ConfigException("estimators.profile.range", "expected [low, high] with high > low, got "
                    + java.util.Arrays.toString(range));
        }
        int bins = Tree.smallInteger(o, "bins", "estimators.profile", 64);
        double cell = org.gdmc.estimate.BinnedDensity.gridOf(target).width(0);
        if (bins < 1 || (range[1] - range[0]) / bins < 2 * cell) {
            throw new ConfigException("estimators.profile.bins", "must be >= 1 with bins at least two density-grid "
                    + "cells wide (" + cell + "), at most " + (int) ((range[1] - range[0]) / (2 * cell))
                    + " over this range; got " + bins);
        }
        ObjectNode r = ((ObjectNode) resolved.get("estimators")).putObject("profile");
        r.set("range", JSON.valueToTree(range));
        r.put("bins", bins);
        return new ProfileOptions(range[0], range[1], bins);
    }

    /** A sweep of guidance strengths: one number or a non-empty list. */
    static double[] strengths(JsonNode n, String path) {
        double[] v = n.isArray() ? Tree.vector(n, path) : new double[] {Tree.number(n, path)};
        if (v.length == 0) {
            throw new ConfigException(path, "needs at least one value");
        }
        return v;
    }

    private NoiseSchedule schedule(JsonNode node) {
        ObjectNode p = node == null ? JSON.createObjectNode() : Tree.object(node, "process", PROCESS);
        String kind = Tree.text(p, "schedule", "process", "constant");
        ObjectNode rp = resolved.putObject("process");
        rp.put("schedule", kind);
        switch (kind) {
            case "constant" -> {
                Tree.forbid(p, "process", List.of("beta0", "beta1"), "belongs to the linear schedule; constant takes beta");
                double beta = Tree.number(p, "beta", "process", 1.0);
                if (!(beta > 0)) {
                    throw new ConfigException("process.beta", "must be > 0, got " + beta);
                }
                rp.put("beta", beta);
                return new ConstantSchedule(beta);
            }
            case "linear" -> {
                Tree.forbid(p, "process", List.of("beta"), "belongs to the constant schedule; linear takes beta0, beta1");
                double b0 = Tree.number(p, "beta0", "process", 0.1);
                double b1 = Tree.number(p, "beta1", "process", 1.0);
                if (!(b0 > 0)) {
                    throw new ConfigException("process.beta0", "must be > 0, got " + b0);
                }
                if (!(b1 >= 0)) {
                    throw new ConfigException("process.beta1", "must be >= 0, got " + b1);
                }
                rp.put("beta0", b0);
                rp.put("beta1", b1);
                return new LinearSchedule(b0, b1);
            }
            default -> throw new ConfigException("process.schedule",
                    "expected constant or linear, got \"" + kind + "\"");
        }
    }

    /** Parses YAML or JSON text, applies the overrides, and validates. */
    public static StudyConfig parse(String text, Map<String, String> overrides) {
        return of(read(text), overrides);
    }

    /**
     * Validates a study tree after the overrides (a copy is changed; the tree is not). A tree with a {@code sweep}
     * block is refused: {@link Sweep#take} removes it and sets each of its values in turn.
     */
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
        return parse(Files.readString(file), overrides);
    }

    /** The study tree of a YAML or JSON file, before validation. */
    public static ObjectNode tree(Path file) throws IOException {
        return read(Files.readString(file));
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
        JsonNode root;
        try {
            String trimmed = text.stripLeading();
            root = trimmed.startsWith("{") ? JSON.readTree(text) : YAML.readTree(Tree.quoteSpecialFloats(text));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException("(file)", "not valid YAML/JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("(top level)", "expected a mapping of fields, got " + Tree.show(root));
        }
        return (ObjectNode) root;
    }

    /** The simulation and batching this configuration describes. */
    public StudySpec toStudySpec() {
        StepPlan plan = new StepPlan(sampler, process, grid);
        return new StudySpec(new SimulationSpec(target, cls, plan, guidances, scoreError, seed), particles, batchSize,
                supportOptions, knnOptions, exactLaw, profile);
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
        return sampler;
    }

    public TimeGrid grid() {
        return grid;
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
}
