package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.gdmc.study.NumpyArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large-mixture studies on a cluster and across interruptions: shards merged, and a run killed and resumed, give the
 * single run's result file bit for bit; a merge whose target files changed is refused.
 */
class LargeShardsTest {
    /** d = 8, K = 6 from a means file beside the study; 3 rows of 10,000 particles (10 blocks). */
    private static Path fileStudy(Path dir) throws Exception {
        double[] means = new double[6 * 8];
        for (int k = 0; k < 6; k++) {
            means[k * 8 + k] = k % 2 == 0 ? 2.0 : -2.0;
            means[k * 8 + 7] = 0.5 * k;
        }
        Files.write(dir.resolve("means.npy"), NumpyArrays.float64(means, 6, 8));
        Files.writeString(dir.resolve("classes.txt"), "0\n1\n0\n1\n0\n1\n");
        Path study = dir.resolve("file.yaml");
        Files.writeString(study, """
                name: file
                target: {type: mixture-file, means: means.npy, classes: classes.txt}
                guidance: {type: classifier-free, w: [0, 3]}
                sampler: {method: ddpm, steps: 12}
                particles: 10000
                seed: 3
                """);
        return study;
    }

    @Test
    void shardsOfAFileTargetMergeIntoTheSingleRunAndAChangedFileIsRefused(@TempDir Path dir) throws Exception {
        Path study = fileStudy(dir);
        Path whole = dir.resolve("whole");
        Gdmc.Outcome single = Gdmc.run("run", study.toString(), "--out", whole.toString(), "--no-plots", "--quiet");
        assertEquals(0, single.code(), single.err());
        Path sharded = dir.resolve("sharded");
        List<String> shards = new ArrayList<>();
        for (int i = 3; i >= 0; i--) {
            Gdmc.Outcome o = Gdmc.run("run", study.toString(), "--out", sharded.toString(), "--shard", i + "/4",
                    "--threads", String.valueOf(1 + i % 2), "--quiet");
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().contains("gdmc merge"), o.out());
            shards.add(sharded + ".shard-" + i + "-of-4.state");
        }
        assertFalse(Files.exists(Path.of(sharded + ".json")), "a shard writes no result");
        List<String> merge = new ArrayList<>(List.of("merge", "--out", sharded.toString(), "--no-plots"));
        merge.addAll(shards);
        Gdmc.Outcome merged = Gdmc.run(merge.toArray(String[]::new));
        assertEquals(0, merged.code(), merged.err());
        assertTrue(merged.out().contains("merged 4 shards") && merged.out().contains("exact class law"),
                merged.out());
        assertEquals(Gdmc.json(whole).get("results"), Gdmc.json(sharded).get("results"),
                "every estimate and s.e., bit for bit");
        assertEquals(Gdmc.json(whole).get("densityMaps"), Gdmc.json(sharded).get("densityMaps"));
        assertEquals(Files.readString(Path.of(whole + ".csv")), Files.readString(Path.of(sharded + ".csv")));
        assertEquals(4, Gdmc.json(sharded).at("/provenance/shards").size());

        // the means file changes after the shards ran: the merge does not mix two targets
        double[] other = new double[6 * 8];
        java.util.Arrays.fill(other, 0.25);
        Files.write(dir.resolve("means.npy"), NumpyArrays.float64(other, 6, 8));
        merge.set(2, dir.resolve("changed").toString());
        Gdmc.Outcome changed = Gdmc.run(merge.toArray(String[]::new));
        assertEquals(Errors.BAD_INPUT, changed.code(), changed.out());
        assertTrue(changed.err().contains("target.meansSha256") && changed.err().contains("means.npy")
                && changed.err().contains("changed"), changed.err());
        assertFalse(Files.exists(dir.resolve("changed.json")));

        Gdmc.Outcome partial = Gdmc.run("merge", "--out", dir.resolve("partial").toString(), shards.get(0),
                shards.get(1));
        assertEquals(Errors.BAD_INPUT, partial.code());
        assertTrue(partial.err().contains("missing"), partial.err());
    }

    /**
     * A separate JVM runs a random-mixture study with a checkpoint after every batch and is killed (SIGKILL) after
     * some; --resume, on another thread count, ends with the uninterrupted result bit for bit.
     */
    @Test
    void aKilledLargeStudyResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        Path study = Gdmc.largeStudy(dir);
        String[] size = {"--particles", "60000", "--steps", "60", "--set", "target.dimension=48"};
        Path prefix = dir.resolve("killed");
        Path checkpoint = Path.of(prefix + ".checkpoint");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", study.toString(), "--out", prefix.toString(), "--checkpoint-every", "0",
                "--quiet", "--threads", "1"));
        cmd.addAll(List.of(size));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
                .start();
        int seen = 0;
        FileTime last = null;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (seen < 20 && p.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(checkpoint)) {
                FileTime t = Files.getLastModifiedTime(checkpoint);
                if (!t.equals(last)) {
                    last = t;
                    seen++;
                }
            }
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the run ended before 20 checkpoints: " + Files.readString(dir.resolve("log")));
        p.destroyForcibly().waitFor();
        assertFalse(Files.exists(Path.of(prefix + ".json")), "no result after the kill: " + Gdmc.files(dir));

        List<String> again = new ArrayList<>(List.of("run", study.toString(), "--out", prefix.toString(),
                "--no-plots", "--quiet"));
        again.addAll(List.of(size));
        Gdmc.Outcome refused = Gdmc.run(again.toArray(String[]::new));
        assertEquals(Errors.BAD_INPUT, refused.code());
        assertTrue(refused.err().contains("--resume"), refused.err());
        again.addAll(List.of("--resume", "--threads", "2"));
        Gdmc.Outcome resumed = Gdmc.run(again.toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.err());
        assertFalse(Files.exists(checkpoint), "the checkpoint goes once the result is written");

        List<String> plain = new ArrayList<>(List.of("run", study.toString(), "--out",
                dir.resolve("plain").toString(), "--no-plots", "--quiet", "--threads", "1"));
        plain.addAll(List.of(size));
        assertEquals(0, Gdmc.run(plain.toArray(String[]::new)).code());
        assertEquals(Gdmc.json(dir.resolve("plain")).get("results"), Gdmc.json(prefix).get("results"),
                "killed after " + seen + " checkpoints and resumed");
    }
}
