package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;

import org.gdmc.plot.Figures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The research workflow end to end: shards merged into exactly the single run's result, a run killed at a random
 * batch resumed to exactly the uninterrupted result, figures drawn and re-drawn, provenance recorded, and no partial
 * result file anywhere.
 */
class WorkflowTest {
    /** The default study (d = 2, w = 0, 1, 4) at 10 batches of 4096 particles and 20 steps. */
    private static final String[] SMALL = {"--particles", "40000", "--steps", "20", "--batch-size", "4096",
        "--threads", "1", "--quiet"};

    private static Gdmc.Outcome gdmc(String... args) {
        return Gdmc.run(args);
    }

    /** The arguments, then those of base whose option they do not give. */
    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(more));
        for (int i = 0; i < base.length; i++) {
            boolean valued = i + 1 < base.length && !base[i + 1].startsWith("--");
            if (!all.contains(base[i])) {
                all.add(base[i]);
                if (valued) {
                    all.add(base[i + 1]);
                }
            }
            i += valued ? 1 : 0;
        }
        return all.toArray(String[]::new);
    }

    @Test
    void shardsMergeIntoExactlyTheSingleRun(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        var single = gdmc(with(SMALL, "run", "--out", whole.toString(), "--no-plots"));
        assertEquals(0, single.code(), single.err());
        Path sharded = dir.resolve("sharded");
        List<String> shardFiles = new ArrayList<>();
        for (int i = 2; i >= 0; i--) {   // any order, any thread count
            var o = gdmc(with(SMALL, "run", "--out", sharded.toString(), "--shard", i + "/3", "--threads",
                    String.valueOf(1 + i % 2)));
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().contains("gdmc merge"), o.out());
            shardFiles.add(sharded + ".shard-" + i + "-of-3.state");
        }
        assertFalse(Files.exists(Path.of(sharded + ".json")), "a shard writes no result");
        var missing = gdmc("merge", shardFiles.get(0), shardFiles.get(1), "--out", sharded.toString());
        assertEquals(Errors.BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("shard 0/3 is missing"), missing.err());
        var merged = gdmc(with(new String[] {"--out", sharded.toString()},
                Stream.concat(Stream.of("merge"), shardFiles.stream()).toArray(String[]::new)));
        assertEquals(0, merged.code(), merged.err());
        JsonNode a = Gdmc.json(whole);
        JsonNode b = Gdmc.json(sharded);
        assertEquals(a.get("results"), b.get("results"), "every estimate, s.e. and count, bit for bit");
        assertEquals(a.get("config"), b.get("config"));
        assertEquals(3, b.at("/provenance/shards").size());
        assertEquals(a.at("/timing/particleSteps"), b.at("/timing/particleSteps"));
        assertEquals(Files.readString(Path.of(whole + ".csv")), Files.readString(Path.of(sharded + ".csv")));
        assertTrue(Files.exists(Path.of(sharded + ".entropy.png")), Gdmc.files(dir).toString());

        var foreign = gdmc(with(SMALL, "run", "--out", dir.resolve("other").toString(), "--shard", "0/3",
                "--seed", "5"));
        assertEquals(0, foreign.code(), foreign.err());
        var mixed = gdmc("merge", dir.resolve("other.shard-0-of-3.state").toString(), shardFiles.get(1),
                shardFiles.get(0), "--out", dir.resolve("mixed").toString());
        assertEquals(Errors.BAD_INPUT, mixed.code());
        assertTrue(mixed.err().contains("different study"), mixed.err());
        Path damaged = dir.resolve("damaged.state");
        byte[] bytes = Files.readAllBytes(Path.of(shardFiles.get(0)));
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var truncated = gdmc("merge", damaged.toString(), shardFiles.get(1), shardFiles.get(2), "--out",
                dir.resolve("mixed").toString());
        assertEquals(Errors.BAD_INPUT, truncated.code());
        assertTrue(truncated.err().contains("truncated"), truncated.err());
        assertFalse(Files.exists(dir.resolve("mixed.json")));
    }

    /**
     * A separate JVM runs the study and is killed (SIGKILL) after a random number of checkpoints; the killed run
     * leaves no result and no temporary file, a plain rerun refuses to discard the checkpoint, and --resume ends with
     * exactly the uninterrupted result.
     */
    @Test
    void aKilledRunResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, gdmc(with(SMALL, "run", "--out", whole.toString(), "--no-plots")).code());
        SplittableRandom random = new SplittableRandom(11);
        Path prefix = dir.resolve("killed");
        Path checkpoint = Path.of(prefix + ".checkpoint");
        int killAfter = 1 + random.nextInt(6);
        // the Vector API as in this JVM (surefire's argLine), so both runs take the same CPU path, bit for bit
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(with(SMALL, "run", "--out", prefix.toString(), "--steps", "200", "--checkpoint-every",
                "0")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
                .start();
        int seen = 0;
        FileTime last = null;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (seen < killAfter && p.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(checkpoint)) {
                FileTime t = Files.getLastModifiedTime(checkpoint);
                if (!t.equals(last)) {
                    last = t;
                    seen++;
                }
            }
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the run ended before " + killAfter + " checkpoints: " + Files.readString(
                dir.resolve("log")));
        p.destroyForcibly().waitFor();
        assertFalse(Files.exists(Path.of(prefix + ".json")) || Files.exists(Path.of(prefix + ".csv")),
                "no result after the kill: " + Gdmc.files(dir));
        assertTrue(Files.exists(checkpoint));

        var refused = gdmc(with(SMALL, "run", "--out", prefix.toString(), "--steps", "200"));
        assertEquals(Errors.BAD_INPUT, refused.code());
        assertTrue(refused.err().contains("--resume"), refused.err());
        var otherStudy = gdmc(with(SMALL, "run", "--out", prefix.toString(), "--resume"));
        assertEquals(Errors.BAD_INPUT, otherStudy.code(), "20 steps is not the 200-step study");
        assertTrue(otherStudy.err().contains("different study"), otherStudy.err());

        var resumed = gdmc(with(SMALL, "run", "--out", prefix.toString(), "--steps", "200", "--resume",
                "--no-plots"));
        assertEquals(0, resumed.code(), resumed.err());
        assertFalse(Files.exists(checkpoint), "the checkpoint goes once the result is written");
        Path uninterrupted = dir.resolve("uninterrupted");
        assertEquals(0, gdmc(with(SMALL, "run", "--out", uninterrupted.toString(), "--steps", "200",
                "--no-plots")).code());
        assertEquals(Gdmc.json(uninterrupted).get("results"), Gdmc.json(prefix).get("results"),
                "killed after checkpoint " + killAfter + " and resumed");
        var again = gdmc(with(SMALL, "run", "--out", prefix.toString(), "--steps", "200", "--resume"));
        assertEquals(Errors.BAD_INPUT, again.code(), "a finished result is not overwritten without --force");
        assertEquals(List.of("killed.csv", "killed.html", "killed.json", "log", "uninterrupted.csv",
                "uninterrupted.html", "uninterrupted.json", "whole.csv", "whole.html", "whole.json"), Gdmc.files(dir),
                "no checkpoint or temporary file is left");
    }

    @Test
    void figuresAreDrawnAndRedrawnFromTheResultFile(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("study");
        var o = gdmc(with(SMALL, "run", "--out", prefix.toString(), "--w", "0,1,3,7,15"));
        assertEquals(0, o.code(), o.err());
        for (String figure : List.of("posterior", "reciprocal-posterior", "entropy", "total-variation")) {
            for (String ext : List.of("png", "svg")) {
                Path f = Path.of(prefix + "." + figure + "." + ext);
                assertTrue(Files.size(f) > 5_000, f + " is drawn");
                Files.delete(f);
            }
        }
        var plot = gdmc("plot", prefix + ".json");
        assertEquals(0, plot.code(), plot.err());
        BufferedImage png = ImageIO.read(Path.of(prefix + ".entropy.png").toFile());
        assertEquals(Figures.WIDTH, png.getWidth());
        assertEquals(Figures.HEIGHT, png.getHeight());
        int colours = distinctColours(png);
        assertTrue(colours > 20, "a drawn figure, not a blank image: " + colours + " colours");
        String svg = Files.readString(Path.of(prefix + ".entropy.svg"));
        assertTrue(svg.contains("<svg") && svg.contains("viewBox=\"0 0 " + Figures.WIDTH + " " + Figures.HEIGHT + "\"")
                && svg.split("<path").length > 20, "a drawn SVG of the figure's size (text is drawn as paths)");
        var notResult = gdmc("plot", prefix + ".csv");
        assertEquals(Errors.BAD_INPUT, notResult.code());
    }

    @Test
    void provenanceAndQuickRuns(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("quick");
        var o = gdmc("run", "--quick", "--out", prefix.toString(), "--quiet", "--no-plots", "--threads", "1");
        assertEquals(0, o.code(), o.err());
        JsonNode r = Gdmc.json(prefix);
        assertEquals(20_000, r.at("/config/particles").asLong(), "1/100 of 10^6, at least 20,000");
        assertEquals(100, r.at("/config/sampler/steps").asInt(), "at most 100 steps");
        for (String field : List.of("gdmc", "created", "configSha256", "samplingFingerprint", "gitRevision", "seed",
                "backend", "device", "threads", "host", "java", "rngLayout")) {
            assertTrue(r.at("/provenance").hasNonNull(field), "provenance." + field);
        }
        assertTrue(r.at("/timing/wallSeconds").asDouble() > 0);
        assertEquals(List.of("quick.csv", "quick.html", "quick.json"), Gdmc.files(dir));
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
