package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: exit codes, messages, and result files. */
class MainTest {
    private static Gdmc.Outcome gdmc(String... args) {
        return Gdmc.run(args);
    }

    /** Every shipped experiment file runs end to end (at a reduced size) and reports its estimates. */
    @Test
    void shippedExperimentsRun(@TempDir Path dir) throws Exception {
        Path experiments = Path.of("..", "experiments");
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> list = Files.list(experiments)) {
            files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "experiment files: " + files);
        for (Path f : files) {
            Path prefix = dir.resolve(f.getFileName().toString().replace(".yaml", ""));
            String name = f.getFileName().toString();
            // the large-mixture sweeps at two of their values (the largest d and K would take minutes here)
            String[] sweep = name.equals("high-dimension-blessing.yaml") ? new String[] {"--sweep",
                "target.dimension=8,64"} : name.equals("many-classes.yaml") ? new String[] {"--sweep",
                "target.components=11,122"} : new String[0];
            var o = gdmc(Gdmc.args(new String[] {"run", f.toString(), "--particles", "2048", "--steps", "40", "--out",
                prefix.toString(), "--quiet"}, sweep));
            assertEquals(0, o.code(), f + ": " + o.err());
            JsonNode json = new ObjectMapper().readTree(Path.of(prefix + ".json").toFile());
            JsonNode first = json.at("/results/0/estimates");
            if (sweep.length > 0) {
                assertTrue(first.has("hd.slicedW2.squared") && first.has("hd.overshoot"), f.toString());
                assertTrue(json.at("/results/0/guidance").asText().equals("exact class law"), f.toString());
                assertTrue(o.out().contains("hd.varianceRatio.along"), o.out());
                continue;
            }
            if (f.getFileName().toString().startsWith("masked")) {
                assertTrue(first.has("dynamics.tv[t=0.500000]") && first.has("exact.law.tvToTilted"), f.toString());
                assertTrue(o.out().contains("tau-leaping(40) sampler"), o.out());
                continue;
            }
            if (f.getFileName().toString().contains("smc")) {
                assertTrue(first.has("smc.logNormaliser") && first.has("smc.logNormaliserTiltedLaw")
                        && first.has("smc.paretoK"), f.toString());
                assertTrue(o.out().contains("SMC of the tilted law") && o.out().contains("smc.posterior"), o.out());
                continue;
            }
            assertTrue(first.has("projection.q50"), f.toString());
            if (f.getFileName().toString().startsWith("uniform")) {
                assertTrue(first.has("support.within[0.03]") && first.has("support.beyond[0.1]"), f.toString());
                assertTrue(o.out().contains("support.outside"), o.out());
            }
        }
    }

    @Test
    void devicesAndAMissingBackendAreExplained(@TempDir Path dir) {
        var o = gdmc("devices");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("cpu:\n  precision: float64") && o.out().contains("\n  --device 0  "), o.out());
        if (org.gdmc.backend.Backends.find("tornado") == null) {
            assertTrue(o.out().contains("tornado: not installed"), o.out());
            var t = gdmc("run", "--backend", "tornado", "--particles", "1024", "--out", dir.resolve("t").toString());
            assertEquals(2, t.code());
            assertTrue(t.err().contains("TORNADOVM_HOME"), t.err());
            assertFalse(Files.exists(dir.resolve("t.json")));
        }
        var bad = gdmc("run", "--backend", "quantum", "--particles", "1024", "--out", dir.resolve("q").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--backend") && bad.err().contains("quantum"), bad.err());
        var prec = gdmc("run", "--precision", "float16", "--particles", "1024", "--out", dir.resolve("p").toString());
        assertEquals(2, prec.code());
        assertTrue(prec.err().contains("--precision") && prec.err().contains("float16"), prec.err());
        assertFalse(Files.exists(dir.resolve("p.json")));
        var dev = gdmc("run", "--device", "7", "--particles", "1024", "--out", dir.resolve("d").toString());
        assertEquals(2, dev.code());
        assertTrue(dev.err().contains("--device"), dev.err());
    }

    @Test
    void runsInFloat32OnTheCpuAndRecordsIt(@TempDir Path dir) throws Exception {
        var f32 = gdmc("run", "--precision", "float32", "--particles", "4096", "--steps", "20", "--threads", "1",
                "--out", dir.resolve("f32").toString(), "--quiet");
        assertEquals(0, f32.code(), f32.err());
        var f64 = gdmc("run", "--particles", "4096", "--steps", "20", "--threads", "1",
                "--out", dir.resolve("f64").toString(), "--quiet");
        assertEquals(0, f64.code(), f64.err());
        JsonNode a = new ObjectMapper().readTree(dir.resolve("f32.json").toFile());
        JsonNode b = new ObjectMapper().readTree(dir.resolve("f64.json").toFile());
        // the default study is one Gaussian per class: the one-pass lanes in both precisions
        assertTrue(a.at("/provenance/device").asText().endsWith(", float32, vector lanes, one-pass pair step"),
                a.at("/provenance").toString());
        assertTrue(b.at("/provenance/device").asText().endsWith(", float64, vector lanes, one-pass pair step"),
                b.at("/provenance").toString());
        for (int g = 0; g < 3; g++) {
            // the same noise in both: float32 moves an estimate by far less than its standard error
            JsonNode x = a.at("/results/" + g + "/estimates/posterior.mean");
            JsonNode y = b.at("/results/" + g + "/estimates/posterior.mean");
            assertEquals(y.get("value").asDouble(), x.get("value").asDouble(), y.get("stdError").asDouble(),
                    "posterior.mean at guidance " + g);
        }
        var cmp = gdmc("compare", "--backend", "cpu", "--precision", "float32", "--particles", "4096", "--steps", "20",
                "--threads", "1", "--check-particles", "1024");
        assertEquals(0, cmp.code(), cmp.out() + cmp.err());
        assertTrue(cmp.out().contains("float32") && cmp.out().contains("agree"), cmp.out());
    }

    @Test
    void compareAgainstItselfAgrees() {
        var o = gdmc("compare", "--backend", "cpu", "--particles", "4096", "--steps", "20", "--threads", "1",
                "--check-particles", "2048");
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("state 0.00e+00"), o.out());
        assertTrue(o.out().contains("posterior.mean") && o.out().contains("agree"), o.out());
        assertTrue(o.out().endsWith("verdict: the backends agree\n"), o.out());
    }

    @Test
    void runsTheDefaultStudyAndWritesResults(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("r");
        var o = gdmc("run", "--particles", "4096", "--steps", "20", "--out", prefix.toString(), "--quiet");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("posterior.mean"), o.out());
        assertTrue(o.out().contains("cfg(w=4.0)"), o.out());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
        assertEquals(3, json.get("results").size());
        assertEquals(4096, json.at("/config/particles").asLong());
        assertTrue(json.at("/provenance/rngLayout").asText().startsWith("Philox4x32-10"));
        assertTrue(json.at("/provenance/configSha256").asText().matches("[0-9a-f]{64}"), json.toString());
        assertTrue(json.at("/provenance/gitRevision").isTextual());
        assertTrue(json.at("/results/2/estimates/reciprocalPosterior.mean/stdError").isNumber());
        String csv = Files.readString(dir.resolve("r.csv"));
        assertTrue(csv.startsWith("guidance,strength,w,estimate,value,std_error,count"));

        // an existing result is kept unless --force
        long before = Files.getLastModifiedTime(dir.resolve("r.json")).toMillis();
        var again = gdmc("run", "--particles", "1024", "--steps", "5", "--out", prefix.toString(), "--quiet");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("r.json")).toMillis());
        assertEquals(0, gdmc("run", "--particles", "1024", "--steps", "5", "--out", prefix.toString(), "--quiet",
                "--force").code());
    }

    @Test
    void badInputExitsTwoNamingTheFieldAndWritesNothing(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("bad");
        var o = gdmc("run", "--steps", "0", "--out", prefix.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("sampler.steps") && o.err().contains("0"), o.err());
        assertFalse(Files.exists(dir.resolve("bad.json")));

        Path study = dir.resolve("study.yaml");
        Files.writeString(study, """
                target:
                  components:
                    - {class: 0, weight: 0.5, mean: [0.0], variance: -1.0}
                    - {class: 1, weight: 0.5, mean: [1.0]}
                """);
        var v = gdmc("run", study.toString(), "--out", prefix.toString());
        assertEquals(2, v.code());
        assertTrue(v.err().contains("target.components[0].variance") && v.err().contains("-1.0"), v.err());

        var w = gdmc("run", "--set", "guidance.wieghts=[1]", "--out", prefix.toString());
        assertEquals(2, w.code());
        assertTrue(w.err().contains("guidance.wieghts"), w.err());

        var missing = gdmc("run", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.yaml"), missing.err());

        var flag = gdmc("run", "--no-such-flag");
        assertEquals(2, flag.code());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("bad")), "no result written");
        }
    }

    @Test
    void configPrintsTheResolvedStudy() {
        var o = gdmc("config", "--w", "0,2", "--sampler", "ddpm");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("method: \"ddpm\"") || o.out().contains("method: ddpm"), o.out());
        assertTrue(o.out().contains("- 2.0"), o.out());
    }

    @Test
    void aNegativeCheckpointIntervalIsRefused(@TempDir Path dir) {
        var o = gdmc("run", "--checkpoint-every", "-1", "--particles", "1024", "--out", dir.resolve("c").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--checkpoint-every") && o.err().contains("-1"), o.err());
        assertFalse(Files.exists(dir.resolve("c.json")));
    }

    /**
     * gdmc bench on the CPU: the JSON line holds every run's rate and their median, for the reference study, and the
     * estimates beside them; the study is symmetric under x₁ → −x₁, so mean[1] is 0 within its standard error.
     */
    @Test
    void benchReportsRatesAndEstimates() throws Exception {
        var o = gdmc("bench", "--warm-up", "1", "--backend", "cpu", "--json", "--particles", "4096", "--repeats", "3",
                "--threads", "1");
        assertEquals(0, o.code(), o.err());
        JsonNode line = new ObjectMapper().readTree(o.out());
        assertEquals(4096, line.get("particles").asLong());
        assertEquals(200, line.get("steps").asInt());
        assertEquals(1, line.get("threads").asInt());
        double[] rates = new double[3];
        for (int r = 0; r < 3; r++) {
            rates[r] = line.get("particleStepsPerSecond").get(r).asDouble();
            assertTrue(rates[r] > 0, line.toString());
        }
        java.util.Arrays.sort(rates);
        assertEquals(rates[1], line.get("median").asDouble(), 0.0);
        // the headline rate is end to end (setup, sampling, finish); the sampling alone is faster
        assertTrue(line.get("samplingMedian").asDouble() > line.get("median").asDouble(), line.toString());
        JsonNode mean1 = line.at("/estimates/mean[1]");
        assertTrue(mean1.get("stdError").asDouble() > 0, line.toString());
        assertTrue(Math.abs(mean1.get("value").asDouble()) < 5 * mean1.get("stdError").asDouble(), line.toString());
        for (String name : BenchCommand.ESTIMATES) {
            assertTrue(Double.isFinite(line.at("/estimates/" + name + "/value").asDouble()), name + ": " + line);
        }
        var bad = gdmc("bench", "--repeats", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--repeats") && bad.err().contains("0"), bad.err());
        for (String seconds : List.of("-1", "NaN", "1e9")) {
            var warmUp = gdmc("bench", "--warm-up", seconds);
            assertEquals(2, warmUp.code(), seconds);
            assertTrue(warmUp.err().contains("--warm-up") && warmUp.err().contains(seconds.equals("1e9") ? "1.0E9"
                    : seconds), warmUp.err());
        }
        var half = gdmc("bench", "--warm-up", "1", "--backend", "cpu", "--precision", "float16", "--particles",
                "4096");
        assertEquals(2, half.code());
        assertTrue(half.err().contains("--precision") && half.err().contains("float16"), half.err());
    }

    /**
     * bench --study times any study file: its own settings with --set and --particles applied, and estimates equal
     * bit for bit to `gdmc run` of the same study (the same particles and noise); a sweep and a masked study are
     * refused by name.
     */
    @Test
    void benchTimesAStudyFile(@TempDir Path dir) throws Exception {
        String file = Path.of("..", "experiments", "uniform-boundary.yaml").toString();
        var o = gdmc("bench", "--warm-up", "1", "--backend", "cpu", "--json", "--study", file, "--particles", "4096",
                "--set",
                "sampler.steps=20", "--repeats", "1", "--threads", "1");
        assertEquals(0, o.code(), o.err());
        JsonNode line = new ObjectMapper().readTree(o.out());
        assertEquals(4096, line.get("particles").asLong());
        assertEquals(20, line.get("steps").asInt());
        var run = gdmc("run", file, "--particles", "4096", "--steps", "20", "--threads", "1", "--no-plots", "--quiet",
                "--out", dir.resolve("r").toString());
        assertEquals(0, run.code(), run.err());
        JsonNode first = Gdmc.json(dir.resolve("r")).path("results").get(0).path("estimates");
        assertEquals(first.at("/posterior.mean/value").asDouble(), line.at("/estimates/posterior.mean/value")
                .asDouble(), 0.0, line.toString());
        var sweep = gdmc("bench", "--study", Path.of("..", "experiments", "solver-stability.yaml").toString());
        assertEquals(2, sweep.code());
        assertTrue(sweep.err().contains("--study") && sweep.err().contains("sweep"), sweep.err());
        var masked = gdmc("bench", "--study", Path.of("..", "experiments", "masked-1d-overlap.yaml").toString());
        assertEquals(2, masked.code());
        assertTrue(masked.err().contains("--study") && masked.err().contains("masked"), masked.err());
    }

    /** --precision float64,float32 measures each: one JSON line per precision, the device naming it. */
    @Test
    void benchMeasuresEachPrecisionAsked() throws Exception {
        var o = gdmc("bench", "--warm-up", "1", "--backend", "cpu", "--precision", "float64,float32", "--json",
                "--particles", "4096",
                "--repeats", "1", "--threads", "1");
        assertEquals(0, o.code(), o.err());
        String[] lines = o.out().strip().split("\n");
        assertEquals(2, lines.length, o.out());
        JsonNode f64 = new ObjectMapper().readTree(lines[0]);
        JsonNode f32 = new ObjectMapper().readTree(lines[1]);
        assertTrue(f64.get("device").asText().contains("float64"), lines[0]);
        assertTrue(f32.get("device").asText().contains("float32"), lines[1]);
        // the same particles and noise: float32 moves posterior.mean by far less than its standard error
        JsonNode a = f64.at("/estimates/posterior.mean");
        assertEquals(a.get("value").asDouble(), f32.at("/estimates/posterior.mean/value").asDouble(),
                a.get("stdError").asDouble(), o.out());
    }
    @Test
    void selfcheckChecksTheCpuAndRefusesABadDevice() {
        var o = gdmc("selfcheck", "--backend", "cpu");
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("float64 paths, euler-maruyama") && o.out().contains("float64 reductions")
                && o.out().contains("throughput"), o.out());
        assertTrue(o.out().contains("SMC islands") && o.out().contains("no island engine"), o.out());
        assertTrue(o.out().contains("\nselfcheck PASSED: "), o.out());
        var bad = gdmc("selfcheck", "--backend", "cpu", "--device", "5");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--device") && bad.err().contains("5"), bad.err());
        var bundle = gdmc("bundle", "--out", "x.tar.xz");
        assertEquals(2, bundle.code());
        assertTrue(bundle.err().contains("bin/gdmc bundle"), bundle.err());
    }

    @Test
    void selfcheckWithoutThroughputRunsEveryOtherCheck() {
        var provider = org.gdmc.backend.Backends.find("cpu");
        var with = org.gdmc.check.SelfCheck.checks(provider, 0, true).stream().map(c -> c.name()).toList();
        var without = org.gdmc.check.SelfCheck.checks(provider, 0, false).stream().map(c -> c.name()).toList();
        assertTrue(with.contains("throughput"), with.toString());
        assertEquals(with.stream().filter(n -> !n.equals("throughput")).toList(), without);
        var one = org.gdmc.check.SelfCheck.checks(provider, 0, false, false).stream().map(c -> c.name()).toList();
        assertTrue(one.stream().anyMatch(n -> n.contains("paths, euler-maruyama")), one.toString());
        assertTrue(one.stream().noneMatch(n -> n.contains("paths, ddpm")) && with.stream().anyMatch(n -> n.contains(
                "paths, ddpm")), one + " against " + with);
        assertEquals(without.stream().filter(n -> !n.contains(" paths, ") || n.contains("euler-maruyama")).toList(),
                one);
    }
}
