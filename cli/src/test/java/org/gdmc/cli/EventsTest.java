package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events written in the study file: one line each, estimated and printed beside their exact class-law and data-law
 * probabilities; a malformed event is refused before sampling with one line naming its field.
 */
class EventsTest {
    private static final String STUDY = """
            name: events
            target:
              type: mixture
              components:
                - {class: 0, weight: 0.5, mean: [2.0], variance: 1.0}
                - {class: 1, weight: 0.5, mean: [-2.0], variance: 1.0}
            class: 0
            guidance: {type: classifier-free, w: [0, 2]}
            process: {schedule: constant, beta: 1.0}
            sampler: {method: euler-maruyama, steps: 50, T: 5.0, delta: 0.001, grid: geometric}
            particles: 20000
            seed: 3
            estimators:
              knnSamples: 0
              events:
            """;

    private static Path write(Path dir, String events) throws Exception {
        Path f = dir.resolve("study.yaml");
        Files.writeString(f, STUDY + events);
        return f;
    }

    @Test
    void eventsAreEstimatedBesideTheirExactProbabilities(@TempDir Path dir) throws Exception {
        Path study = write(dir, """
                    - {name: beyond, halfSpace: {normal: [1], offset: 2}}
                    - {name: core, box: {lower: [1], upper: [3]}}
                    - {name: near, ball: {center: [-2], radius: 1}}
                """);
        Path out = dir.resolve("r");
        Gdmc.Outcome o = Gdmc.run("run", study.toString(), "--out", out.toString(), "--threads", "1");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("event.beyond"), o.out());
        JsonNode result = Gdmc.json(out);
        JsonNode e = result.path("results").get(0).path("estimates");
        assertEquals(20000, e.path("event.beyond").path("count").asLong());
        double p = e.path("event.beyond").path("value").asDouble();
        double se = e.path("event.beyond").path("stdError").asDouble();
        assertEquals(Math.sqrt(p * (1 - p) / 20000), se, 1e-15);
        assertEquals(0.5, e.path("event.beyond.class[0]").path("value").asDouble(), 1e-16);
        assertEquals(0.6826894921370859, e.path("event.core.class[0]").path("value").asDouble(), 1e-15);
        assertEquals(0.6826894921370859, e.path("event.near.class[1]").path("value").asDouble(), 1e-13);
        assertEquals(0.5 * 0.5 + 0.5 * 3.1671241833119857e-05, e.path("event.beyond.data").path("value").asDouble(),
                1e-15, "half of class 0 and Q(4) of class 1");
        assertTrue(result.path("config").path("estimators").path("events").size() == 3, "resolved config");
        assertTrue(Files.exists(dir.resolve("r.events.png")), Gdmc.files(dir).toString());
    }

    @Test
    void malformedEventsAreRefusedWithTheirField(@TempDir Path dir) throws Exception {
        for (String[] c : new String[][] {
            {"    - {name: 'a b', box: {lower: [0], upper: [1]}}", "estimators.events[0].name"},
            {"    - {name: a, box: {lower: [0], upper: [1]}, ball: {center: [0], radius: 1}}", "exactly one of"},
            {"    - {name: a}", "exactly one of"},
            {"    - {name: a, box: {lower: [0, 0], upper: [1, 1]}}", "estimators.events[0].box.lower"},
            {"    - {name: a, box: {lower: [1], upper: [1]}}", "estimators.events[0].box.upper[0]"},
            {"    - {name: a, ball: {center: [0], radius: 0}}", "estimators.events[0].ball.radius"},
            {"    - {name: a, halfSpace: {normal: [0], offset: 1}}", "estimators.events[0].halfSpace.normal"},
            {"    - {name: a, halfSpace: {normal: [1], offset: .nan}}", "estimators.events[0].halfSpace.offset"},
            {"    - {name: a, halfSpace: {normal: [1]}}", "estimators.events[0].halfSpace.offset"},
            {"    - {name: a, ball: {center: [0], radius: 1, colour: red}}", "colour"},
            {"    - {name: a, ball: {center: [0], radius: 1}}\n    - {name: a, ball: {center: [1], radius: 1}}",
                "estimators.events[1].name"}}) {
            Path study = write(dir, c[0] + "\n");
            Path out = dir.resolve("r");
            String line = Gdmc.refusal(Gdmc.run("run", study.toString(), "--out", out.toString()), c[0]);
            assertTrue(line.contains(c[1]), c[1] + " in: " + line);
            assertTrue(Gdmc.files(dir).stream().noneMatch(f -> f.endsWith(".json")), "no result for " + c[0]);
        }
    }
}
