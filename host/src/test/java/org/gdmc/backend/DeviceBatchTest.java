package org.gdmc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeviceBatchTest {
    private static final long GIB = 1L << 30;

    @Test
    void aLargeGpuRunsTheLargestBatch() {
        // an 80 GiB card (OpenCL reports a quarter as the largest allocation) behind a 32 GiB heap
        assertEquals(DeviceBatch.MAX, new DeviceBatch(400, 24, 8).size(80 * GIB, 20 * GIB, 32 * GIB));
    }

    @Test
    void halfTheDeviceMemoryBindsASmallCard() {
        // 1 GiB card: B ≤ 2^29 / 400 = 1342177.28 → 1310 whole blocks
        assertEquals(1310 * 1024, new DeviceBatch(400, 24, 8).size(GIB, GIB, 32 * GIB));
    }

    @Test
    void theLargestAllocationBindsTheWorkSpace() {
        // 64 doubles of work per particle under a 256 MiB allocation limit: B ≤ 2^28 / 512 = 2^19
        assertEquals(1 << 19, new DeviceBatch(700, 64, 8).size(80 * GIB, 256L << 20, 32 * GIB));
    }

    @Test
    void theJavaHeapBindsTheMirroredArrays() {
        // 2 GiB heap: B ≤ 2^30 / 400 = 2684354.56 → 2621 whole blocks
        assertEquals(2621 * 1024, new DeviceBatch(400, 24, 8).size(80 * GIB, 20 * GIB, 2 * GIB));
    }

    @Test
    void aJavaArrayBindsAVeryWideParticle() {
        // 4096 elements per particle: B ≤ (2^31 − 1) / 4096 = 524287.99 → 511 whole blocks
        assertEquals(511 * 1024, new DeviceBatch(40_000, 4096, 4).size(1L << 50, 1L << 50, 1L << 50));
    }

    @Test
    void neverLessThanOneBlock() {
        assertEquals(1024, new DeviceBatch(400, 24, 8).size(1 << 20, 1 << 20, 1 << 20));
    }

    @Test
    void refusesNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceBatch(0, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> new DeviceBatch(1, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new DeviceBatch(1, 1, 0));
    }
}
