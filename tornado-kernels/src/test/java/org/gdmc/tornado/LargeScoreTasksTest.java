package org.gdmc.tornado;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdmc.check.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The large mixture's tiled score kernel against the CPU's blocked score, per particle, on the device (PoCL here):
 * within 1e-12 relative, isotropic, shared-diagonal and low-rank (rank 3), with K, d and the particle count off every
 * tile and group size. {@link KernelPiecesTest} runs the same check among the pieces; this one runs it alone, first.
 */
@DisabledIfSystemProperty(named = "tornado.virtual.device", matches = "(?i)true")
class LargeScoreTasksTest {
    @Test
    void theTiledKernelAgreesWithTheBlockedScore() {
        Finding f = LargeScoreTasks.check(0, 1e-12);
        System.out.println("large-mixture score tiles: " + f.detail());
        assertTrue(f.passed(), f.detail());
    }
}
