package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a run: a run killed while writing its result set (a separate JVM halted by {@code GDMC_FAILPOINT} before
 * a chosen file-system operation, as SIGKILL would stop it) is completed by {@code --resume} to exactly the
 * uninterrupted result, without sampling again; a write that fails leaves no partial set of files, names the path and
 * keeps the sampled state for {@code --resume}; a run stopped by a signal (Ctrl-C, SIGTERM) saves the batch under way
 * and prints the command that resumes it.
 */
class FinalWriteTest {
    private static final List<String> SMALL = List.of("--particles", "20000", "--steps", "10", "--batch-size", "4096",
            "--threads", "1", "--quiet", "--no-plots");

    private static List<String> args(String... first) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(SMALL);
        return all;
    }

    /**
     * The no-plots result set's operations: create the staging directory (1), stage the JSON (2), CSV (3) and report
     * (4), write (5) and commit (6) the journal, move the JSON (7), CSV (8) and report (9), remove the journal (10) and
     * directory (11). Killed before 3 (staging), 7 (committed, nothing moved), 8 (JSON moved, CSV not) and 11 (all
     * moved).
     */
    @Test
    void aRunKilledWhileWritingItsResultIsCompletedByResume(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        var reference = Gdmc.run(args("run", "--out", whole.toString()).toArray(String[]::new));
        assertEquals(0, reference.code(), reference.err());
        for (int k : new int[] {3, 7, 8, 11}) {
            Path prefix = dir.resolve("killed-" + k);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            cmd.addAll(args("run", "--out", prefix.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log-" + k).toFile());
            pb.environment().put("GDMC_FAILPOINT", "result-set:" + k);
            int code = pb.start().waitFor();
            String log = Files.readString(dir.resolve("log-" + k));
            assertEquals(137, code, "halted before result-set operation " + k + ": " + log);
            assertTrue(Files.exists(Path.of(prefix + ".checkpoint")), "the finished state is saved: " + log);

            var resumed = Gdmc.run(args("run", "--out", prefix.toString(), "--resume").toArray(String[]::new));
            assertEquals(0, resumed.code(), "killed before operation " + k + ": " + resumed.err());
            assertEquals(Gdmc.json(whole).get("results"), Gdmc.json(prefix).get("results"), "killed at " + k);
            assertEquals(Files.readString(Path.of(whole + ".csv")), Files.readString(Path.of(prefix + ".csv")));
            assertFalse(Files.exists(Path.of(prefix + ".checkpoint")));
        }
        List<String> expected = new ArrayList<>(List.of("whole.csv", "whole.html", "whole.json"));
        for (int k : new int[] {3, 7, 8, 11}) {
            expected.addAll(List.of("killed-" + k + ".csv", "killed-" + k + ".html", "killed-" + k + ".json",
                    "log-" + k));
        }
        assertEquals(expected.stream().sorted().toList(), Gdmc.files(dir), "no staging, journal or lock left");
    }

    /**
     * A sweep killed while writing its result: each value's result (itself a result set of 11 operations) is kept
     * until the sweep's is written, so --resume completes it without sampling. Killed before operation 25 (staging
     * the sweep's CSV) and 29 (committed, nothing moved).
     */
    @Test
    void aSweepKilledWhileWritingItsResultIsCompletedByResume(@TempDir Path dir) throws Exception {
        List<String> sweep = List.of("--sweep", "sampler.steps=8,16", "--particles", "4096", "--batch-size", "4096",
                "--threads", "1", "--quiet", "--no-plots");
        Path whole = dir.resolve("whole");
        List<String> plain = new ArrayList<>(List.of("run", "--out", whole.toString()));
        plain.addAll(sweep);
        assertEquals(0, Gdmc.run(plain.toArray(String[]::new)).code());
        for (int k : new int[] {25, 29}) {
            Path prefix = dir.resolve("killed-" + k);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "run", "--out", prefix.toString()));
            cmd.addAll(sweep);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log-" + k).toFile());
            pb.environment().put("GDMC_FAILPOINT", "result-set:" + k);
            assertEquals(137, pb.start().waitFor(), Files.readString(dir.resolve("log-" + k)));
            List<String> resume = new ArrayList<>(List.of("run", "--out", prefix.toString(), "--resume"));
            resume.addAll(sweep);
            var resumed = Gdmc.run(resume.toArray(String[]::new));
            assertEquals(0, resumed.code(), "killed before operation " + k + ": " + resumed.err());
            assertEquals(Gdmc.json(whole).get("results"), Gdmc.json(prefix).get("results"), "killed at " + k);
            assertEquals(Files.readString(Path.of(whole + ".csv")), Files.readString(Path.of(prefix + ".csv")));
        }
        assertEquals(List.of("killed-25.csv", "killed-25.html", "killed-25.json", "killed-29.csv", "killed-29.html",
                "killed-29.json", "log-25", "log-29", "whole.csv", "whole.html", "whole.json"), Gdmc.files(dir),
                "no value's result, staging or lock left");
    }

    @Test
    void aFailedWriteLeavesNoPartialSetNamesThePathAndResumeFinishes(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("study");
        Path blocked = Path.of(prefix + ".entropy.svg");
        Files.createDirectory(blocked);
        List<String> run = new ArrayList<>(args("run", "--out", prefix.toString()));
        run.remove("--no-plots");
        var failed = Gdmc.run(run.toArray(String[]::new));
        assertEquals(Errors.FAILURE, failed.code(), failed.err());
        assertEquals(1, failed.err().strip().lines().count(), "one line: " + failed.err());
        assertTrue(failed.err().contains("cannot write " + blocked) && failed.err().contains("--resume"),
                failed.err());
        assertEquals(List.of("study.checkpoint", "study.entropy.svg"), Gdmc.files(dir),
                "no JSON, CSV or figure: none of the set, and the sampled state kept");

        Files.delete(blocked);
        run.add("--resume");
        var resumed = Gdmc.run(run.toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(Gdmc.files(dir).containsAll(List.of("study.json", "study.csv", "study.entropy.svg",
                "study.entropy.png")), Gdmc.files(dir).toString());
        assertFalse(Files.exists(Path.of(prefix + ".checkpoint")));
    }

    /**
     * A real I/O error from the kernel: the run's JVM may write no file larger than 16 KiB ({@code ulimit -f}; Java
     * ignores SIGXFSZ, so the write fails with EFBIG), which the finished checkpoint or a figure exceeds. The run
     * fails on one line naming the file, and leaves no file of the result set.
     */
    @Test
    void anIoErrorFromTheKernelNamesTheFileAndLeavesNoPartialSet(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash for ulimit");
        Path prefix = dir.resolve("full");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "ulimit -f 16 && exec \"$0\" --add-modules jdk.incubator.vector -cp \"$1\" " + Main.class.getName()
                + " run --particles 4096 --steps 10 --threads 1 --quiet --out \"$2\"";
        Process p = new ProcessBuilder("/bin/bash", "-c", cmd, java, System.getProperty("java.class.path"),
                prefix.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        int code = p.waitFor();
        List<String> log = Files.readAllLines(dir.resolve("log")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("WARNING: Using incubator")).toList();
        assertEquals(1, code, "exit 1: " + log);
        assertEquals(1, log.size(), "one line: " + log);
        assertTrue(log.get(0).startsWith("gdmc: ") && log.get(0).contains(dir.toString())
                && log.get(0).contains("File too large"), log.get(0));
        List<String> left = Gdmc.files(dir).stream().filter(f -> !f.equals("log") && !f.endsWith(".checkpoint"))
                .toList();
        assertEquals(List.of(), left, "no JSON, CSV, figure, staging or lock file");
    }

    @Test
    void aDirectoryWhereTheResultGoesIsRefusedBeforeSampling(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("study");
        Files.createDirectory(Path.of(prefix + ".csv"));
        var refused = Gdmc.run(args("run", "--out", prefix.toString(), "--force").toArray(String[]::new));
        assertEquals(Errors.BAD_INPUT, refused.code(), refused.err());
        assertTrue(refused.err().contains(prefix + ".csv") && refused.err().contains("directory"), refused.err());
        assertEquals(List.of("study.csv"), Gdmc.files(dir));
    }

    @Test
    void aStoppedRunSavesItsStateAndPrintsTheCommandThatResumesIt(@TempDir Path dir) throws Exception {
        List<String> study = List.of("run", "--particles", "200000", "--steps", "400", "--batch-size", "4096",
                "--threads", "1", "--no-plots", "--checkpoint-every", "100000", "--out",
                dir.resolve("stopped").toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(study);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log")
                .toFile());
        pb.environment().put("GDMC_LAUNCHER", "gdmc");
        Process p = pb.start();
        Path lock = dir.resolve(".stopped.lock");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(lock) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(3000); // sampling under way (the whole run takes about ten times this on one thread)
        assertTrue(p.isAlive(), "the run is still going: " + Files.readString(dir.resolve("log")));
        p.destroy(); // SIGTERM: the JVM's shutdown hooks run, as on Ctrl-C (SIGINT)
        p.waitFor();
        String log = Files.readString(dir.resolve("log"));
        List<String> lines = log.lines().filter(l -> l.contains("interrupted")).toList();
        assertEquals(1, lines.size(), log);
        String line = lines.get(0);
        assertTrue(line.matches("gdmc: interrupted; saved [0-9,]+ of 200,000 particles in .*stopped\\.checkpoint; "
                + "resume with: gdmc run .* --resume"), line);
        assertTrue(Files.exists(dir.resolve("stopped.checkpoint")));
        String resume = line.substring(line.indexOf("resume with: gdmc ") + "resume with: gdmc ".length());
        List<String> again = new ArrayList<>(List.of(resume.split(" ")));
        assertEquals(new ArrayList<>(study) {{ add("--resume"); }}, again, "the exact command, --resume added");
        var resumed = Gdmc.run(again.toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming from"), resumed.err());
        Path whole = dir.resolve("whole");
        List<String> uninterrupted = new ArrayList<>(study.subList(0, study.size() - 1));
        uninterrupted.add(whole.toString());
        uninterrupted.add("--quiet");
        assertEquals(0, Gdmc.run(uninterrupted.toArray(String[]::new)).code());
        assertEquals(Gdmc.json(whole).get("results"), Gdmc.json(dir.resolve("stopped")).get("results"));
    }
}
