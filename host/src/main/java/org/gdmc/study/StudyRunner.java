package org.gdmc.study;

import java.util.function.Consumer;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BatchSums;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.fields.ConfigException;
import org.gdmc.smc.SmcOptions;
import org.gdmc.smc.SmcRunner;
import org.gdmc.smc.SmcSection;

/**
 * Runs a study in batches: the backend simulates and reduces each batch ({@link Backend#reduce}), and the batches'
 * sums are folded into a {@link StudyState}.
 *
 * <p>Reproducible by construction: particle i always gets the noise of (seed, i, step); block b holds particles
 * [b·BLOCK, (b+1)·BLOCK), each block's sums are taken in particle order and merged along a fixed tree over the block
 * index, and histogram counts are exact integers. Batches and shards hold whole blocks. So every figure is
 * bit-identical whatever the thread count, batch size, shard layout or interruptions.
 */
public final class StudyRunner {
    /** Particles per reduction block. */
    public static final int BLOCK = BatchSums.BLOCK;
    /** Label of the comparisons of each guidance with the sweep's first, e.g. {@code density.tvSweepFirst}. */
    public static final String SWEEP_FIRST = "SweepFirst";

    private final Backend backend;

    public StudyRunner(Backend backend) {
        this.backend = backend;
    }

    /** Rounds a requested batch size up to whole blocks. */
    public static int effectiveBatchSize(int requested) {
        long blocks = Math.max(1, ((long) requested + BLOCK - 1) / BLOCK);
        return (int) Math.min(blocks * BLOCK, (Integer.MAX_VALUE / BLOCK) * (long) BLOCK);
    }

    /**
     * The particles per batch a study runs in on a backend: its own batch size, or the backend's choice when it leaves
     * that open (0), rounded up to whole blocks, and no larger than the span of whole blocks to run.
     */
    public static int batchSize(StudySpec spec, Backend backend, long span) {
        int requested = spec.batchSize() > 0 ? spec.batchSize() : backend.batchSize(spec.simulation());
        return (int) Math.min(effectiveBatchSize(requested), Math.max(BLOCK, ((span + BLOCK - 1) / BLOCK) * BLOCK));
    }

    /** Runs the whole study. */
    public StudyResult run(StudySpec spec, ProgressListener progress) {
        StudyState state = StudyState.start(spec, Shard.WHOLE);
        advance(state, progress, s -> { });
        return state.finish();
    }

    /**
     * Runs the batches that take the state from its end to its shard's end, calling {@code afterBatch} with the state
     * after each (to checkpoint it). Progress counts the shard's particles and the wall time of all runs behind it.
     */
    public void advance(StudyState state, ProgressListener progress, Consumer<StudyState> afterBatch) {
        if (state.spec().smc() != null) {
            advanceSmc(state, progress, afterBatch);
            return;
        }
        StudySpec spec = state.spec();
        SimulationSpec sim = spec.simulation();
        int gCount = sim.guidances().size();
        long span = state.target() - state.first();
        int batchSize = batchSize(spec, backend, span);
        BatchSums batch = new BatchSums(gCount, state.estimators().plan(), batchSize,
                state.keepCapacity(batchSize));
        String device = backend.deviceName(sim);
        batches(state, progress, afterBatch, start -> {
            int count = (int) Math.min(batchSize, state.target() - start);
            batch.reset(start, count);
            batch.setKeep(state.keepFromNextBatch(count));
            backend.reduce(sim, state.estimators().plan(), batch);
            return seconds -> state.add(batch, backend.name(), device, seconds);
        });
    }

    /** One batch: runs the particles from {@code start} and returns how to fold them into the state, given its time. */
    private interface Batch {
        java.util.function.DoubleConsumer run(long start);
    }

    /**
     * Runs batches until the state is done: each is timed from the end of the previous one's fold (so the wall time
     * covers everything a batch costs), then progress is reported and {@code afterBatch} called.
     */
    private static void batches(StudyState state, ProgressListener progress, Consumer<StudyState> afterBatch,
                                Batch batch) {
        long span = state.target() - state.first();
        long t0 = System.nanoTime();
        while (!state.done()) {
            java.util.function.DoubleConsumer fold = batch.run(state.end());
            long t1 = System.nanoTime();
            fold.accept((t1 - t0) * 1e-9);
            t0 = t1;
            progress.batchDone(state.end() - state.first(), span, state.wallSeconds());
            afterBatch.accept(state);
        }
    }

    /**
     * The most islands a batch may hold so that their nodes, one per guidance value and island until the batch is
     * folded, take at most an eighth of the heap: a node holds a 1-D histogram in 32 stripes (1 MiB), so a device's
     * batch of millions of particles would otherwise hold gigabytes of nodes. Results do not depend on it.
     */
    static int islandsWhoseNodesFit(StudySpec spec, org.gdmc.smc.IslandTerms terms) {
        long bytes = 8L * org.gdmc.smc.IslandMeans.length(terms.count(), terms.cells())
                * spec.simulation().guidances().size();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 8 / bytes));
    }

    /**
     * As {@link #advance}, for a study under {@code sampler.smc}: batches of whole islands, on the backend's island
     * engine when it has one ({@link Backend#islands}: a device), else on the CPU ({@link SmcRunner}, on the backend's
     * thread count).
     */
    private void advanceSmc(StudyState state, ProgressListener progress, Consumer<StudyState> afterBatch) {
        StudySpec spec = state.spec();
        SmcOptions smc = spec.smc();
        if (state.first() % smc.island() != 0 || state.target() % smc.island() != 0) {
            throw new ConfigException("sampler.smc.island", "this shard holds particles [" + state.first() + ", "
                    + state.target() + "), which cut an island of " + smc.island() + "; use fewer shards or "
                    + "island: " + SmcSection.BLOCK);
        }
        long span = state.target() - state.first();
        org.gdmc.smc.IslandTerms terms = spec.islandTerms();
        int islandsPerBatch = Math.max(1, Math.min(batchSize(spec, backend, span) / smc.island(),
                islandsWhoseNodesFit(spec, terms)));
        SmcRunner opened;
        try {
            opened = new SmcRunner(spec.simulation(), smc, terms, backend.parallelism(), backend,
                    islandsPerBatch);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--backend", backend.name() + " cannot run these SMC islands: "
                    + e.getMessage());
        }
        try (SmcRunner runner = opened) {
            if (!runner.onDevice() && !backend.name().equals("cpu")) {
                throw new ConfigException("--backend", backend.name() + " has no engine for SMC islands; use the "
                        + "cpu");
            }
            String device = backend.deviceName(spec.simulation()) + ", SMC islands";
            batches(state, progress, afterBatch, start -> {
                int islands = (int) Math.min(islandsPerBatch, (state.target() - start) / smc.island());
                double[][][] nodes = runner.run(start / smc.island(), islands);
                return seconds -> state.addIslands(nodes, islands * smc.island(), backend.name(), device, seconds);
            });
        }
    }
}
