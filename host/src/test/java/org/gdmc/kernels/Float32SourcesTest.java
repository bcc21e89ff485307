package org.gdmc.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The committed float32 kernels (the device's in tornado-kernels, the CPU's in host) are exactly what the generator
 * makes of today's float64 host code; checked here, in host, so that every build catches drift, with or without a
 * TornadoVM SDK.
 */
class Float32SourcesTest {
    @Test
    void committedSourcesMatchTheGenerator() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        for (Float32Sources.Target target : Float32Sources.Target.ALL) {
            Map<String, String> generated = Float32Sources.generateAll(Float32Sources.hostSources(module), target);
            for (Map.Entry<String, String> e : generated.entrySet()) {
                assertEquals(e.getValue(), Files.readString(Float32Sources.file(module, target, e.getKey())),
                        target.pkg() + "." + e.getKey()
                                + " is stale: run org.gdmc.kernels.Float32Sources (test class path) from host/");
            }
        }
    }
}
