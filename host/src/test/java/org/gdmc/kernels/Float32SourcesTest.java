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
 * The committed float32 kernels (the device's in tornado-kernels, the CPU's in host) are exactly what the generator
 * makes of today's float64 host code, one copy per {@code @KernelCode} class and no other; checked here, in host, so
 * that every build catches drift, with or without a TornadoVM SDK.
 */
class Float32SourcesTest {
    private static final String STALE = " is stale: run bin/float32-sources";

    @Test
    void committedSourcesMatchTheGenerator() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        for (Float32Sources.Target target : Float32Sources.Target.ALL) {
            Map<String, String> generated = Float32Sources.generateAll(Float32Sources.hostSources(module), target);
            assertEquals(new TreeSet<>(generated.keySet()), new TreeSet<>(Float32Sources.committed(module, target)),
                    "the float32 copies in " + target.pkg() + " are one per kernel class" + STALE);
            for (Map.Entry<String, String> e : generated.entrySet()) {
                assertEquals(e.getValue(), Files.readString(Float32Sources.file(module, target, e.getKey())),
                        target.pkg() + "." + e.getKey() + STALE);
            }
        }
    }

    /** The scan finds the path kernel's pieces, and shares the precision-free ones instead of copying them. */
    @Test
    void theScanFindsEveryPieceOfThePathKernel() throws IOException {
        Float32Sources.KernelClasses k = Float32Sources.KernelClasses.scan(
                Float32Sources.hostSources(Path.of("").toAbsolutePath()));
        for (String piece : Set.of("PathKernel", "GuidedDrift", "ScorePass", "AffineStep", "HeunStep", "GuidedScore",
                "ScorePerturbation", "MixtureScore", "NormalIntervals", "NormalVariates")) {
            assertTrue(k.copied().containsKey(piece), piece + " gets a float32 copy: " + k.copied().keySet());
        }
        for (String shared : Set.of("Philox4x32", "MixtureLayout", "ReductionKernel")) {
            assertTrue(k.shared().containsKey(shared), shared + " is shared as it is: " + k.shared().keySet());
        }
    }
}
