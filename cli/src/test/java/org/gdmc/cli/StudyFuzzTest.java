package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

import org.gdmc.config.StudyConfig;

/**
 * Hostile study trees and flags, generated: every base study (the default continuous one, a uniform-interval one, a
 * masked one; each made small) with one field replaced by an extreme or ill-typed value, removed, or joined by an
 * unknown sibling, written as YAML or JSON; and the common flags with hostile values. Whatever is generated, gdmc
 * exits 0 or 2 — never 1, never a stack trace — and a refusal is one line that leaves no file behind. A valid study is
 * then run (when it is small enough to run here) and must finish with its result.
 */
class StudyFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();
    /** Particle-steps (× guidances × samplers) above which a valid generated study is validated but not run. */
    private static final double RUN_BUDGET = 4e6;

    /** One generated input: a base study, a field path in it, what happens there, and how the file is written. */
    record Case(int base, int field, int operation, JsonNode value, boolean yaml) {
        @Override
        public String toString() {
            ObjectNode tree = bases().get(base).deepCopy();
            List<String> paths = paths(tree);
            String path = paths.get(field % paths.size());
            return "base " + base + ", " + List.of("replace", "remove", "add unknown sibling").get(operation) + " "
                    + path + (operation == 1 ? "" : " with " + value) + (yaml ? " (YAML)" : " (JSON)");
        }
    }

    /** The base studies, made small: few particles and steps, so that a valid mutation runs in a second. */
    static List<ObjectNode> bases() {
        List<ObjectNode> out = new ArrayList<>();
        ObjectNode def = StudyConfig.defaultTree().deepCopy();
        def.put("particles", 2048);
        ((ObjectNode) def.with("sampler")).put("steps", 10);
        ((ObjectNode) def.with("estimators")).put("knnSamples", 512);
        out.add(def);
        try {
            ObjectNode uniform = StudyConfig.tree(Path.of("..", "experiments", "uniform-boundary.yaml")).deepCopy();
            uniform.put("particles", 2048);
            ((ObjectNode) uniform.with("sampler")).put("steps", 10);
            out.add(uniform);
            ObjectNode masked = StudyConfig.tree(Path.of("..", "experiments", "masked-1d-overlap.yaml")).deepCopy();
            masked.put("particles", 2000);
            ((ObjectNode) masked.with("sampler")).put("steps", 10);
            out.add(masked);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every node's path below the root, as a JSON pointer: leaves, lists and mappings. */
    static List<String> paths(JsonNode root) {
        List<String> out = new ArrayList<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = at + "/" + e.getKey();
                out.add(p);
                collect(e.getValue(), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = at + "/" + i;
                out.add(p);
                collect(node.get(i), p, out);
            }
        }
    }

    /** Extreme, ill-typed and malformed values. */
    static List<JsonNode> hostileValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> v = new ArrayList<>(List.of(f.numberNode(0), f.numberNode(-1), f.numberNode(1),
                f.numberNode(-0.0), f.numberNode(0.5), f.numberNode(1e-320), f.numberNode(1e-300), f.numberNode(1e300),
                f.numberNode(-1e300), f.numberNode(Double.MAX_VALUE), f.numberNode(Integer.MAX_VALUE),
                f.numberNode(2147483648L), f.numberNode(-2147483649L), f.numberNode(Long.MAX_VALUE),
                f.numberNode(Long.MIN_VALUE), f.numberNode(9.3e18), f.numberNode(3.5), f.numberNode(64),
                f.numberNode(65), f.numberNode(4097), f.numberNode(1e6), f.numberNode(1e12), f.numberNode(1e13),
                f.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                f.textNode(""), f.textNode("abc"), f.textNode("NaN"), f.textNode("Infinity"), f.textNode("-inf"),
                f.textNode("1e309"), f.textNode("\u00fc\u4e2d"), f.textNode("x".repeat(5000)),
                f.textNode("../../etc/passwd"), f.textNode("null"), f.nullNode(), f.booleanNode(true),
                f.arrayNode(), f.arrayNode().add(f.arrayNode()), f.objectNode(), f.objectNode().put("a", 1),
                f.arrayNode().add(0).add(1e308), f.arrayNode().add(-1).add(2), f.arrayNode().add("a")));
        ArrayNode many = f.arrayNode();
        for (int i = 0; i < 300; i++) {
            many.add(i * 0.5);
        }
        v.add(many);
        return v;
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 5).map(k -> k < 4 ? 0 : k - 3),
                Arbitraries.of(hostileValues()), Arbitraries.of(true, false)).as(Case::new);
    }

    /** The generated study file of a case. */
    static Path write(Case c, Path dir) throws IOException {
        ObjectNode tree = bases().get(c.base()).deepCopy();
        List<String> paths = paths(tree);
        String path = paths.get(c.field() % paths.size());
        int cut = path.lastIndexOf('/');
        JsonNode parent = tree.at(path.substring(0, cut));
        String key = path.substring(cut + 1);
        if (parent instanceof ObjectNode o) {
            switch (c.operation()) {
                case 0 -> o.set(key, c.value());
                case 1 -> o.remove(key);
                default -> o.set(key + "Typo", c.value());
            }
        } else if (parent instanceof ArrayNode a) {
            int i = Integer.parseInt(key);
            switch (c.operation()) {
                case 0 -> a.set(i, c.value());
                case 1 -> a.remove(i);
                default -> a.add(c.value());
            }
        }
        Path file = dir.resolve(c.yaml() ? "study.yaml" : "study.json");
        Files.writeString(file, c.yaml() ? YAML.writeValueAsString(tree) : JSON.writeValueAsString(tree));
        return file;
    }

    @Property(tries = 400, seed = "20261206", shrinking = ShrinkingMode.OFF)
    void anyStudyTreeExitsZeroOrTwoWithOneLineAndNoPartialFile(@ForAll("cases") Case c) throws Exception {
        Path dir = Files.createTempDirectory("gdmc-fuzz");
        try {
            Path study = write(c, dir);
            if (!runnable(Gdmc.run("config", study.toString()), c.toString(), dir)) {
                return;
            }
            Path prefix = dir.resolve("out").resolve("r");
            Gdmc.Outcome run = Gdmc.run("run", study.toString(), "--out", prefix.toString(), "--no-plots",
                    "--quiet");
            checkExit(run, c + ", run", dir);
            if (run.code() == 0) {
                assertTrue(Files.exists(Path.of(prefix + ".json")) && Files.exists(Path.of(prefix + ".csv")),
                        c + ": a valid run writes its result");
                Statistics.label("non-finite estimates").collect(Gdmc.checkNonFiniteExplained(Gdmc.json(prefix),
                        c.toString()) > 0 ? "some, each explained" : "none");
                Statistics.label("outcome").collect("valid, ran");
            } else {
                Statistics.label("outcome").collect("refused at run");
            }
        } finally {
            delete(dir);
        }
    }

    /** Hostile values of the common flags and of --set, on the small default study. */
    @Provide
    Arbitrary<List<String>> flags() {
        Arbitrary<String> flag = Arbitraries.of("--particles", "--steps", "--w", "--seed", "--threads",
                "--batch-size", "--shard", "--checkpoint-every", "--precision", "--backend", "--device", "--sampler");
        Arbitrary<String> value = Arbitraries.of("0", "-1", "1", "2", "0.5", "1e308", "NaN", "-0", "2147483648",
                "9223372036854775808", "", "abc", "0,", ",", "1,,2", "0/0", "1/1", "3/2", "-1/2", "1e3", "64",
                "float16", "tornado", "cpu,cpu", "\u00fc");
        Arbitrary<String> set = Arbitraries.of("particles", "seed", "class", "sampler.steps", "sampler.T",
                "sampler.delta", "guidance.w", "target.components[0].weight", "target.components[0].mean[0]",
                "target.components[1].variance", "estimators.knnSamples", "estimators.distanceBins",
                "process.beta", "threads", "batchSize", "nosuch.field", "target.components[-1].weight",
                "target.components[9].weight", "sampler.grid", "[0]", "a..b", "");
        Arbitrary<List<String>> oneFlag = Combinators.combine(flag, value).as((a, b) -> List.of(a, b));
        Arbitrary<List<String>> oneSet = Combinators.combine(set, value).as((a, b) -> List.of("--set", a + "=" + b));
        return Arbitraries.oneOf(oneFlag, oneSet);
    }

    /**
     * The small default study's flags (2048 particles, 10 steps, 512 k-NN samples), less the one being fuzzed so that
     * the fuzzed value is the one that counts.
     */
    private static List<String> baseFlags(List<String> fuzzed) {
        List<String> base = new ArrayList<>();
        if (!fuzzed.get(0).equals("--particles")) {
            base.addAll(List.of("--particles", "2048"));
        }
        if (!fuzzed.get(0).equals("--steps")) {
            base.addAll(List.of("--steps", "10"));
        }
        base.addAll(List.of("--set", "estimators.knnSamples=512"));
        base.addAll(fuzzed);
        return base;
    }

    @Property(tries = 300, seed = "20261207", shrinking = ShrinkingMode.OFF)
    void anyFlagExitsZeroOrTwoWithOneLineAndNoPartialFile(@ForAll("flags") List<String> flag) throws Exception {
        Path dir = Files.createTempDirectory("gdmc-fuzz");
        try {
            boolean sizing = List.of("--particles", "--steps", "--w", "--set").contains(flag.get(0));
            if (sizing) {
                List<String> config = new ArrayList<>(List.of("config"));
                config.addAll(baseFlags(flag));
                if (!runnable(Gdmc.run(config.toArray(String[]::new)), "config " + String.join(" ", flag), dir)) {
                    return;
                }
            }
            List<String> run = new ArrayList<>(List.of("run", "--quiet", "--no-plots", "--out",
                    dir.resolve("r").toString()));
            run.addAll(baseFlags(flag));
            Gdmc.Outcome r = Gdmc.run(run.toArray(String[]::new));
            checkExit(r, "run " + String.join(" ", flag), dir);
            Statistics.label("outcome").collect(r.code() == 0 ? "valid, ran" : "refused");
            if (r.code() == 0 && Files.exists(dir.resolve("r.json"))) {
                Gdmc.checkNonFiniteExplained(Gdmc.json(dir.resolve("r")), String.join(" ", flag));
            }
        } finally {
            delete(dir);
        }
    }

    /** Hostile study files: how the file given to {@code gdmc run} is made. */
    enum StudyFile { VALID, LATIN1, BINARY, UTF16, EMPTY, TRUNCATED, DIRECTORY, MISSING, NESTED_DEEP, ALIAS_BOMB, NUL }

    /** Hostile output locations: what {@code --out} names, and what is already there. */
    enum Output { PLAIN, UNDER_A_FILE, NAME_TOO_LONG, DOT, DOTDOT, EMPTY, TRAILING_SLASH, EXISTING_DIRECTORY,
        RESULT_EXISTS, DIRECTORY_AS_JSON, DEEP_NEW_DIRECTORIES, STAGING_LEFT_BEHIND }

    /** The study file of a kind, in dir. */
    static Path studyFile(StudyFile kind, Path dir, int variant) throws IOException {
        ObjectNode small = bases().get(0);
        String yaml = YAML.writeValueAsString(small);
        Path f = dir.resolve("study.yaml");
        switch (kind) {
            case VALID -> Files.writeString(f, yaml);
            case LATIN1 -> Files.write(f, yaml.replace("default-study", "\u00fcber").getBytes(
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            case BINARY -> {
                byte[] b = new byte[64 + variant % 4096];
                new java.util.SplittableRandom(variant).nextBytes(b);
                Files.write(f, b);
            }
            case UTF16 -> Files.write(f, ("\uFEFF" + yaml).getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
            case EMPTY -> Files.write(f, new byte[0]);
            case TRUNCATED -> Files.writeString(f, yaml.substring(0, 1 + variant % (yaml.length() - 1)));
            case DIRECTORY -> Files.createDirectory(f);
            case MISSING -> { }
            case NESTED_DEEP -> Files.writeString(f, "a: " + "[".repeat(2000 + variant % 50000));
            case ALIAS_BOMB -> {
                StringBuilder b = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
                for (char c = 'b'; c <= 'k'; c++) {
                    char p = (char) (c - 1);
                    b.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                            .append(p).append(", *").append(p).append(", *").append(p).append("]\n");
                }
                Files.writeString(f, b.toString());
            }
            case NUL -> Files.writeString(f, yaml.replace("default-study", "default\u0000study"));
        }
        return f;
    }

    /** The --out of a kind, after making what the kind says is there. */
    static String output(Output kind, Path dir) throws IOException {
        return switch (kind) {
            case PLAIN -> dir.resolve("r").toString();
            case UNDER_A_FILE -> {
                Files.writeString(dir.resolve("file"), "x");
                yield dir.resolve("file").resolve("r").toString();
            }
            case NAME_TOO_LONG -> dir.resolve("r".repeat(300)).toString();
            case DOT -> dir + "/.";
            case DOTDOT -> dir + "/..";
            case EMPTY -> "";
            case TRAILING_SLASH -> dir.resolve("new") + "/";
            case EXISTING_DIRECTORY -> Files.createDirectory(dir.resolve("existing")).toString();
            case RESULT_EXISTS -> {
                Files.writeString(dir.resolve("r.json"), "{}");
                yield dir.resolve("r").toString();
            }
            case DIRECTORY_AS_JSON -> {
                Files.createDirectory(dir.resolve("r.json"));
                yield dir.resolve("r").toString();
            }
            case DEEP_NEW_DIRECTORIES -> dir.resolve("a").resolve("b").resolve("c").resolve("r").toString();
            case STAGING_LEFT_BEHIND -> {
                Path staging = Files.createDirectory(dir.resolve(".r.staging"));
                Files.writeString(staging.resolve("r.json"), "{\"partial\": true}");
                yield dir.resolve("r").toString();
            }
        };
    }

    /**
     * Every kind of hostile study file against every kind of hostile output location: exit 0 with the result where
     * --out says, or exit 2 with one line naming the file or location, and no new file; never a stack trace.
     */
    @Property(tries = 200, seed = "20261208", shrinking = ShrinkingMode.OFF)
    void anyStudyFileAndOutputExitZeroOrTwoWithOneLineAndNoPartialFile(@ForAll StudyFile file, @ForAll Output out,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 100_000) int variant) throws Exception {
        Path dir = Files.createTempDirectory("gdmc-fuzz");
        try {
            Path study = studyFile(file, dir, variant);
            String prefix = output(out, dir);
            List<Path> before;
            try (Stream<Path> s = Files.walk(dir)) {
                before = s.toList();
            }
            Gdmc.Outcome r = Gdmc.run("run", study.toString(), "--out", prefix, "--quiet", "--no-plots",
                    "--threads", "1");
            String what = file + " study, " + out + " output";
            assertTrue(r.code() == 0 || r.code() == 2, what + ": exit " + r.code() + ": " + r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), what + ": " + r.err());
            List<Path> after;
            try (Stream<Path> s = Files.walk(dir)) {
                after = s.filter(p -> !before.contains(p)).toList();
            }
            if (r.code() == 2) {
                String line = Gdmc.refusal(r, what);
                assertTrue(line.startsWith("gdmc: "), what + ": " + line);
                assertTrue(after.isEmpty(), what + ": files left: " + after);
                Statistics.label("outcome").collect("refused");
            } else {
                Path written = out == Output.TRAILING_SLASH || out == Output.EXISTING_DIRECTORY
                        ? Path.of(prefix).resolve("default-study") : Path.of(prefix);
                assertTrue(Files.isRegularFile(Path.of(written + ".json")), what + ": the result: " + after);
                Gdmc.checkNonFiniteExplained(Gdmc.json(written), what);
                assertFalse(Files.exists(org.gdmc.study.ResultSet.stagingDirectory(written)), what + ": staging left");
                Statistics.label("outcome").collect("valid, ran");
            }
        } finally {
            delete(dir);
        }
    }

    /**
     * Checks a validation's exit ({@link #checkExit}) and counts its outcome: true when the study is valid and small
     * enough to run here.
     */
    private static boolean runnable(Gdmc.Outcome config, String what, Path dir) throws IOException {
        checkExit(config, what, dir);
        if (config.code() == 2) {
            Statistics.label("outcome").collect("refused");
            return false;
        }
        if (cost(config.out()) > RUN_BUDGET) {
            Statistics.label("outcome").collect("valid, too large to run here");
            return false;
        }
        return true;
    }

    /** Exit 0 or 2; on 2, one line and no result or temporary file under dir; never a stack trace. */
    private static void checkExit(Gdmc.Outcome o, String what, Path dir) throws IOException {
        assertTrue(o.code() == 0 || o.code() == 2, what + ": exit " + o.code() + ": " + o.err());
        assertFalse(o.err().contains("\tat ") || o.err().contains("Exception in thread"), what + ": " + o.err());
        if (o.code() == 2) {
            String line = Gdmc.refusal(o, what);
            String log = System.getenv("GDMC_FUZZ_LOG");
            if (log != null) {
                Files.writeString(Path.of(log), what + " => " + line + "\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            assertTrue(line.startsWith("gdmc: ") || line.startsWith("Unknown ") || line.startsWith("Invalid ")
                    || line.startsWith("Missing ") || line.contains("Expected parameter"), what + ": " + line);
            try (Stream<Path> files = Files.walk(dir)) {
                List<Path> left = files.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.endsWith(".json") && !n.equals("study.json") || n.endsWith(".csv")
                            || n.endsWith(".partial") || n.endsWith(".lock") || n.endsWith(".png");
                }).toList();
                assertTrue(left.isEmpty(), what + ": files left: " + left);
            }
        }
    }

    /** Particles × steps × guidance values × samplers of a resolved study (printed by gdmc config). */
    static double cost(String resolvedYaml) throws IOException {
        JsonNode t = YAML.readTree(resolvedYaml);
        double particles = t.path("particles").asDouble(1e12);
        double steps = t.path("sampler").path("steps").asDouble(1e12);
        JsonNode w = t.path("guidance").has("w") ? t.path("guidance").path("w") : t.path("guidance").path("gamma");
        double guidances = Math.max(1, w.size());
        double samplers = Math.max(1, t.path("sampler").path("methods").size());
        double knn = t.path("estimators").path("knnSamples").asDouble(0);
        return particles * steps * guidances * samplers + knn * knn / 100;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
