package org.gdmc.testing;

import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.Estimator;
import org.gdmc.estimate.EstimatorSet;
import org.gdmc.estimate.ReducedSums;
import org.gdmc.estimate.ReductionKernel;
import org.gdmc.estimate.ReductionPlan;

/** Feeds estimators directly (test side), through the same reduction kernel the backends run. */
public final class Estimates {
    private Estimates() {
    }

    /**
     * Final states (row-major, d per particle) and observables ({@code PathKernel} layout) of n particles, which are
     * also their own reference for the paired terms.
     */
    public record Samples(int dimension, double[] states, double[] observables) {
        public int size() {
            return states.length / dimension;
        }
    }

    /** Reduces the samples in {@code pieces} contiguous, unequal blocks (odd ones 7 longer) merged left to right. */
    public static List<Estimate> run(Estimator e, Samples s, int pieces) {
        EstimatorSet set = EstimatorSet.of(s.dimension(), List.of(e));
        ReductionPlan plan = set.plan();
        int n = s.size();
        double[] reference = new double[2 * n];
        for (int i = 0; i < n; i++) {
            ReductionKernel.reference(s.states(), s.observables(), s.dimension(), i, reference);
        }
        int[] bounds = new int[pieces + 1];
        for (int k = 0; k <= pieces; k++) {
            bounds[k] = (int) ((long) n * k / pieces) + (k > 0 && k < pieces && k % 2 == 1 ? 7 : 0);
        }
        ReducedSums total = new ReducedSums(plan);
        for (int k = 0; k < pieces; k++) {
            double[] sums = new double[plan.blockLength()];
            int[] counts = new int[plan.countsLength()];
            int from = bounds[k];
            int to = bounds[k + 1];
            ReductionKernel.reduce(plan.program(), s.states(), s.observables(), reference, from, to, to - from, sums, 0,
                    counts, 0);
            total.addBlocks(sums, 1);
            total.addCounts(counts);
        }
        return set.estimates(total);
    }

    public static Estimate find(List<Estimate> list, String name) {
        return list.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
