package org.gdmc.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.discrete.MaskSchedule;
import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;
import org.gdmc.discrete.MaskedGuidance;
import org.gdmc.discrete.SequenceMixture;
import org.gdmc.discrete.SequenceSpace;
import org.gdmc.discrete.TauLeapingSampler;
import org.gdmc.study.MaskedStudySpec;

/**
 * A masked discrete diffusion study (Ye, Rojas and Tao 2025), recognised by {@code target.type: masked}. The schema,
 * with defaults:
 *
 * <pre>
 * name: masked
 * target:
 *   type: masked
 *   vocabulary: 5              # V: token values 0..V−1 (MASK is extra)
 *   length: 1                  # L tokens; (V + 1)^L ≤ 2^24
 *   classes:                   # class k = entry k; weights sum to 1; each class law is one of:
 *     - weight: 0.5
 *       tokens: [0, 1, 2]      #   uniform on a product: one value set for every token, or one list per token
 *     - weight: 0.5
 *       sequences: [[2], [3]]  #   uniform on the listed sequences
 *     # - {weight: 0.5, table: class1.csv}   rows "x_0,…,x_{L−1},mass" (path relative to the study file)
 * class: 0                     # the guided class c
 * guidance:
 *   type: classifier-free
 *   w: [0.0]                   # each ≥ −1 (−1: unconditional, 0: conditional)
 *   rates: geometric           # Q̂ = Q̄^(−w) Q̄_c^(1+w), the paper's; or renormalised (per-token tilted law)
 * process:
 *   schedule: log-linear       # α_t = 1 − (1 − eps) t on [0, 1]; or constant: α_t = e^(−sigma t) on [0, T]
 *   eps: 0.001
 * sampler:
 *   methods: [exact, tau-leaping]
 *   steps: 50                  # τ-leaping steps
 *   times: [0.9, 0.8, …, 0.1]  # snapshot times (decreasing, on the τ-leaping grid); default 0.1 T … 0.9 T
 * estimators:
 *   groupBy: -1                # a token value v: also report the mean probability per sequence by how many tokens equal v
 * particles: 100000
 * seed: 1
 * threads: 0
 * </pre>
 */
public final class MaskedStudyConfig {
    private static final Set<String> TOP = Set.of("name", "target", "class", "guidance", "process", "sampler",
            "estimators", "particles", "seed", "threads");
    private static final Set<String> TARGET = Set.of("type", "vocabulary", "length", "classes");
    private static final Set<String> CLASS = Set.of("weight", "tokens", "sequences", "table");
    private static final Set<String> GUIDANCE = Set.of("type", "w", "rates");
    private static final Set<String> PROCESS = Set.of("schedule", "eps", "sigma", "T");
    private static final Set<String> SAMPLER = Set.of("methods", "steps", "times");
    private static final Set<String> ESTIMATORS = Set.of("groupBy");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ObjectNode resolved;
    private final MaskedStudySpec spec;

    private MaskedStudyConfig(ObjectNode root, Path base) {
        Fields.object(root, "", TOP);
        resolved = JSON.createObjectNode();
        String name = Fields.text(root, "name", "", "masked");
        resolved.put("name", name);

        ObjectNode t = Fields.object(root.get("target"), "target", TARGET);
        int vocab = Fields.smallInteger(t, "vocabulary", "target", 0);
        int length = Fields.smallInteger(t, "length", "target", 1);
        if (vocab < 1) {
            throw new ConfigException("target.vocabulary", "must be >= 1, got " + vocab);
        }
        if (length < 1) {
            throw new ConfigException("target.length", "must be >= 1, got " + length);
        }
        SequenceSpace space;
        try {
            space = new SequenceSpace(vocab, length);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("target.length", e.getMessage());
        }
        ObjectNode rt = resolved.putObject("target");
        rt.put("type", "masked");
        rt.put("vocabulary", vocab);
        rt.put("length", length);
        SequenceMixture target = classes(t.get("classes"), space, base, rt.putArray("classes"));

        int cls = Fields.smallInteger(root, "class", "", 0);
        if (cls < 0 || cls >= target.classes()) {
            throw new ConfigException("class", "must name one of the " + target.classes() + " classes (0.."
                    + (target.classes() - 1) + "), got " + cls);
        }
        resolved.put("class", cls);

        ObjectNode g = root.has("guidance") ? Fields.object(root.get("guidance"), "guidance", GUIDANCE)
                : JSON.createObjectNode();
        String type = Fields.text(g, "type", "guidance", "classifier-free");
        if (!type.equals("classifier-free")) {
            throw new ConfigException("guidance.type", "masked studies guide by classifier-free guidance on rates; "
                    + "got \"" + type + "\"");
        }
        double[] ws = g.has("w") ? Fields.numbers(g.get("w"), "guidance.w") : new double[] {0.0};
        double largest = Double.NaN;
        for (int i = 0; i < ws.length; i++) {
            if (!(ws[i] >= -1)) {
                throw new ConfigException("guidance.w[" + i + "]", "must be >= -1 (-1 is the unconditional "
                        + "sampler), got " + ws[i]);
            }
            if (ws[i] > 0) {
                largest = Double.isNaN(largest) ? MaskedGuidance.largestWeight(target, cls) : largest;
                if (ws[i] > largest) {
                    throw new ConfigException("guidance.w[" + i + "]", String.format(java.util.Locale.ROOT,
                            "must be at most %.4g for this target and class: beyond it a guided rate "
                            + "p_c^(1+w) p^(-w) exceeds e^%.0f and the rates overflow double precision; got %s",
                            largest, MaskedGuidance.LARGEST_LOG_RATE, ws[i]));
                }
            }
        }
        String ratesName = Fields.text(g, "rates", "guidance", "geometric");
        MaskedGuidance.Rates rates;
        try {
            rates = MaskedGuidance.Rates.parse(ratesName);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("guidance.rates", e.getMessage());
        }
        ObjectNode rg = resolved.putObject("guidance");
        rg.put("type", type);
        rg.set("w", JSON.valueToTree(ws));
        rg.put("rates", rates.label());

        MaskSchedule schedule = schedule(root.get("process"));

        ObjectNode s = root.has("sampler") ? Fields.object(root.get("sampler"), "sampler", SAMPLER)
                : JSON.createObjectNode();
        List<String> methods = new ArrayList<>();
        if (s.has("methods")) {
            JsonNode list = s.get("methods");
            if (!list.isArray() || list.isEmpty()) {
                throw new ConfigException("sampler.methods", "expected a list of exact and/or tau-leaping, got "
                        + Fields.show(list));
            }
            for (int i = 0; i < list.size(); i++) {
                String m = list.get(i).asText();
                if (!m.equals("exact") && !m.equals("tau-leaping")) {
                    throw new ConfigException("sampler.methods[" + i + "]", "expected exact or tau-leaping, got "
                            + Fields.show(list.get(i)));
                }
                if (methods.contains(m)) {
                    throw new ConfigException("sampler.methods[" + i + "]", "\"" + m + "\" is listed twice");
                }
                methods.add(m);
            }
        } else {
            methods.add("exact");
        }
        int steps = Fields.smallInteger(s, "steps", "sampler", 50);
        if (steps < 1 || steps > 1_000_000) {
            throw new ConfigException("sampler.steps", "must be in [1, 1000000], got " + steps);
        }
        double horizon = schedule.horizon();
        double[] times;
        if (s.has("times")) {
            times = Fields.vector(s.get("times"), "sampler.times");
        } else {
            times = new double[9];
            for (int j = 0; j < 9; j++) {
                times[j] = horizon * (0.9 - 0.1 * j);
            }
        }
        for (int j = 0; j < times.length; j++) {
            if (!(times[j] > 0) || !(times[j] < horizon) || (j > 0 && !(times[j] < times[j - 1]))) {
                throw new ConfigException("sampler.times[" + j + "]", "snapshot times must decrease within (0, T = "
                        + horizon + "), got " + times[j]);
            }
        }
        List<MaskedStudySpec.Method> samplers = new ArrayList<>();
        for (String m : methods) {
            samplers.add(m.equals("exact") ? MaskedStudySpec.Method.EXACT : MaskedStudySpec.Method.tauLeaping(steps));
        }
        if (methods.contains("tau-leaping")) {
            for (int j = 0; j < times.length; j++) {
                if (TauLeapingSampler.gridIndex(horizon, steps, times[j]) < 0) {
                    throw new ConfigException("sampler.times[" + j + "]", times[j] + " is not on the " + steps
                            + "-step tau-leaping grid (multiples of " + horizon / steps + ")");
                }
            }
        }
        ObjectNode rs = resolved.putObject("sampler");
        rs.set("methods", JSON.valueToTree(methods));
        rs.put("steps", steps);
        rs.set("times", JSON.valueToTree(times));

        ObjectNode e = root.has("estimators") ? Fields.object(root.get("estimators"), "estimators", ESTIMATORS)
                : JSON.createObjectNode();
        int groupBy = Fields.smallInteger(e, "groupBy", "estimators", -1);
        if (groupBy < -1 || groupBy >= vocab) {
            throw new ConfigException("estimators.groupBy", "must be a token value in 0.." + (vocab - 1)
                    + " or -1 (off), got " + groupBy);
        }
        resolved.putObject("estimators").put("groupBy", groupBy);

        long particles = Fields.integer(root, "particles", "", 100_000);
        if (particles < 1) {
            throw new ConfigException("particles", "must be >= 1, got " + particles);
        }
        long seed = Fields.integer(root, "seed", "", 1);
        int threads = Fields.smallInteger(root, "threads", "", 0);
        if (threads < 0) {
            throw new ConfigException("threads", "must be >= 0 (0 = all processors), got " + threads);
        }
        resolved.put("particles", particles);
        resolved.put("seed", seed);
        resolved.put("threads", threads);
        this.spec = new MaskedStudySpec(name, target, cls, ws, rates, schedule, samplers, times, groupBy, particles,
                seed, threads);
    }

    /** Whether a parsed study describes a masked study ({@code target.type: masked}). */
    public static boolean describes(ObjectNode root) {
        JsonNode t = root.get("target");
        return t != null && t.isObject() && "masked".equals(t.path("type").asText(""));
    }

    /** Parses, applies the overrides and validates; {@code base} resolves class tables' paths. */
    public static MaskedStudyConfig parse(ObjectNode root, Map<String, String> overrides, Path base) {
        ObjectNode copy = root.deepCopy();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            Overrides.apply(copy, o.getKey(), o.getValue());
        }
        return new MaskedStudyConfig(copy, base);
    }

    /** The study file's tree, if it is a masked study; else null. */
    public static ObjectNode readIfMasked(Path file) throws IOException {
        ObjectNode root = StudyConfig.read(StudyFiles.read(file), file.toString());
        return describes(root) ? root : null;
    }

    /** The resolved configuration as YAML. */
    public String resolvedYaml() {
        return StudyConfig.yaml(resolved);
    }

    public MaskedStudySpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** Every field with its value after defaults, for result files. */
    public ObjectNode resolved() {
        return resolved;
    }

    private MaskSchedule schedule(JsonNode node) {
        ObjectNode p = node == null ? JSON.createObjectNode() : Fields.object(node, "process", PROCESS);
        String kind = Fields.text(p, "schedule", "process", "log-linear");
        ObjectNode rp = resolved.putObject("process");
        rp.put("schedule", kind);
        switch (kind) {
            case "log-linear" -> {
                Fields.forbid(p, "process", List.of("sigma", "T"),
                        "belongs to the constant schedule; the log-linear one runs on [0, 1] with eps");
                double eps = Fields.number(p, "eps", "process", 1e-3);
                if (!(eps > 0 && eps < 1)) {
                    throw new ConfigException("process.eps", "must be in (0, 1), got " + eps);
                }
                rp.put("eps", eps);
                return MaskSchedule.logLinear(eps);
            }
            case "constant" -> {
                Fields.forbid(p, "process", List.of("eps"), "belongs to the log-linear schedule");
                double sigma = Fields.number(p, "sigma", "process", 1.0);
                double horizon = Fields.number(p, "T", "process", 5.0);
                if (!(sigma > 0)) {
                    throw new ConfigException("process.sigma", "must be > 0, got " + sigma);
                }
                if (!(horizon > 0)) {
                    throw new ConfigException("process.T", "must be > 0, got " + horizon);
                }
                rp.put("sigma", sigma);
                rp.put("T", horizon);
                return MaskSchedule.constant(sigma, horizon);
            }
            default -> throw new ConfigException("process.schedule", "expected log-linear or constant, got \""
                    + kind + "\"");
        }
    }

    private static SequenceMixture classes(JsonNode node, SequenceSpace space, Path base, ArrayNode resolved) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new ConfigException("target.classes", "expected a list of classes, got " + Fields.show(node));
        }
        int k = node.size();
        double[] weights = new double[k];
        double[][] tables = new double[k][];
        double sum = 0.0;
        for (int c = 0; c < k; c++) {
            String at = "target.classes[" + c + "]";
            ObjectNode o = Fields.object(node.get(c), at, CLASS);
            weights[c] = Fields.number(o.get("weight"), at + ".weight");
            if (!(weights[c] > 0)) {
                throw new ConfigException(at + ".weight", "must be > 0, got " + weights[c]);
            }
            sum += weights[c];
            int given = (o.has("tokens") ? 1 : 0) + (o.has("sequences") ? 1 : 0) + (o.has("table") ? 1 : 0);
            if (given != 1) {
                throw new ConfigException(at, "give exactly one of tokens, sequences or table");
            }
            ObjectNode r = resolved.addObject();
            r.put("weight", weights[c]);
            if (o.has("tokens")) {
                int[][] sets = tokenSets(o.get("tokens"), space, at + ".tokens");
                tables[c] = SequenceMixture.productUniform(space, new double[] {1.0}, new int[][][] {sets})
                        .classLaw(0);
                r.set("tokens", JSON.valueToTree(sets));
            } else if (o.has("sequences")) {
                JsonNode list = o.get("sequences");
                if (!list.isArray() || list.isEmpty()) {
                    throw new ConfigException(at + ".sequences", "expected a list of sequences, got "
                            + Fields.show(list));
                }
                tables[c] = new double[space.cleanStates()];
                for (int i = 0; i < list.size(); i++) {
                    tables[c][cleanIndex(space, list.get(i), at + ".sequences[" + i + "]")] = 1.0;
                }
                r.set("sequences", list);
            } else {
                String file = Fields.text(o, "table", at, "");
                Path path = base == null ? Path.of(file) : base.resolve(file);
                byte[] bytes = readTable(path, at + ".table");
                tables[c] = table(space, bytes, path, at + ".table");
                r.put("table", file);
                r.put("tableSha256", org.gdmc.fields.Sha256.hex(bytes));
            }
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new ConfigException("target.classes", "weights must sum to 1, got " + sum);
        }
        try {
            return SequenceMixture.ofTables(space, weights, tables);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("target.classes", e.getMessage());
        }
    }

    private static int[][] tokenSets(JsonNode n, SequenceSpace space, String at) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new ConfigException(at, "expected a list of values, or one list per token, got " + Fields.show(n));
        }
        int[][] sets = new int[space.length()][];
        if (!n.get(0).isArray()) {
            int[] one = values(n, space, at);
            java.util.Arrays.fill(sets, one);
            return sets;
        }
        if (n.size() != space.length()) {
            throw new ConfigException(at, "gives " + n.size() + " value lists for " + space.length() + " tokens");
        }
        for (int i = 0; i < sets.length; i++) {
            sets[i] = values(n.get(i), space, at + "[" + i + "]");
        }
        return sets;
    }

    private static int[] values(JsonNode n, SequenceSpace space, String at) {
        if (!n.isArray() || n.isEmpty()) {
            throw new ConfigException(at, "expected a non-empty list of token values, got " + Fields.show(n));
        }
        int[] v = new int[n.size()];
        for (int i = 0; i < v.length; i++) {
            long x = Fields.integer(n.get(i), at + "[" + i + "]");
            if (x < 0 || x >= space.vocabulary()) {
                throw new ConfigException(at + "[" + i + "]", "token values are 0.." + (space.vocabulary() - 1)
                        + ", got " + x);
            }
            v[i] = (int) x;
        }
        return v;
    }

    private static int cleanIndex(SequenceSpace space, JsonNode n, String at) {
        int[] tokens = values(n, space, at);
        if (tokens.length != space.length()) {
            throw new ConfigException(at, "has " + tokens.length + " tokens, not " + space.length());
        }
        int state = 0;
        for (int i = 0; i < tokens.length; i++) {
            state += tokens[i] * space.stride(i);
        }
        return space.cleanIndex(state);
    }

    /** A class table file: lines "x_0,…,x_{L−1},mass"; blank lines, '#' comments and a header line are skipped. */
    private static double[] table(SequenceSpace space, byte[] bytes, Path path, String at) {
        List<String> lines = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        double[] t = new double[space.cleanStates()];
        boolean any = false;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            if (line.isEmpty() || line.startsWith("#") || (ln == 0 && Character.isLetter(line.charAt(0)))) {
                continue;
            }
            String[] f = line.split("\\s*[,;\\s]\\s*");
            String where = at + " (" + path.getFileName() + " line " + (ln + 1) + ")";
            if (f.length != space.length() + 1) {
                throw new ConfigException(where, "expected " + space.length() + " tokens and a mass, got \"" + line
                        + "\"");
            }
            int state = 0;
            try {
                for (int i = 0; i < space.length(); i++) {
                    int v = Integer.parseInt(f[i]);
                    if (v < 0 || v >= space.vocabulary()) {
                        throw new ConfigException(where, "token " + i + " = " + v + " is outside 0.."
                                + (space.vocabulary() - 1));
                    }
                    state += v * space.stride(i);
                }
                double mass = Double.parseDouble(f[space.length()]);
                if (!(mass >= 0) || !Double.isFinite(mass)) {
                    throw new ConfigException(where, "mass must be finite and >= 0, got " + f[space.length()]);
                }
                t[space.cleanIndex(state)] += mass;
                any |= mass > 0;
            } catch (NumberFormatException e) {
                throw new ConfigException(where, "not a number: \"" + line + "\"");
            }
        }
        if (!any) {
            throw new ConfigException(at, path + " gives no positive mass");
        }
        return t;
    }

    /** The bytes of a class table file, read once: parsed and hashed from the same bytes. */
    private static byte[] readTable(Path path, String at) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException(at, "cannot read " + path + ": " + e.getMessage());
        }
    }
}
