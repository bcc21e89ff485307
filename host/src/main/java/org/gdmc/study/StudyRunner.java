package org.gdmc.study;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gdmc.backend.Backend;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.backend.Tasks;
import org.gdmc.estimate.Accumulator;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.Estimator;
import org.gdmc.estimate.ParticleView;
import org.gdmc.estimate.StandardEstimators;
import org.gdmc.guidance.Guidance;
import org.gdmc.sampler.PathKernel;

/**
 * Runs a study in batches and reduces it with the estimators.
 *
 * <p>Reproducible by construction: particle i always gets the noise of (seed, i, step); the reduction works on fixed
 * blocks of {@value #BLOCK} consecutive particles (block b holds particles [b·BLOCK, (b+1)·BLOCK)), each block's
 * accumulator is filled in particle order, and block accumulators are merged strictly left to right. Batches hold
 * whole blocks. So every figure is bit-identical whatever the thread count or batch size.
 */
public final class StudyRunner {
    /** Particles per reduction block. */
    public static final int BLOCK = 1024;

    private final Backend backend;
    private final int threads;

    public StudyRunner(Backend backend) {
        this.backend = backend;
        this.threads = backend.parallelism();
    }

    /** Rounds a requested batch size up to whole blocks. */
    public static int effectiveBatchSize(int requested) {
        long blocks = Math.max(1, ((long) requested + BLOCK - 1) / BLOCK);
        return (int) Math.min(blocks * BLOCK, (Integer.MAX_VALUE / BLOCK) * (long) BLOCK);
    }

    public StudyResult run(StudySpec spec, ProgressListener progress) {
        long t0 = System.nanoTime();
        SimulationSpec sim = spec.simulation();
        int d = sim.target().dimension();
        List<Guidance> guidances = sim.guidances();
        int gCount = guidances.size();
        List<Estimator> estimators = StandardEstimators.forStudy(sim.target(), sim.cls(), spec.supportOptions());
        int batchSize = (int) Math.min(effectiveBatchSize(spec.batchSize()),
                ((spec.particles() + BLOCK - 1) / BLOCK) * BLOCK);
        ParticleBatch batch = new ParticleBatch(gCount, d, batchSize);
        boolean[][] finite = new boolean[gCount][batchSize];
        Accumulator[][] totals = new Accumulator[gCount][estimators.size()];
        for (int g = 0; g < gCount; g++) {
            for (int e = 0; e < estimators.size(); e++) {
                totals[g][e] = estimators.get(e).newAccumulator();
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gdmc-reduce");
            t.setDaemon(true);
            return t;
        });
        try {
            for (long first = 0; first < spec.particles(); first += batchSize) {
                int count = (int) Math.min(batchSize, spec.particles() - first);
                batch.reset(first, count);
                backend.simulate(sim, batch);
                for (int g = 0; g < gCount; g++) {
                    markFinite(batch.states(g), batch.observables(g), d, count, finite[g]);
                }
                int blocks = (count + BLOCK - 1) / BLOCK;
                for (int g = 0; g < gCount; g++) {
                    Accumulator[][] perBlock = reduceBlocks(pool, estimators, batch, finite, g, blocks, count);
                    for (int b = 0; b < blocks; b++) {
                        for (int e = 0; e < estimators.size(); e++) {
                            totals[g][e].merge(perBlock[b][e]);
                        }
                    }
                }
                progress.batchDone(first + count, spec.particles(), (System.nanoTime() - t0) * 1e-9);
            }
        } finally {
            pool.shutdownNow();
        }
        List<GuidanceResult> results = new ArrayList<>();
        for (int g = 0; g < gCount; g++) {
            List<Estimate> estimates = new ArrayList<>();
            for (Accumulator a : totals[g]) {
                estimates.addAll(a.estimates());
            }
            Guidance guidance = guidances.get(g);
            results.add(new GuidanceResult(guidance.describe(), guidance.strength(), guidance.equivalentWeight(),
                    estimates));
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        long particleSteps = spec.particles() * sim.plan().steps() * gCount;
        return new StudyResult(results, particleSteps, seconds, backend.name(), backend.deviceName());
    }

    private Accumulator[][] reduceBlocks(ExecutorService pool, List<Estimator> estimators, ParticleBatch batch,
                                         boolean[][] finite, int g, int blocks, int count) {
        Accumulator[][] perBlock = new Accumulator[blocks][];
        List<Future<?>> futures = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            int block = b;
            futures.add(pool.submit(() -> {
                int from = block * BLOCK;
                int to = Math.min(count, from + BLOCK);
                ParticleView view = new ParticleView(batch.dimension(), batch.states(g), batch.observables(g),
                        finite[g], batch.observables(0), finite[0], from, to);
                Accumulator[] accs = new Accumulator[estimators.size()];
                for (int e = 0; e < accs.length; e++) {
                    accs[e] = estimators.get(e).newAccumulator();
                    accs[e].add(view);
                }
                perBlock[block] = accs;
            }));
        }
        Tasks.awaitAll(futures, "reduction");
        return perBlock;
    }

    /** A particle is finite when every coordinate of its final state and its data-law logit are not NaN or ±∞. */
    static void markFinite(double[] states, double[] obs, int d, int count, boolean[] finite) {
        for (int i = 0; i < count; i++) {
            boolean ok = !Double.isNaN(obs[i * PathKernel.OBS_LENGTH + PathKernel.OBS_DATA_LOGIT]);
            for (int j = 0; j < d && ok; j++) {
                ok = Double.isFinite(states[i * d + j]);
            }
            finite[i] = ok;
        }
    }
}
