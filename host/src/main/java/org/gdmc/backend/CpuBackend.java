package org.gdmc.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gdmc.guidance.Guidance;
import org.gdmc.sampler.PathKernel;
import org.gdmc.sampler.StepPlan;

/**
 * The reference backend: double precision on all CPU cores. A batch is cut into chunks of {@value #CHUNK} particles
 * handed to a fixed pool; each particle's path is independent of the others, so the output does not depend on the
 * thread count.
 */
public final class CpuBackend implements Backend {
    /** Particles per task. */
    static final int CHUNK = 256;

    private final int threads;
    private final ExecutorService pool;

    /** @param threads worker threads; 0 means all available processors */
    public CpuBackend(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "gdmc-cpu");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String deviceName() {
        return System.getProperty("os.arch") + " CPU, " + threads + " thread" + (threads == 1 ? "" : "s")
                + ", float64";
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public void simulate(SimulationSpec spec, ParticleBatch batch) {
        List<Future<?>> futures = new ArrayList<>();
        for (int start = 0; start < batch.count(); start += CHUNK) {
            int from = start;
            int to = Math.min(batch.count(), start + CHUNK);
            futures.add(pool.submit(() -> simulateRange(spec, batch, from, to)));
        }
        Tasks.awaitAll(futures, "CPU backend task");
    }

    private static void simulateRange(SimulationSpec spec, ParticleBatch batch, int from, int to) {
        int d = batch.dimension();
        double[] params = spec.target().packedParams();
        int[] meta = spec.target().packedMeta();
        StepPlan plan = spec.plan();
        double[] packed = plan.packedView();
        int kernel = plan.sampler().kernel();
        int steps = plan.steps();
        double[] err = spec.scoreError().packed(d);
        double[] work = new double[PathKernel.workLength(d)];
        long[] words = new long[PathKernel.wordsLength()];
        for (int g = 0; g < spec.guidances().size(); g++) {
            Guidance guidance = spec.guidances().get(g);
            double[] states = batch.states(g);
            double[] obs = batch.observables(g);
            for (int i = from; i < to; i++) {
                PathKernel.simulate(kernel, packed, steps, params, meta, spec.cls(), guidance.code(),
                        guidance.strength(), err, spec.seed(), batch.first() + i,
                        states, i * d, obs, i * PathKernel.OBS_LENGTH, work, 0, words, 0);
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
