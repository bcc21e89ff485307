package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * Input that used to get past validation or out as a raw exception: each is now refused before any sampling with one
 * line that names the file, field or flag and the value (exit 2), and leaves no file behind; what gdmc did not foresee
 * is one line saying "internal error", the stack trace only under --debug.
 */
class HostileInputTest {
    /** Runs gdmc, asserts exit 2, one line on stderr containing every {@code expected}, and no result in dir. */
    private static void refused(Path dir, List<String> expected, String... args) throws Exception {
        String line = Gdmc.refusal(Gdmc.run(args), String.join(" ", args));
        for (String e : expected) {
            assertTrue(line.contains(e), "'" + e + "' in: " + line);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> results = files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".csv")
                    || p.toString().endsWith(".partial")).toList();
            assertTrue(results.isEmpty(), "no result files: " + results);
        }
    }

    private static String[] run(Path dir, String... more) {
        return Gdmc.args(new String[] {"run", "--particles", "2048", "--steps", "10", "--threads", "1", "--no-plots",
            "--quiet", "--out", dir.resolve("out").resolve("r").toString()}, more);
    }

    @Test
    void studyFilesThatAreNotTextAreNamed(@TempDir Path dir) throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "name: \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
        refused(dir, List.of("latin1.yaml", "not UTF-8", "0xE9", "line 1"), run(dir, latin1.toString()));

        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'a', ':', ' ', 0, 1, 2});
        refused(dir, List.of("binary.yaml", "binary"), run(dir, binary.toString()));

        Path folder = Files.createDirectory(dir.resolve("folder"));
        refused(dir, List.of("folder", "directory"), run(dir, folder.toString()));
    }

    @Test
    void duplicateKeysInYamlAreRefusedAsInJson(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("dup.yaml");
        Files.writeString(study, """
                name: first
                seed: 1
                seed: 2
                """);
        refused(dir, List.of("seed", "uplicate"), run(dir, study.toString()));
    }

    @Test
    void emptyWeightsAndNegativeIndicesAreRefused(@TempDir Path dir) throws Exception {
        refused(dir, List.of("--w", "0,"), run(dir, "--w", "0,"));
        refused(dir, List.of("--w", "0,,1"), run(dir, "--w", "0,,1"));
        refused(dir, List.of("target.components[-1].weight", "-1"),
                run(dir, "--set", "target.components[-1].weight=0.3"));
    }

    /** --w or --set on a field inside a list of guidance families used to replace the list by one family. */
    @Test
    void aFieldInsideAListOfFamiliesIsNamedNotReplaced(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("families.yaml");
        Files.writeString(study, "target: {type: mixture, components: [{class: 0, weight: 0.5, mean: [1, 0]},"
                + " {class: 1, weight: 0.5, mean: [-1, 0]}]}\n"
                + "guidance: [{w: [0, 1]}, {type: apg, w: [1], threshold: 2}]\n");
        refused(dir, List.of("guidance.w", "list", "guidance[0].w"), run(dir, study.toString(), "--w", "2"));
        refused(dir, List.of("guidance[1].threshold", "-1"), run(dir, study.toString(), "--set",
                "guidance[1].threshold=-1"));
        Gdmc.Outcome ok = Gdmc.run(run(dir, study.toString(), "--set", "guidance[0].w=[3]"));
        assertEquals(0, ok.code(), ok.err());
    }

    /** Used to sample the whole study and then fail building the tilted-law reference. */
    @Test
    void aWeightBelowTheTiltedLawsDomainIsRefusedUpFront(@TempDir Path dir) throws Exception {
        refused(dir, List.of("guidance.w[1]", "-3.0", ">= -1"), run(dir, "--w", "0,-3"));
        refused(dir, List.of("guidance.gamma[0]", "-0.5", ">= 0"),
                run(dir, "--set", "guidance={type: classifier, gamma: [-0.5]}"));
        Gdmc.Outcome edge = Gdmc.run(run(dir, "--w", "-1"));
        assertEquals(0, edge.code(), "w = -1, the unconditional score, runs: " + edge.err());
    }

    /** Extreme but finite values the generated fuzz (StudyFuzzTest) found escaping as exceptions. */
    @Test
    void extremeButFiniteValuesAreRefusedByTheirDocumentedRanges(@TempDir Path dir) throws Exception {
        refused(dir, List.of("target.components[0].class", "2147483647"),
                run(dir, "--set", "target.components[0].class=2147483647"));
        refused(dir, List.of("sampler.steps", "2147483647"), run(dir, "--set", "sampler.steps=2147483647"));
        refused(dir, List.of("sampler.steps", "guidance values"),
                run(dir, "--set", "sampler.steps=1000000", "--w", "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20"));
        refused(dir, List.of("particles", "9223372036854775807"), run(dir, "--set", "particles=9223372036854775807"));
        refused(dir, List.of("guidance.w[0]", "1.0E308"), run(dir, "--w", "1e308"));
        Path masked = dir.resolve("masked.yaml");
        Files.writeString(masked, Files.readString(Path.of("..", "experiments", "masked-1d-overlap.yaml"))
                .replace("w: [0, 0.5, 1, 2, 3, 4, 6, 8]", "w: [0, 1e300]"));
        Gdmc.Outcome m = Gdmc.run("run", masked.toString(), "--particles", "2000", "--quiet", "--no-plots", "--out",
                dir.resolve("m").toString());
        assertEquals(2, m.code(), m.err());
        assertTrue(m.err().contains("guidance.w[1]") && m.err().contains("overflow"), m.err());
    }

    /**
     * The new samplers' settings outside their domains: corrector steps below 0, a corrector step scale that is not
     * positive, an unknown step rule, a corrector on another sampler, DPM-Solver++ on a grid whose log-SNR step
     * grows more than tenfold, and the exact law of a corrector whose rule has no continuous limit.
     */
    @Test
    void samplerSettingsOutsideTheirDomainsAreRefusedUpFront(@TempDir Path dir) throws Exception {
        refused(dir, List.of("sampler.corrector.steps", "-1"),
                run(dir, "--set", "sampler={method: predictor-corrector, corrector: {steps: -1}}"));
        refused(dir, List.of("sampler.corrector.scale", "0.0", "> 0"),
                run(dir, "--set", "sampler={method: predictor-corrector, corrector: {scale: 0}}"));
        refused(dir, List.of("sampler.corrector.scale", "-0.5"),
                run(dir, "--set", "sampler={method: predictor-corrector, corrector: {scale: -0.5}}"));
        refused(dir, List.of("sampler.corrector.rule", "snr"),
                run(dir, "--set", "sampler={method: predictor-corrector, corrector: {rule: snr}}"));
        refused(dir, List.of("sampler.corrector", "ddpm"),
                run(dir, "--set", "sampler={method: ddpm, corrector: {steps: 2}}"));
        refused(dir, List.of("sampler.grid", "DPM-Solver++", "r = ", "uniform"),
                run(dir, "--set", "sampler={method: dpm-solver++2m, grid: uniform, delta: 1e-6}"));
        refused(dir, List.of("sampler.grid", "log-snr", "linear"),
                run(dir, "--set", "sampler={method: ddpm, grid: linear}"));
        Path oneD = Path.of("..", "experiments", "guidance-interval.yaml");
        refused(dir, List.of("estimators.exactLaw", "sigma2"), "run", oneD.toString(), "--particles", "2048",
                "--quiet", "--no-plots", "--out", dir.resolve("x").toString(), "--set", "estimators.exactLaw=true",
                "--set", "sampler={method: predictor-corrector, corrector: {rule: sigma2, scale: 0.1}}");
        Gdmc.Outcome ok = Gdmc.run(run(dir.resolve("ok"), "--set",
                "sampler={method: dpm-solver++2m, grid: log-snr, delta: 1e-6}"));
        assertEquals(0, ok.code(), "DPM-Solver++ on the log-SNR grid runs: " + ok.err());
    }

    @Test
    void smcSettingsOutsideTheirDomainsAreRefusedUpFront(@TempDir Path dir) throws Exception {
        refused(dir, List.of("sampler.smc.island", "1000", "1024"),
                run(dir, "--set", "sampler.smc={island: 1000}"));
        refused(dir, List.of("sampler.smc.island", "4096", "batch of 2048"),
                run(dir, "--set", "sampler.smc={island: 4096}", "--set", "batchSize=2048"));
        refused(dir, List.of("sampler.smc.ess", "0.0", "(0, 1]"), run(dir, "--set", "sampler.smc={ess: 0}"));
        refused(dir, List.of("sampler.smc.ess", "1.5"), run(dir, "--set", "sampler.smc={ess: 1.5}"));
        refused(dir, List.of("sampler.smc.weights", "bootstrap", "exact, feynman-kac"),
                run(dir, "--set", "sampler.smc={weights: bootstrap}"));
        refused(dir, List.of("sampler.smc.proposal", "prior"), run(dir, "--set", "sampler.smc={proposal: prior}"));
        refused(dir, List.of("sampler.smc.moves", "-1"), run(dir, "--set", "sampler.smc={moves: -1}"));
        refused(dir, List.of("sampler.smc.stepScales[1]", "0.0", "(0, 1000]"),
                run(dir, "--set", "sampler.smc={moves: 2, stepScales: [1, 0]}"));
        refused(dir, List.of("sampler.smc.stepScales", "finite", "nan"),
                run(dir, "--set", "sampler.smc={moves: 2, stepScales: .nan}"));
        refused(dir, List.of("sampler.smc.stepScales", "at least one"),
                run(dir, "--set", "sampler.smc={moves: 2, stepScales: []}"));
        refused(dir, List.of("sampler.smc.stepScales", "at most 16", "17"),
                run(dir, "--set", "sampler.smc={moves: 2, stepScales: [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}"));
        refused(dir, List.of("sampler.smc.target.beta", "none"),
                run(dir, "--set", "sampler.smc={target: {type: annealed}}"));
        refused(dir, List.of("sampler.smc.target.beta", "-2.0"),
                run(dir, "--set", "sampler.smc={target: {type: annealed-data, beta: -2}}"));
        refused(dir, List.of("sampler.smc.target.beta", "product", "3.0"),
                run(dir, "--set", "sampler.smc={target: {type: product, beta: 3}}"));
        refused(dir, List.of("sampler.smc.target.type", "cooled"), run(dir, "--set", "sampler.smc={target: cooled}"));
        refused(dir, List.of("sampler.smc.weights", "feynman-kac", "conditional"),
                run(dir, "--set", "sampler.smc={weights: feynman-kac, proposal: conditional}"));
        refused(dir, List.of("sampler.smc.weights", "feynman-kac", "product"),
                run(dir, "--set", "sampler.smc={weights: feynman-kac, target: product}"));
        refused(dir, List.of("sampler.smc", "ddim"),
                run(dir, "--set", "sampler={method: ddim, smc: {island: 1024}}"));
        refused(dir, List.of("particles", "2048", "islands of 3072"),
                run(dir, "--set", "sampler.smc={island: 3072}"));
        refused(dir, List.of("guidance", "SMC", "constant"), run(dir, "--set", "sampler.smc={island: 1024}",
                "--set", "guidance={type: classifier-free, w: 2, schedule: {type: interval, sigma: [0.28, 5.42]}}"));
        refused(dir, List.of("estimators.exactLaw", "smc.*", "false"), run(dir, "--set",
                "sampler.smc={island: 1024}", "--set", "estimators={exactLaw: false}"));
        refused(dir, List.of("estimators.knnSamples", "boundaryWidths, events, profile", "500"), run(dir, "--set",
                "sampler.smc={island: 1024}", "--set", "estimators={events: [], knnSamples: 500}"));
        refused(dir, List.of("--precision", "sampler.smc runs in float64 only", "float32"),
                run(dir, "--set", "sampler.smc={island: 1024}", "--precision", "float32"));
        refused(dir, List.of("--backend", "SMC islands", "cpu"), new String[] {"compare", "--set",
            "sampler.smc={island: 1024}", "--particles", "2048", "--backend", "cpu"});
        refused(dir, List.of("--precision", "float64 only", "float32"), new String[] {"bench", "--study",
            Path.of("..", "experiments", "tilted-law-smc.yaml").toString(), "--precision", "float32", "--particles",
            "2048"});
        Gdmc.Outcome ok = Gdmc.run(run(dir.resolve("ok"), "--set", "sampler.smc={island: 1024, moves: 1}",
                "--set", "estimators={events: [{name: right, halfSpace: {normal: [1, 0], offset: 0}}]}"));
        assertEquals(0, ok.code(), "a valid SMC study runs: " + ok.err());
        assertTrue(ok.out().contains("smc.logNormaliser") && ok.out().contains("smc.event.right")
                && ok.out().contains("smc.tvTiltedLaw"), ok.out());
        Gdmc.Outcome annealed = Gdmc.run(run(dir.resolve("annealed"), "--set",
                "sampler.smc={island: 1024, target: {type: annealed, beta: 2}}"));
        assertEquals(0, annealed.code(), "an annealed target runs: " + annealed.err());
        assertTrue(annealed.out().contains("SMC of the annealed class law p(x|c)^2.0"), annealed.out());
        Gdmc.Outcome off = Gdmc.run(run(dir.resolve("off"), "--set", "sampler.smc=none"));
        assertEquals(0, off.code(), "smc: none runs the plain sampler: " + off.err());
        assertTrue(off.out().contains("posterior.mean") && !off.out().contains("smc."), off.out());
    }

    @Test
    void largeMixtureFaultsAreRefusedBeforeAnyIsBuilt(@TempDir Path dir) throws Exception {
        Path study = Gdmc.largeStudy(dir);
        refused(dir, List.of("target.components", "409,600,000 parameters", "100,000,000"), run(dir,
                study.toString(), "--set", "target.dimension=4096", "--set", "target.components=100000"));
        refused(dir, List.of("target.covariance.rank", "17"), run(dir, study.toString(), "--set",
                "target.covariance={form: low-rank, rank: 17}"));
        refused(dir, List.of("target.weights.dirichlet", "0.0"), run(dir, study.toString(), "--set",
                "target.weights={dirichlet: 0}"));
        Files.write(dir.resolve("nan.npy"), org.gdmc.study.NumpyArrays.float64(new double[] {1, Double.NaN}, 2, 1));
        Path file = dir.resolve("file.yaml");
        Files.writeString(file, "target: {type: mixture-file, means: nan.npy}\n");
        refused(dir, List.of("target.means", "nan.npy", "NaN"), run(dir, file.toString()));
        Files.write(dir.resolve("ok.npy"), org.gdmc.study.NumpyArrays.float64(new double[] {1, -1}, 2, 1));
        Files.writeString(dir.resolve("w.txt"), "1\n2\n3\n");
        Files.writeString(file, "target: {type: mixture-file, means: ok.npy, weights: w.txt}\n");
        refused(dir, List.of("target.weights", "w.txt", "3 values", "K = 2"), run(dir, file.toString()));
        refused(dir, List.of("--backend", "tornado"), run(dir, study.toString(), "--backend", "tornado"));
        refused(dir, List.of("--save-samples", "sweep", "--set target.components=VALUE"), run(dir, study.toString(),
                "--save-samples", "10", "--sweep", "target.components=4,8"));
        refused(dir, List.of("--save-samples", "quarter of the", "heap"), run(dir, study.toString(), "--set",
                "target.dimension=4096", "--set", "particles=10000000", "--save-samples", "10000000"));
        refused(dir, List.of("--shard", "sweep", "--set target.components=VALUE"), run(dir, study.toString(),
                "--shard", "0/2", "--sweep", "target.components=4,8"));
        refused(dir, List.of("--resume", "sweep"), run(dir, study.toString(), "--resume", "--sweep",
                "target.components=4,8"));
        refused(dir, List.of("--save-samples", "--shard"), run(dir, study.toString(), "--shard", "0/2",
                "--save-samples", "10"));
        refused(dir, List.of("sampler.method", "Heun"), run(dir, study.toString(), "--sampler",
                "probability-flow-heun"));
        refused(dir, List.of("target.type", "random-mixture", "gdmc run"), new String[] {"compare", study.toString(),
            "--particles", "1024"});
        refused(dir, List.of("--study", "large-mixture", "BlockScorePeak"), new String[] {"bench", "--study",
            study.toString()});
        Gdmc.Outcome ok = Gdmc.run(run(dir.resolve("ok"), study.toString()));
        assertEquals(0, ok.code(), "a valid large-mixture study runs: " + ok.err());
        assertTrue(ok.out().contains("exact class law") && ok.out().contains("hd.slicedW2.squared"), ok.out());
    }

    @Test
    void coordinatesBeyondTheDocumentedRangeAreRefusedUpFront(@TempDir Path dir) throws Exception {
        refused(dir, List.of("target.components[0].mean[0]", "1.0E308"),
                run(dir, "--set", "target.components[0].mean[0]=1e308"));
        refused(dir, List.of("target.components[1].variance", "1.0E30"),
                run(dir, "--set", "target.components[1].variance=1e30"));
    }

    @Test
    void anOutputLocationThatCannotHoldTheResultIsRefusedBeforeSampling(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Gdmc.Outcome o = Gdmc.run("run", "--particles", "2048", "--steps", "10", "--no-plots", "--quiet", "--out",
                file.resolve("r").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("a-file") && o.err().contains("not a directory"), o.err());

        String tooLong = "r".repeat(240);
        Gdmc.Outcome l = Gdmc.run("run", "--particles", "2048", "--steps", "10", "--no-plots", "--quiet", "--out",
                dir.resolve(tooLong).toString());
        assertEquals(2, l.code(), l.err());
        assertTrue(l.err().contains("too long") && !l.err().contains("Exception"), l.err());
        assertTrue(l.err().lines().filter(x -> !x.startsWith("WARNING")).count() == 1, l.err());

        Gdmc.Outcome empty = Gdmc.run("run", "--particles", "2048", "--steps", "10", "--no-plots", "--quiet",
                "--out", "");
        assertEquals(2, empty.code(), empty.err());
        assertTrue(empty.err().contains("--out is empty"), empty.err());
        for (String prefix : List.of(".", "..", dir + "/..", "/")) {
            Gdmc.Outcome p = Gdmc.run("run", "--particles", "2048", "--steps", "10", "--no-plots", "--quiet", "--out",
                    prefix);
            assertEquals(2, p.code(), prefix + ": " + p.err());
            assertTrue(p.err().contains("names no file"), p.err());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".partial") || p.toString().endsWith(".json")),
                    "no probe or result left");
        }
    }

    /** A run on an output prefix another run holds is refused at once, naming the holder, and writes nothing. */
    @Test
    void aSecondRunOnTheSamePrefixIsRefusedAtOnce(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("out").resolve("r");
        try (org.gdmc.study.OutputLock held = org.gdmc.study.OutputLock.claim(prefix)) {
            refused(dir, List.of("--out " + prefix, "in use by another gdmc run", "pid "), run(dir));
        }
        Gdmc.Outcome o = Gdmc.run(run(dir));
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of("r.csv", "r.html", "r.json"), Gdmc.files(prefix.getParent()), "no lock file left");
    }

    /** --shard 0/1 is a shard like any other: it writes its state file, and merging it gives the plain run. */
    @Test
    void aSingleShardWritesItsStateForMerge(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("s");
        Gdmc.Outcome shard = Gdmc.run("run", "--shard", "0/1", "--particles", "2048", "--steps", "10", "--threads",
                "1", "--no-plots", "--quiet", "--out", prefix.toString());
        assertEquals(0, shard.code(), shard.err());
        assertEquals(List.of("s.shard-0-of-1.state"), Gdmc.files(dir));
        Gdmc.Outcome merge = Gdmc.run("merge", prefix + ".shard-0-of-1.state", "--no-plots", "--out",
                dir.resolve("merged").toString());
        assertEquals(0, merge.code(), merge.err());
        Gdmc.Outcome whole = Gdmc.run("run", "--particles", "2048", "--steps", "10", "--threads", "1", "--no-plots",
                "--quiet", "--out", dir.resolve("whole").toString());
        assertEquals(0, whole.code(), whole.err());
        assertEquals(Gdmc.json(dir.resolve("whole")).get("results"), Gdmc.json(dir.resolve("merged")).get("results"));
    }

    /** An existing directory, or a name ending in /, means the study's own file name inside it. */
    @Test
    void aDirectoryGivenAsOutMeansInsideIt(@TempDir Path dir) throws Exception {
        Gdmc.Outcome o = Gdmc.run("run", "--particles", "2048", "--steps", "10", "--threads", "1", "--no-plots",
                "--quiet", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.exists(dir.resolve("default-study.json")), Gdmc.files(dir).toString());
        Gdmc.Outcome n = Gdmc.run("run", "--particles", "2048", "--steps", "10", "--threads", "1", "--no-plots",
                "--quiet", "--out", dir.resolve("new") + "/");
        assertEquals(0, n.code(), n.err());
        assertTrue(Files.exists(dir.resolve("new").resolve("default-study.json")), Gdmc.files(dir).toString());
    }

    /** A name of 200 characters is fine: the refusal above is about the length the result's files need, not any. */
    @Test
    void aLongButWorkablePrefixRuns(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("r".repeat(180));
        Gdmc.Outcome o = Gdmc.run("run", "--particles", "2048", "--steps", "10", "--threads", "1", "--no-plots",
                "--quiet", "--out", prefix.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.exists(Path.of(prefix + ".json")));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".partial")), "the probe is gone");
        }
    }

    /**
     * A result whose every estimate is null (and no recorded path) gives no figure: plot says so and fails instead of
     * exiting 0.
     */
    @Test
    void plottingAResultWithNothingToDrawFails(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("r");
        Gdmc.Outcome o = Gdmc.run("run", "--particles", "2048", "--steps", "10", "--threads", "1", "--no-plots",
                "--quiet", "--out", prefix.toString());
        assertEquals(0, o.code(), o.err());
        com.fasterxml.jackson.databind.node.ObjectNode json =
                (com.fasterxml.jackson.databind.node.ObjectNode) Gdmc.json(prefix);
        json.findParents("value").forEach(n -> ((com.fasterxml.jackson.databind.node.ObjectNode) n).putNull("value"));
        // the recorded paths are drawn whatever the estimates say (a diverged path's points are null, and a result
        // whose every path diverged draws none): this result has none
        json.remove("paths");
        Path empty = dir.resolve("empty.json");
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(empty.toFile(), json);
        Gdmc.Outcome p = Gdmc.run("plot", empty.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertTrue(p.err().contains("no figure drawn"), p.err());
        Gdmc.Outcome full = Gdmc.run("plot", prefix + ".json");
        assertEquals(0, full.code(), full.err());
    }

    @Test
    void helpListsTheExitCodes() {
        Gdmc.Outcome run = Gdmc.run("run", "--help");
        assertTrue(run.out().contains("Exit codes:") && run.out().contains("2   bad input"), run.out());
        Gdmc.Outcome compare = Gdmc.run("compare", "--help");
        assertTrue(compare.out().contains("3   the backends disagree"), compare.out());
    }

    @Test
    void everySubcommandPrintsItsVersionWithTheRevision() {
        for (String command : List.of("run", "plot", "merge", "compare", "config", "devices", "bench", "selfcheck")) {
            Gdmc.Outcome o = Gdmc.run(command, "--version");
            assertEquals(0, o.code(), command + ": " + o.err());
            assertTrue(o.out().startsWith("gdmc ") && o.out().contains("(git "), command + ": " + o.out());
        }
    }

    /** The last line of defence: an exception gdmc did not foresee, with and without --debug. */
    @Test
    void anUnforeseenExceptionIsOneLineNamingTheInputUnlessDebugging() {
        CommandLine cli = new CommandLine(new Main());
        CommandLine.ParseResult parsed = cli.parseArgs("run", "study.yaml");
        StringWriter text = new StringWriter();
        Errors.internal(new PrintWriter(text), new IllegalArgumentException("histogram needs width > 0"), parsed);
        List<String> lines = text.toString().lines().toList();
        assertEquals(1, lines.size(), text.toString());
        assertTrue(lines.get(0).startsWith("gdmc: internal error in `gdmc run` on study.yaml: "), lines.get(0));
        assertTrue(lines.get(0).contains("histogram needs width > 0") && lines.get(0).contains("--debug"),
                lines.get(0));

        CommandLine.ParseResult debug = new CommandLine(new Main()).parseArgs("run", "--debug", "study.yaml");
        StringWriter traced = new StringWriter();
        Errors.internal(new PrintWriter(traced), new IllegalStateException("boom"), debug);
        assertTrue(traced.toString().lines().count() > 2, "the stack trace follows under --debug: " + traced);
        assertTrue(traced.toString().contains("at org.gdmc.cli.HostileInputTest"), traced.toString());
    }
}
