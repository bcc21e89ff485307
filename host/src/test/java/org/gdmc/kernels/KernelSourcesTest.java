package org.gdmc.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The committed copies of the kernels (float32 for the CPU in host and for the device in tornado-kernels, float64 for
 * the device) are exactly what the generator makes of today's float64 host code, one copy per {@code @KernelCode}
 * class and no other; checked here, in host, so that every build catches drift, with or without a TornadoVM SDK.
 */
class KernelSourcesTest {
    private static final String STALE = " is stale: run bin/kernel-sources";

    @Test
    void committedSourcesMatchTheGenerator() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        for (KernelSources.Target target : KernelSources.Target.ALL) {
            Map<String, String> generated = KernelSources.generateAll(KernelSources.hostSources(module), target);
            assertEquals(new TreeSet<>(generated.keySet()), new TreeSet<>(KernelSources.committed(module, target)),
                    "the copies in " + target.pkg() + " are one per kernel class" + STALE);
            for (Map.Entry<String, String> e : generated.entrySet()) {
                assertEquals(e.getValue(), Files.readString(KernelSources.file(module, target, e.getKey())),
                        target.pkg() + "." + e.getKey() + STALE);
            }
        }
    }

    /**
     * The scan finds the path kernel's pieces; the precision-free ones are shared as they are, the reductions (float64
     * on every path) get only the device's float64 copy, and no device float64 copy calls Math's transcendentals.
     */
    @Test
    void theScanFindsEveryPieceOfThePathKernel() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        KernelSources.KernelClasses k = KernelSources.KernelClasses.scan(KernelSources.hostSources(module));
        for (String piece : Set.of("PathKernel", "GuidedDrift", "ScorePass", "AffineStep", "HeunStep", "GuidedScore",
                "ScorePerturbation", "MixtureScore", "NormalIntervals", "NormalVariates")) {
            assertTrue(k.float32().containsKey(piece), piece + " gets float32 copies: " + k.float32().keySet());
            assertTrue(k.float64().containsKey(piece), piece + " gets a device float64 copy: " + k.float64().keySet());
        }
        for (String shared : Set.of("Philox4x32", "MixtureLayout", "KernelMath")) {
            assertTrue(k.all().containsKey(shared) && !k.float32().containsKey(shared)
                    && !k.float64().containsKey(shared), shared + " is shared as it is");
        }
        assertTrue(!k.float32().containsKey("ReductionKernel") && k.float64().containsKey("ReductionKernel"),
                "the reductions run in float64 everywhere: a device float64 copy only");
        for (Map.Entry<String, String> e : KernelSources.generateAll(KernelSources.hostSources(module),
                KernelSources.Target.DEVICE_F64).entrySet()) {
            for (String line : e.getValue().split("\n")) {
                assertTrue(line.contains("static final") || !line.matches(".*(?<![\\w.])Math\\.(exp|log|sin|cos)\\(.*"),
                        e.getKey() + " calls a backend's double maths: " + line.strip());
            }
        }
    }
}
