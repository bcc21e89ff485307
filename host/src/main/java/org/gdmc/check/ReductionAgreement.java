package org.gdmc.check;

import java.util.List;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BatchSums;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.EstimatorSet;
import org.gdmc.estimate.Event;
import org.gdmc.estimate.ReducedSums;
import org.gdmc.estimate.ReductionKernel;
import org.gdmc.estimate.StandardEstimators;
import org.gdmc.estimate.SupportOptions;
import org.gdmc.estimate.WorkGroupTree;

/**
 * How two reductions of the same particles agree. Block sums are compared where both sides sum in the same order;
 * across orders (the CPU in particle order, a device by work-group tree) the estimates are compared instead, since a
 * block's central co-moments cancel to near zero and carry the rounding of its mean.
 */
public final class ReductionAgreement {
    private ReductionAgreement() {
    }

    /**
     * The study's standard estimators with default support options, and one event of each kind around the class's
     * mean (the half-space beyond it along the first axis, the unit box and the unit ball about it): what the
     * reduction checks reduce.
     */
    public static EstimatorSet standardEstimators(SimulationSpec spec) {
        int d = spec.target().dimension();
        double[] m = spec.target().classMean(spec.cls());
        double[] axis = new double[d];
        axis[0] = 1.0;
        double[] lo = new double[d];
        double[] hi = new double[d];
        for (int j = 0; j < d; j++) {
            lo[j] = m[j] - 1.0;
            hi[j] = m[j] + 1.0;
        }
        List<Event> events = List.of(Event.halfSpace("beyondMean", axis, m[0]), Event.box("unitBox", lo, hi),
                Event.ball("unitBall", m, 1.0));
        return EstimatorSet.of(d, StandardEstimators.forStudy(spec.target(), spec.cls(),
                SupportOptions.defaults(spec.target(), 0), null, null, events));
    }

    /** The paired terms' references of a batch's particles: guidance 0's logits and finite flags. */
    public static double[] references(ParticleBatch particles) {
        double[] ref = new double[2 * particles.capacity()];
        for (int i = 0; i < particles.count(); i++) {
            ReductionKernel.reference(particles.states(0), particles.observables(0), particles.dimension(), i, ref);
        }
        return ref;
    }

    /** {@link WorkGroupTree}'s block sums of guidance g's particles, every block of the batch. */
    public static double[] treeSums(double[] prog, ParticleBatch particles, int g, double[] ref) {
        int blocks = (particles.count() + BatchSums.BLOCK - 1) / BatchSums.BLOCK;
        double[] tree = new double[blocks * ReductionKernel.blockLength(prog)];
        for (int b = 0; b < blocks; b++) {
            WorkGroupTree.reduce(prog, particles.states(g), particles.observables(g), ref, particles.count(), b, tree,
                    0);
        }
        return tree;
    }

    /** Guidance g's reduced sums of a batch, as a study merges them. */
    public static ReducedSums sums(EstimatorSet set, BatchSums batch, int g) {
        ReducedSums r = new ReducedSums(set.plan(), batch.first() / BatchSums.BLOCK);
        r.addBlocks(batch.blockSums(g), batch.blocks());
        r.addCounts(batch.counts(g));
        return r;
    }

    /**
     * The largest |x − y|/(1 + |x|) over the values and standard errors of every estimate of guidance g
     * ({@link PathAgreement#worst}), or +∞ when the two disagree on an estimate's name or count.
     */
    public static double worstEstimate(EstimatorSet set, BatchSums a, BatchSums b, int g) {
        List<Estimate> x = set.estimates(sums(set, a, g));
        List<Estimate> y = set.estimates(sums(set, b, g));
        if (x.size() != y.size()) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0.0;
        for (int k = 0; k < x.size(); k++) {
            Estimate p = x.get(k);
            Estimate q = y.get(k);
            if (!p.name().equals(q.name()) || p.count() != q.count()) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, PathAgreement.worst(new double[] {p.value(), p.stdError()},
                    new double[] {q.value(), q.stdError()}, 2));
        }
        return worst;
    }

    /**
     * A device's block sums against {@link WorkGroupTree} over the device's own particles (copied back by a sampling
     * run of the same batch: the same kernel and noise), every guidance of the spec.
     *
     * @param same  block-sum slots equal bit for bit
     * @param slots slots compared
     * @param worst the largest relative difference of the others ({@link PathAgreement#worst})
     */
    public record TreeReproduction(long same, long slots, double worst) {
        /** Reduces and samples particles first … first + count − 1 on the backend and rebuilds its block sums. */
        public static TreeReproduction of(Backend device, SimulationSpec spec, EstimatorSet set, long first,
                                          int count) {
            int guidances = spec.guidances().size();
            int d = spec.target().dimension();
            int capacity = (count + BatchSums.BLOCK - 1) / BatchSums.BLOCK * BatchSums.BLOCK;
            BatchSums sums = new BatchSums(guidances, set.plan(), capacity);
            sums.reset(first, count);
            ParticleBatch particles = new ParticleBatch(guidances, d, capacity);
            particles.reset(first, count);
            device.reduce(spec, set.plan(), sums);
            device.simulate(spec, particles);
            double[] ref = references(particles);
            long same = 0;
            long slots = 0;
            double worst = 0.0;
            for (int g = 0; g < guidances; g++) {
                double[] tree = treeSums(set.plan().program(), particles, g, ref);
                worst = Math.max(worst, PathAgreement.worst(tree, sums.blockSums(g), tree.length));
                for (int k = 0; k < tree.length; k++) {
                    same += Double.compare(tree[k], sums.blockSums(g)[k]) == 0 ? 1 : 0;
                }
                slots += tree.length;
            }
            return new TreeReproduction(same, slots, worst);
        }
    }
}
