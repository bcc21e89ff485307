package org.gdmc.tornado;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.check.Check;
import org.gdmc.check.Finding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pieces of the path kernel, each compiled alone for the device and held against the CPU ({@link DeviceChecks},
 * the same checks {@code gdmc selfcheck} runs first): Philox known answers, gdmc's double maths in ulps, normals,
 * interval masses, support location and mixture scores, then the block sums' work-group tree. When a whole path disagrees, these say which piece the device
 * compiler got wrong.
 */
class KernelPiecesTest {
    /** Every check selfcheck runs before the backend-wide ones: the pieces and the block sums' work-group tree. */
    static List<Check> checks() {
        return new TornadoBackendProvider().kernelChecks(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void pieceAgreesWithTheCpu(Check check) {
        Finding f = check.run();
        System.out.println(check.name() + ": " + f.detail());
        assertTrue(f.passed(), check.name() + ": " + f.detail());
    }
}
