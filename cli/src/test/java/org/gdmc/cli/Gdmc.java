package org.gdmc.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the command line in-process for tests, capturing its exit code, standard output and standard error. */
final class Gdmc {
    record Outcome(int code, String out, String err) {
    }

    private Gdmc() {
    }

    static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * The one line of a refusal: exit 2, a single line on standard error (lines the JVM prints, "WARNING: …", aside),
     * and no exception name or stack frame in it; returns that line.
     */
    static String refusal(Outcome o, String what) {
        if (o.code() != 2) {
            throw new AssertionError(what + ": exit " + o.code() + ", not 2: " + o.err());
        }
        List<String> lines = o.err().lines().filter(l -> !l.startsWith("WARNING")).toList();
        if (lines.size() != 1) {
            throw new AssertionError(what + ": one line, not " + lines.size() + ": " + o.err());
        }
        if (lines.get(0).contains("Exception") || o.err().contains("\tat ")) {
            throw new AssertionError(what + ": an exception reached the user: " + o.err());
        }
        return lines.get(0);
    }

    /** The arguments base followed by more: a test's fixed command line with its case's options. */
    static String[] args(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /**
     * Writes dir/large.yaml, a small large-mixture study (d = 16, K = 4 components in 2 classes, CFG at w = 0 and 2,
     * 10 DDPM steps, 2048 particles), and returns its path.
     */
    static Path largeStudy(Path dir) throws IOException {
        Path study = dir.resolve("large.yaml");
        Files.writeString(study, """
                name: large
                target: {type: random-mixture, dimension: 16, components: 4, classes: 2}
                guidance: {type: classifier-free, w: [0, 2]}
                sampler: {method: ddpm, steps: 10}
                particles: 2048
                """);
        return study;
    }

    /** The result file PREFIX.json. */
    static JsonNode json(Path prefix) throws IOException {
        return new ObjectMapper().readTree(Path.of(prefix + ".json").toFile());
    }

    /**
     * No NaN escapes silently: every estimate whose value or standard error is not a finite number (written as a
     * string) has a note, and the result counts them in {@code nonFiniteEstimates}; returns that count.
     */
    static int checkNonFiniteExplained(JsonNode result, String what) {
        int count = 0;
        for (JsonNode row : result.path("results")) {
            for (var it = row.path("estimates").fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode v = e.getValue();
                if (v.path("value").isTextual() || v.path("stdError").isTextual()) {
                    count++;
                    if (v.path("note").asText("").isBlank()) {
                        throw new AssertionError(what + ": " + e.getKey() + " = " + v + " has no note");
                    }
                } else if (v.has("note")) {
                    throw new AssertionError(what + ": the finite " + e.getKey() + " has a note: " + v);
                }
            }
        }
        if (result.path("nonFiniteEstimates").asInt(-1) != count) {
            throw new AssertionError(what + ": nonFiniteEstimates " + result.path("nonFiniteEstimates") + ", but "
                    + count + " estimates are not finite");
        }
        return count;
    }

    /** The names of the files in a directory, sorted. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
