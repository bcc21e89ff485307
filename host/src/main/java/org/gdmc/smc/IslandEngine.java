package org.gdmc.smc;

/**
 * Where a batch of whole SMC islands runs when not on the CPU's {@link Island}s: a device backend's engine
 * ({@link org.gdmc.backend.Backend#islands}), which runs the phases of {@link IslandKernel} as tasks over every
 * particle (and every island) of the batch, resampling inside each island between its nodes. It draws the same noise
 * and uniforms as the CPU, so each island's particles, weights and log Ẑ equal the CPU's to rounding (an ancestor
 * can differ only where rounding moves a particle's weight across a systematic draw's point); the study runner folds
 * the islands into their nodes on the CPU.
 */
public interface IslandEngine extends AutoCloseable {
    /** Most islands per call. */
    int capacity();

    /**
     * Runs islands first … first + count − 1 (count ≤ {@link #capacity}) moving under guidance g of the program
     * towards Q_t = p_t(x | c)^a p_t(x)^b, and fills out with their final particles and figures.
     *
     * @param logPrior log π_c, the class's prior mass
     */
    void run(int g, double a, double b, double logPrior, long first, int count, IslandBatch out);

    @Override
    void close();
}
