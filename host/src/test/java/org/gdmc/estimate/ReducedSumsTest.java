package org.gdmc.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.gdmc.rng.NormalVariates;
import org.gdmc.kernel.PathKernel;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.junit.jupiter.api.Test;

/**
 * Merging the reduced sums of runs of particles (as shards do) gives exactly what one run over all of them gives:
 * the sums are merged along a fixed tree over the block index, so even the rounding is the same.
 */
class ReducedSumsTest {
    private static final int BLOCK = 1024;

    private static ReducedSums reduce(ReductionPlan plan, double[] states, double[] obs, double[] ref, int from, int to) {
        int blocks = (to - from + BLOCK - 1) / BLOCK;
        double[] sums = new double[blocks * plan.blockLength()];
        int[] counts = new int[plan.countsLength()];
        ReductionKernel.reduce(plan.program(), states, obs, ref, from, to, BLOCK, sums, 0, counts, 0);
        ReducedSums r = new ReducedSums(plan, from / BLOCK);
        r.addBlocks(sums, blocks);
        r.addCounts(counts);
        return r;
    }

    @Test
    void mergedPiecesEqualTheWhole() {
        Mixture m = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.5, new double[] {1, 0}, 1.0),
                GaussianComponent.isotropic(1, 0.5, new double[] {-1, 0}, 1.0)));
        int n = 10 * BLOCK + 300;
        int d = 2;
        double[] states = new double[n * d];
        double[] obs = new double[n * PathKernel.OBS_LENGTH];
        double[] z = new double[4];
        long[] words = new long[4];
        for (int i = 0; i < n; i++) {
            NormalVariates.fill(5L, i, 0, z, 0, 4, words);
            states[i * d] = 1 + z[0];
            states[i * d + 1] = 0.5 * z[0] + z[1];
            obs[i * PathKernel.OBS_LENGTH + PathKernel.OBS_DATA_LOGIT] = 2 * states[i * d] + 0.1 * z[2];
            obs[i * PathKernel.OBS_LENGTH + PathKernel.OBS_END_LOGIT] = z[3];
        }
        double[] ref = new double[2 * n];
        for (int i = 0; i < n; i++) {
            ReductionKernel.reference(states, obs, d, i, ref);
        }
        EstimatorSet set = EstimatorSet.of(d, StandardEstimators.forStudy(m, 0, SupportOptions.defaults(m, 0)));
        ReducedSums whole = reduce(set.plan(), states, obs, ref, 0, n);
        ReducedSums merged = reduce(set.plan(), states, obs, ref, 0, 3 * BLOCK);
        merged.merge(reduce(set.plan(), states, obs, ref, 3 * BLOCK, 7 * BLOCK));
        merged.merge(reduce(set.plan(), states, obs, ref, 7 * BLOCK, n));
        List<Estimate> a = set.estimates(whole);
        List<Estimate> b = set.estimates(merged);
        assertEquals(a.size(), b.size());
        for (int k = 0; k < a.size(); k++) {
            Estimate x = a.get(k);
            Estimate y = b.get(k);
            assertEquals(x.name(), y.name());
            assertEquals(x.count(), y.count(), x.name());
            assertEquals(x.value(), y.value(), 0.0, x.name());
            assertEquals(x.stdError(), y.stdError(), 0.0, x.name());
        }
        for (int k = 0; k < set.plan().countsLength(); k++) {
            assertEquals(whole.count(0, k), merged.count(0, k), "count " + k);
        }
    }
}
