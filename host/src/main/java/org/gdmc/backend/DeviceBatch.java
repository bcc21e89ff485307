package org.gdmc.backend;

/**
 * The batch a device runs when the study leaves the choice to it: as many particles as fit, up to {@link #MAX}, in
 * whole blocks of 1024. A batch of B particles holds {@code bytesPerParticle·B} bytes on the device (its work space,
 * noise words, states, observables and reduction scratch), of which the largest single array is
 * {@code largestArrayElements·B} elements of {@code elementBytes} bytes; TornadoVM mirrors each array on the Java heap.
 * So B is the largest multiple of 1024 with
 * <pre>
 *   bytesPerParticle·B ≤ deviceMemory / 2       (room for the runtime, the reduction tables, another process)
 *   largestArrayElements·elementBytes·B ≤ maxAllocation
 *   largestArrayElements·B ≤ 2^31 − 1            (a Java array's length)
 *   bytesPerParticle·B ≤ heap / 2
 * </pre>
 * and B ≤ {@link #MAX}: 2^22 particles are some fifteen waves of a large GPU's resident threads (an H100 keeps 132 ×
 * 2048), enough to hide latency, while the per-batch reductions and the host's merge stay short.
 *
 * @param bytesPerParticle     device bytes per particle, summed over every array sized by the batch
 * @param largestArrayElements elements per particle of the largest single array
 * @param elementBytes         bytes of one element of that array
 */
public record DeviceBatch(long bytesPerParticle, long largestArrayElements, int elementBytes) {
    /** The largest batch chosen automatically: 2^22 particles. */
    public static final int MAX = 1 << 22;

    public DeviceBatch {
        if (bytesPerParticle < 1 || largestArrayElements < 1 || elementBytes < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + bytesPerParticle + ", "
                    + largestArrayElements + ", " + elementBytes);
        }
    }

    /** The batch for a device with this much global memory and largest allocation, and a host heap of this size. */
    public int size(long deviceMemory, long maxAllocation, long heap) {
        long b = MAX;
        b = Math.min(b, deviceMemory / 2 / bytesPerParticle);
        b = Math.min(b, maxAllocation / (largestArrayElements * elementBytes));
        b = Math.min(b, Integer.MAX_VALUE / largestArrayElements);
        b = Math.min(b, heap / 2 / bytesPerParticle);
        return (int) Math.max(BatchSums.BLOCK, b / BatchSums.BLOCK * BatchSums.BLOCK);
    }
}
