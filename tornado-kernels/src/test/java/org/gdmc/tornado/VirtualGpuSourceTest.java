package org.gdmc.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.BackendProvider;
import org.gdmc.backend.Backends;
import org.gdmc.backend.BatchSums;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.EstimatorSet;
import org.gdmc.estimate.StandardEstimators;
import org.gdmc.estimate.SupportOptions;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ScoreError;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.smc.IslandBatch;
import org.gdmc.smc.IslandEngine;
import org.gdmc.smc.SmcOptions;
import org.gdmc.smc.WeightRule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The kernels as TornadoVM writes them for a GPU that is not here: run in its own JVM (the {@code virtual-gpu}
 * surefire execution) with TornadoVM's virtual OpenCL device described by {@code virtual-gpu.json} (an H100 as
 * NVIDIA's OpenCL driver reports it), which compiles every task of the float64 and float32 study graphs without running
 * them and writes their OpenCL C to one file. Each compilation unit must then
 * <ul>
 *   <li>build with the PoCL compiler (a small C program, {@code src/test/c/clbuild.c}, under gdmc's build options);</li>
 *   <li>enable no extension the device does not offer ({@code cl_khr_fp16}, which TornadoVM always enables, only if
 *       no {@code half} is used);</li>
 *   <li>call no {@code native_*} function, and — except the float32 path kernel — no exp, log, sin, cos or pow of the
 *       OpenCL library at all: float64 results must not depend on a backend's maths (gdmc's own KernelMath).</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "tornado.virtual.device", matches = "(?i)true")
class VirtualGpuSourceTest {
    private static final Pattern PRAGMA = Pattern.compile("#pragma OPENCL EXTENSION (\\w+)\\s*:\\s*enable");
    private static final Pattern KERNEL = Pattern.compile("__kernel void (\\w+)\\(");
    private static final Pattern LIBRARY_MATHS = Pattern.compile(
            "(?<![\\w.])(exp|exp2|expm1|log|log2|log10|log1p|sin|cos|tan|sincos|pow|powr|erf|erfc)\\s*\\(");
    private static final Pattern NATIVE = Pattern.compile("\\bnative_\\w+\\s*\\(|\\bhalf_\\w+\\s*\\(");
    private static final Set<String> FLOAT32_KERNELS = Set.of("pathsF32", "scoreF32", "startF32", "advanceF32");

    @Test
    void everyKernelBuildsForTheGpuAndUsesOnlyWhatItOffers() throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("tornado.print.kernel.dir"));
        Files.createDirectories(source.getParent());
        Files.deleteIfExists(source);
        BackendProvider provider = Backends.find("tornado");
        Mixture plane = Mixture.of(List.of(
                new GaussianComponent(0, 0.5, new double[] {1, -1}, new double[][] {{0.5, 0}, {0, 2}}),
                new BoxComponent(1, 0.5, new double[] {-3, -1}, new double[] {-1, 2})));
        StepPlan plan = new StepPlan(ReverseSampler.byName("probability-flow-heun"),
                new ForwardProcess(new ConstantSchedule(1.0)), TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 4));
        SimulationSpec spec = new SimulationSpec(plane, 0, plan, List.of(new ClassifierFreeGuidance(2.0)),
                ScoreError.NONE, 1L);
        EstimatorSet set = EstimatorSet.of(2, StandardEstimators.forStudy(plane, 0, SupportOptions.defaults(plane, 0)));
        for (BackendOptions.Precision precision : BackendOptions.Precision.values()) {
            try (TornadoBackend device = (TornadoBackend) provider.open(new BackendOptions(0, 0, precision))) {
                assertTrue(device.deviceName().startsWith("gdmc-virtual-gpu-H100"), device.deviceName());
                BatchSums sums = new BatchSums(1, set.plan(), BatchSums.BLOCK, 16);
                sums.reset(0, BatchSums.BLOCK);
                device.reduce(spec, set.plan(), sums);
            }
        }
        // the large mixture's tiled score: compiled for the virtual GPU (which runs nothing, so the values are not
        // compared here; LargeScoreTasksTest compares them on PoCL)
        LargeScoreTasks.compare(0, LargeScoreTasks.mixture(org.gdmc.highdim.CovarianceForm.ISOTROPIC, 70, 301), 1,
                203, 0.8, 0.36);
        // and its paths, in both precisions (the float32 kernels use the device's float maths, as pathsF32 does)
        var large = new org.gdmc.highdim.HighDimStudySpec(LargeScoreTasks.mixture(
                org.gdmc.highdim.CovarianceForm.ISOTROPIC, 16, 20), 1, new StepPlan(ReverseSampler.byName("ddpm"),
                new ForwardProcess(new ConstantSchedule(1.0)), TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 3)),
                List.of(new ClassifierFreeGuidance(2.0)), 64, 1L, 1);
        for (BackendOptions.Precision precision : BackendOptions.Precision.values()) {
            try (var paths = provider.openLargePaths(large, new BackendOptions(0, 0, precision), 64)) {
                paths.simulate(0, 0L, 64, new double[64 * 16]);
            } catch (uk.ac.manchester.tornado.api.exceptions.TornadoInternalError e) {
                // the virtual device compiles the graph and then cannot copy the states back ("unimplemented")
                assertTrue(String.valueOf(e.getMessage()).contains("unimplemented"), e.toString());
            }
        }
        // SMC islands (float64 whatever the backend's precision): every phase's task, one island with one move
        SimulationSpec smc = new SimulationSpec(plane, 0, new StepPlan(ReverseSampler.byName("euler-maruyama"),
                new ForwardProcess(new ConstantSchedule(1.0)), TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 3)),
                List.of(new ClassifierFreeGuidance(2.0)), ScoreError.NONE, 1L);
        SmcOptions options = new SmcOptions(BatchSums.BLOCK, 0.5, WeightRule.EXACT, false, 1);
        try (TornadoBackend device = (TornadoBackend) provider.open(new BackendOptions(0, 0,
                BackendOptions.Precision.FLOAT64));
             IslandEngine islands = device.islands(smc, smc.program(), options, 1)) {
            islands.run(0, 3.0, -2.0, Math.log(0.5), 0L, 1, new IslandBatch(1, BatchSums.BLOCK, 2));
        } catch (uk.ac.manchester.tornado.api.exceptions.TornadoInternalError e) {
            // as above: compiled, then nothing to copy back from a device that runs nothing
            assertTrue(String.valueOf(e.getMessage()).contains("unimplemented"), e.toString());
        }
        JsonNode description = new ObjectMapper().readTree(
                VirtualGpuSourceTest.class.getResourceAsStream("/virtual-gpu.json"));
        Set<String> offered = new TreeSet<>(Arrays.asList(description.get("deviceExtensions").asText().split("\\s+")));
        List<String> units = units(Files.readString(source));
        Set<String> kernels = new TreeSet<>();
        Path exe = clbuild(source.getParent());
        for (int u = 0; u < units.size(); u++) {
            String unit = units.get(u);
            Matcher k = KERNEL.matcher(unit);
            assertTrue(k.find(), "unit " + u + " declares a kernel");
            String name = k.group(1);
            kernels.add(name);
            Matcher p = PRAGMA.matcher(unit);
            while (p.find()) {
                String ext = p.group(1);
                boolean unusedHalf = ext.equals("cl_khr_fp16") && !Pattern.compile("\\bhalf\\b").matcher(unit).find();
                assertTrue(offered.contains(ext) || unusedHalf, name + " enables " + ext + ", which the GPU lacks");
            }
            Matcher n = NATIVE.matcher(unit);
            assertTrue(!n.find(), name + " calls " + (n.hitEnd() ? "" : n.group()));
            if (FLOAT32_KERNELS.contains(name)) {
                assertTrue(LIBRARY_MATHS.matcher(unit).find(), name + " calls the library's float functions, so the "
                        + "scan below would see such calls");
            } else {
                Matcher m = LIBRARY_MATHS.matcher(unit);
                assertTrue(!m.find(), name + " calls the OpenCL library's " + (m.hitEnd() ? "" : m.group())
                        + ": its float64 result would depend on the backend's maths");
            }
            Path file = source.getParent().resolve("virtual-gpu-" + u + "-" + name + ".cl");
            Files.writeString(file, unit);
            Process build = new ProcessBuilder(exe.toString(), file.toString(), TornadoArithmetic.OPENCL_FLAGS)
                    .redirectErrorStream(true).start();
            String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, build.waitFor(), name + " does not build with PoCL:\n" + log);
        }
        System.out.printf("virtual GPU: %d units (%s) build with PoCL; extensions used are offered; no library "
                + "transcendentals outside %s%n", units.size(), String.join(", ", kernels), FLOAT32_KERNELS);
        assertTrue(kernels.containsAll(Set.of("paths", "pathsF32", "reference", "lanes", "totals", "gatherKept",
                "widen", "score", "start", "advance", "scoreF32", "startF32", "advanceF32", "openIslands",
                "startParticles", "advanceParticles", "weighParticles", "chooseAncestors", "keepRecords",
                "inheritRecords", "moveParticles", "adaptSteps", "finishParticles", "closeIslands")),
                "every task was generated: " + kernels);
    }

    /** Splits TornadoVM's appended kernel file into compilation units, each starting at its run of pragmas. */
    static List<String> units(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder unit = new StringBuilder();
        boolean inBody = false;
        for (String line : text.split("\n", -1)) {
            boolean pragma = line.startsWith("#pragma OPENCL EXTENSION");
            if (pragma && inBody) {
                out.add(unit.toString());
                unit.setLength(0);
                inBody = false;
            }
            if (!pragma && !line.isBlank()) {
                inBody = true;
            }
            unit.append(line).append('\n');
        }
        if (inBody) {
            out.add(unit.toString());
        }
        return out;
    }

    /** Compiles clbuild.c against the OpenCL ICD loader, or skips (with the reason) where no C compiler can. */
    private static Path clbuild(Path dir) throws IOException, InterruptedException {
        Path exe = dir.resolve("clbuild");
        Path c = Path.of("src/test/c/clbuild.c").toAbsolutePath();
        Process gcc;
        try {
            gcc = new ProcessBuilder("cc", "-O1", "-o", exe.toString(), c.toString(), "-lOpenCL")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no C compiler (cc) to build the OpenCL check: " + e.getMessage());
            throw e;
        }
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(gcc.waitFor() == 0, "cannot build clbuild.c against OpenCL headers and libOpenCL "
                + "(Debian: opencl-headers ocl-icd-opencl-dev):\n" + log);
        return exe;
    }
}
