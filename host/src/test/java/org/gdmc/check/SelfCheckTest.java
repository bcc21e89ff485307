package org.gdmc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.BackendProvider;
import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.CpuBackendProvider;
import org.gdmc.backend.Pieces;
import org.junit.jupiter.api.Test;

class SelfCheckTest {
    /** A provider whose "float64" backend is really the CPU's float32 path: doubles computed in single precision. */
    private static final BackendProvider SINGLE_PRECISION_DOUBLES = new BackendProvider() {
        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String unavailableReason() {
            return null;
        }

        @Override
        public List<String> devices() {
            return List.of("a device whose doubles are floats");
        }

        @Override
        public String precisions() {
            return "float64 (not really)";
        }

        @Override
        public BackendOptions.Precision defaultPrecision() {
            return BackendOptions.Precision.FLOAT64;
        }

        @Override
        public Backend open(BackendOptions options) {
            return new CpuBackend(1, true);
        }
    };

    @Test
    void everyCheckRunsAndFailuresAreCountedAndNamed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int failed = SelfCheck.run(List.of(
                Check.of("agrees", () -> Finding.pass("0 ulp")),
                Check.of("disagrees", () -> Finding.fail("3 ulp")),
                Check.of("throws", () -> {
                    throw new IllegalStateException("no device");
                }),
                Check.of("still runs", () -> Finding.pass("ok"))), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, failed, out);
        assertTrue(out.contains("pass  agrees: 0 ulp"), out);
        assertTrue(out.contains("FAIL  disagrees: 3 ulp"), out);
        assertTrue(out.contains("FAIL  throws: IllegalStateException: no device"), out);
        assertTrue(out.contains("pass  still runs: ok"), out);
    }

    @Test
    void doublesComputedInSinglePrecisionAreCaughtAndNamed() {
        Finding f = BackendChecks.float64Paths(SINGLE_PRECISION_DOUBLES, 0,
                Pieces.examples(BackendChecks.STEPS).subList(0, 2));
        assertFalse(f.passed(), f.detail());
        assertTrue(f.detail().contains("single precision"), f.detail());
    }

    @Test
    void theCpuPassesItsOwnPathAndReductionChecks() {
        BackendProvider cpu = new CpuBackendProvider();
        List<Pieces.Example> some = Pieces.examples(BackendChecks.STEPS).subList(0, 3);
        Finding f64 = BackendChecks.float64Paths(cpu, 0, some);
        Finding f32 = BackendChecks.float32Paths(cpu, 0, some);
        Finding sums = BackendChecks.reductions(cpu, 0);
        assertTrue(f64.passed() && f32.passed() && sums.passed(), f64 + "\n" + f32 + "\n" + sums);
    }
}
