package org.gdmc.study;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BatchSums;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.EstimatorSet;
import org.gdmc.estimate.KnnEntropy;
import org.gdmc.estimate.ReducedSums;
import org.gdmc.estimate.StandardEstimators;
import org.gdmc.guidance.Guidance;
import org.gdmc.reference.FokkerPlanck1d;
import org.gdmc.reference.ReferenceLaw;
import org.gdmc.sampler.StepPlan;

/**
 * Runs a study in batches: the backend simulates and reduces each batch ({@link Backend#reduce}), and the batches'
 * sums are merged here.
 *
 * <p>Reproducible by construction: particle i always gets the noise of (seed, i, step); block b holds particles
 * [b·BLOCK, (b+1)·BLOCK), each block's sums are taken in particle order and merged strictly left to right, and
 * histogram counts are exact integers. Batches hold whole blocks. So every figure is bit-identical whatever the thread
 * count or batch size.
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
     * The 1-D Fokker–Planck (stochastic samplers) or continuity-equation (probability-flow sampler) reference for the
     * guidance, in continuous time from the simulation's T to δ, Richardson-extrapolated from 2048 and 4096 cells.
     */
    static ReferenceLaw exactLaw(SimulationSpec sim, Guidance g) {
        StepPlan plan = sim.plan();
        boolean sde = plan.sampler().stochastic();
        FokkerPlanck1d.Problem p = new FokkerPlanck1d.Problem(sim.target(), sim.cls(), g, sim.scoreError(),
                plan.process(), plan.grid().horizon(), plan.grid().delta(),
                sde ? FokkerPlanck1d.Dynamics.REVERSE_SDE : FokkerPlanck1d.Dynamics.PROBABILITY_FLOW);
        return FokkerPlanck1d.solveRefined(p, FokkerPlanck1d.Discretisation.covering(sim.target(), 4096,
                sde ? 2000 : 1000));
    }

    public StudyResult run(StudySpec spec, ProgressListener progress) {
        long t0 = System.nanoTime();
        SimulationSpec sim = spec.simulation();
        List<Guidance> guidances = sim.guidances();
        int gCount = guidances.size();
        EstimatorSet estimators = EstimatorSet.of(sim.target().dimension(), StandardEstimators.forStudy(
                sim.target(), sim.cls(), spec.supportOptions(), spec.exactLaw() ? g -> exactLaw(sim, g) : null));
        int batchSize = (int) Math.min(effectiveBatchSize(spec.batchSize()),
                ((spec.particles() + BLOCK - 1) / BLOCK) * BLOCK);
        KnnSamples knn = new KnnSamples(spec);
        BatchSums batch = new BatchSums(gCount, estimators.plan(), batchSize, Math.min(batchSize, knn.wanted));
        ReducedSums[] totals = new ReducedSums[gCount];
        for (int g = 0; g < gCount; g++) {
            totals[g] = new ReducedSums(estimators.plan());
        }
        for (long first = 0; first < spec.particles(); first += batchSize) {
            int count = (int) Math.min(batchSize, spec.particles() - first);
            batch.reset(first, count);
            batch.setKeep((int) Math.max(0, Math.min(count, knn.wanted - first)));
            backend.reduce(sim, estimators.plan(), batch);
            knn.collect(batch);
            for (int g = 0; g < gCount; g++) {
                totals[g].addBlocks(batch.blockSums(g), batch.blocks());
                totals[g].addCounts(batch.counts(g));
            }
            progress.batchDone(first + count, spec.particles(), (System.nanoTime() - t0) * 1e-9);
        }
        List<GuidanceResult> results = new ArrayList<>();
        for (int g = 0; g < gCount; g++) {
            Guidance guidance = guidances.get(g);
            List<Estimate> estimates = new ArrayList<>(estimators.estimates(totals[g], guidance));
            estimates.addAll(estimators.compare(totals[g], totals[0], SWEEP_FIRST));
            estimates.addAll(knn.estimates(g));
            results.add(new GuidanceResult(guidance.describe(), guidance.strength(), guidance.equivalentWeight(),
                    estimates));
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        long particleSteps = spec.particles() * sim.plan().steps() * gCount;
        return new StudyResult(results, particleSteps, seconds, backend.name(), backend.deviceName(), estimators,
                List.of(totals));
    }

    /**
     * The final states of the first min(knnSamples, N) particles of every guidance, kept by the backend as it reduces
     * them ({@link BatchSums#setKeep}), and their k-NN entropy ({@link KnnEntropy}). Non-finite states are left out
     * (they are counted by {@code nonFinite}).
     */
    private static final class KnnSamples {
        private final int k;
        private final int wanted;
        private final int d;
        private final double[][] states;
        private final int[] kept;

        KnnSamples(StudySpec spec) {
            SimulationSpec sim = spec.simulation();
            int g = sim.guidances().size();
            this.k = spec.knn().neighbours();
            this.wanted = (int) Math.min(spec.knn().samples(), spec.particles());
            this.d = sim.target().dimension();
            this.states = new double[wanted == 0 ? 0 : g][wanted * d];
            this.kept = new int[g];
        }

        void collect(BatchSums batch) {
            for (int g = 0; g < states.length; g++) {
                double[] s = batch.keptStates(g);
                for (int i = 0; i < batch.keep(); i++) {
                    boolean finite = true;
                    for (int j = 0; j < d; j++) {
                        finite &= Double.isFinite(s[i * d + j]);
                    }
                    if (finite) {
                        System.arraycopy(s, i * d, states[g], kept[g] * d, d);
                        kept[g]++;
                    }
                }
            }
        }

        List<Estimate> estimates(int g) {
            if (wanted == 0) {
                return List.of();
            }
            if (kept[g] <= k) {
                return List.of(new Estimate("knn.entropy", Double.NaN, Double.NaN, kept[g]));
            }
            KnnEntropy.Result r = KnnEntropy.estimate(states[g], kept[g], d, k);
            return List.of(new Estimate("knn.entropy", r.value(), r.stdError(), r.count()));
        }
    }
}
