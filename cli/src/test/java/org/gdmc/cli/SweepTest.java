package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;

import org.gdmc.plot.Figures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps over a field other than w: each value's rows are exactly those of the single run at that value, the CSV
 * carries the swept field as a column, an interrupted sweep resumes from the values it finished, and bad sweeps are
 * refused by field before anything runs.
 */
class SweepTest {
    /** The default study (d = 2, w = 0, 1, 4) at 3 batches of 4096 particles. */
    private static final List<String> SMALL = List.of("--particles", "12000", "--batch-size", "4096", "--threads", "1",
            "--quiet");

    private static Gdmc.Outcome gdmc(List<String> args, String... more) {
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(args);
        return Gdmc.run(all.toArray(String[]::new));
    }

    @Test
    void eachValueGivesExactlyTheSingleRunsRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("steps.yaml");
        Files.writeString(file, "sweep: {field: sampler.steps, values: [8, 16]}\n"
                + "target: {type: mixture, components: [{class: 0, weight: 0.5, mean: [1.5]},"
                + " {class: 1, weight: 0.5, mean: [-1.5]}]}\n"
                + "class: 0\nguidance: {type: classifier-free, w: [0, 2]}\nname: steps\n");
        Path prefix = dir.resolve("out/steps");
        var o = gdmc(SMALL, "run", file.toString(), "--out", prefix.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("sampler.steps = 8") && o.out().contains("sampler.steps = 16"), o.out());
        JsonNode sweep = Gdmc.json(prefix);
        assertEquals("sampler.steps", sweep.at("/sweep/field").asText());
        assertEquals(4, sweep.get("results").size(), "2 values x 2 weights");
        List<String> csv = Files.readAllLines(Path.of(prefix + ".csv"));
        assertEquals("sampler.steps,guidance,strength,w,estimate,value,std_error,count,reliable", csv.get(0));
        for (int i = 0; i < 2; i++) {
            int steps = 8 << i;   // a value set by --set runs as a plain study
            Path single = dir.resolve("single-" + steps);
            var s = gdmc(SMALL, "run", file.toString(), "--out", single.toString(), "--no-plots", "--set",
                    "sampler.steps=" + steps);
            assertEquals(0, s.code(), s.err());
            JsonNode one = Gdmc.json(single).get("results");
            for (int k = 0; k < 2; k++) {
                JsonNode row = sweep.get("results").get(2 * i + k);
                assertEquals(steps, row.get("sweep").asInt());
                assertEquals(one.get(k).get("guidance"), row.get("guidance"));
                assertEquals(one.get(k).get("estimates"), row.get("estimates"),
                        "value " + steps + ", " + row.get("guidance") + ": the single run's rows, bit for bit");
            }
            List<String> singleCsv = Files.readAllLines(Path.of(single + ".csv"));
            for (String line : singleCsv.subList(1, singleCsv.size())) {
                assertTrue(csv.contains(steps + "," + line), "CSV row of value " + steps + ": " + line);
            }
            assertEquals(singleCsv.size() - 1, csv.stream().filter(l -> l.startsWith(steps + ",")).count());
        }
        var plain = gdmc(SMALL, "run", file.toString(), "--set", "sampler.steps=16", "--sweep", "sampler.steps=16",
                "--out", dir.resolve("x").toString());
        assertEquals(Errors.BAD_INPUT, plain.code(), "the swept field set twice");
        assertTrue(plain.err().contains("'sampler.steps'") && plain.err().contains("swept"), plain.err());

        BufferedImage png = ImageIO.read(Path.of(prefix + ".sweep-posterior.png").toFile());
        assertEquals(Figures.WIDTH, png.getWidth());
        assertEquals(Figures.HEIGHT, png.getHeight());
        assertTrue(Files.size(Path.of(prefix + ".sweep-posterior.svg")) > 5_000);
        assertTrue(Gdmc.files(prefix.getParent()).stream().noneMatch(f -> f.contains(".sweep-0") || f.contains(".sweep-1")
                || f.endsWith(".checkpoint")), "no value's result is left once the sweep is written: "
                + Gdmc.files(prefix.getParent()));
        Files.delete(Path.of(prefix + ".sweep-posterior.png"));
        var plot = Gdmc.run("plot", prefix + ".json");
        assertEquals(0, plot.code(), plot.err());
        assertTrue(Files.size(Path.of(prefix + ".sweep-posterior.png")) > 5_000, "redrawn by gdmc plot");
    }

    @Test
    void anInterruptedSweepKeepsItsFinishedValues(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        List<String> sweep = new ArrayList<>(SMALL);
        sweep.addAll(List.of("--steps", "10", "--sweep", "scoreError.epsilon=0,0.1", "--set",
                "scoreError.type=bias", "--no-plots"));
        assertEquals(0, gdmc(sweep, "run", "--out", whole.toString()).code());
        // what a sweep killed during its second value leaves: the first value's result, under the first value's name
        Path prefix = dir.resolve("cut");
        var first = gdmc(SMALL, "run", "--steps", "10", "--set", "scoreError.type=bias", "--set",
                "scoreError.epsilon=0", "--out", prefix + ".sweep-0", "--no-plots");
        assertEquals(0, first.code(), first.err());

        var refused = gdmc(sweep, "run", "--out", prefix.toString());
        assertEquals(Errors.BAD_INPUT, refused.code(), "a finished value is not silently redone or discarded");
        assertTrue(refused.err().contains("--resume"), refused.err());
        var other = gdmc(sweep, "run", "--out", prefix.toString(), "--resume", "--seed", "7");
        assertEquals(Errors.BAD_INPUT, other.code(), "another seed is another study");
        assertTrue(other.err().contains("different study"), other.err());

        List<String> verbose = new ArrayList<>(sweep);
        verbose.remove("--quiet");
        var resumed = gdmc(verbose, "run", "--out", prefix.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("scoreError.epsilon = 0 (1 of 2): done before, kept"), resumed.err());
        assertEquals(Gdmc.json(whole).get("results"), Gdmc.json(prefix).get("results"));
        assertEquals(Files.readString(Path.of(whole + ".csv")), Files.readString(Path.of(prefix + ".csv")));
        assertEquals(List.of("cut.csv", "cut.html", "cut.json", "whole.csv", "whole.html", "whole.json"),
                Gdmc.files(dir));
    }

    @Test
    void badSweepsAreRefusedByFieldBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bad");
        String[][] cases = {
            {"--sweep", "sampler.steps=10,0", "sweep.values[1]"},
            {"--sweep", "guidance.w=1,2", "--sweep"},
            {"--sweep", "sampler.steps=10,10", "--sweep"},
            {"--sweep", "sampler.stepz=10,20", "sweep.values[0]"},
            {"--sweep", "sampler.steps", "--sweep"},
        };
        for (String[] c : cases) {
            var o = gdmc(SMALL, "run", c[0], c[1], "--out", out.toString());
            assertEquals(Errors.BAD_INPUT, o.code(), String.join(" ", c));
            assertTrue(o.err().contains("'" + c[2] + "'"), c[2] + ": " + o.err());
        }
        var shard = gdmc(SMALL, "run", "--sweep", "seed=1,2", "--shard", "0/2", "--out", out.toString());
        assertEquals(Errors.BAD_INPUT, shard.code());
        assertTrue(shard.err().contains("'--shard'"), shard.err());
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "sweep: {field: seed, values: []}\n");
        var empty = gdmc(SMALL, "run", file.toString(), "--out", out.toString());
        assertEquals(Errors.BAD_INPUT, empty.code());
        assertTrue(empty.err().contains("'sweep.values'"), empty.err());
        var compare = gdmc(List.of(), "compare", "--sweep", "seed=1,2", "--particles", "4096");
        assertEquals(Errors.BAD_INPUT, compare.code());
        assertTrue(compare.err().contains("'sweep'"), compare.err());
        assertEquals(List.of("s.yaml"), Gdmc.files(dir), "no result, partial or whole");
        var config = gdmc(List.of(), "config", "--sweep", "seed=1,2");
        assertEquals(0, config.code(), config.err());
        assertTrue(config.out().contains("sweep:") && config.out().contains("field: \"seed\""), config.out());
    }

    /**
     * A sweep over a schedule's parameter (the depth of a negative-guidance window drawn as knots): each value runs
     * as the study with that knot set, and the window's depth changes the output.
     */
    @Test
    void aScheduleParameterSweeps(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("window.yaml");
        Files.writeString(file, "sweep: {field: 'guidance.schedule.values[1]', values: [-0.5, 0.0, 1.0]}\n"
                + "target: {type: mixture, components: [{class: 0, weight: 0.5, mean: [1.5]},"
                + " {class: 1, weight: 0.5, mean: [-1.5]}]}\n"
                + "class: 0\nname: window\nsampler: {steps: 40}\n"
                + "guidance: {w: [2], schedule: {type: knots, t: [0.001, 1.0, 5.0], values: [1, 0, 0]}}\n");
        Path prefix = dir.resolve("out/window");
        var o = gdmc(SMALL, "run", file.toString(), "--out", prefix.toString(), "--no-plots");
        assertEquals(0, o.code(), o.err());
        JsonNode rows = Gdmc.json(prefix).get("results");
        assertEquals(3, rows.size());
        double deep = rows.get(0).at("/estimates/posterior.mean/value").asDouble();
        double none = rows.get(1).at("/estimates/posterior.mean/value").asDouble();
        double up = rows.get(2).at("/estimates/posterior.mean/value").asDouble();
        assertTrue(deep < none && none < up, "a deeper window lowers the posterior: " + deep + ", " + none + ", " + up);
        var bad = gdmc(SMALL, "run", file.toString(), "--out", dir.resolve("bad").toString(), "--sweep",
                "guidance.schedule.t[1]=0.5,9");
        assertEquals(Errors.BAD_INPUT, bad.code());
        assertTrue(bad.err().contains("sweep") && bad.err().contains("sampled path"), bad.err());
    }
}
