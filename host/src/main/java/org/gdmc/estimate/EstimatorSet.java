package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.guidance.Guidance;
import org.gdmc.reference.ReferenceLaw;

/** A study's estimators declared in one {@link ReductionPlan}, and the readers of their estimates. */
public final class EstimatorSet {
    private final ReductionPlan plan;
    private final List<Estimator.Reader> readers;
    private final List<Estimator> estimators;

    private EstimatorSet(ReductionPlan plan, List<Estimator.Reader> readers, List<Estimator> estimators) {
        this.plan = plan;
        this.readers = readers;
        this.estimators = estimators;
    }

    public static EstimatorSet of(int dimension, List<Estimator> estimators) {
        ReductionPlan.Builder b = ReductionPlan.builder(dimension);
        List<Estimator.Reader> readers = new ArrayList<>();
        for (Estimator e : estimators) {
            readers.add(e.declare(b));
        }
        return new EstimatorSet(b.build(), List.copyOf(readers), List.copyOf(estimators));
    }

    /** {@link Estimator#prepare} of every estimator; returns this set. */
    public EstimatorSet prepare(List<Guidance> guidances) {
        for (Estimator e : estimators) {
            e.prepare(guidances);
        }
        return this;
    }

    public ReductionPlan plan() {
        return plan;
    }

    /** The set's first estimator of the given type, or null. */
    public <T extends Estimator> T find(Class<T> type) {
        for (Estimator e : estimators) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }

    /** Every estimator's estimates, in declaration order. */
    public List<Estimate> estimates(ReducedSums sums) {
        List<Estimate> out = new ArrayList<>();
        for (Estimator.Reader r : readers) {
            out.addAll(r.estimates(sums));
        }
        return out;
    }

    /** Every estimator's estimates of particles simulated under the guidance, in declaration order. */
    public List<Estimate> estimates(ReducedSums sums, Guidance guidance) {
        List<Estimate> out = new ArrayList<>();
        for (Estimator.Reader r : readers) {
            out.addAll(r.estimates(sums, guidance));
        }
        return out;
    }

    /** The estimates of sums against a reference law ({@link Estimator.Reader#against}). */
    public List<Estimate> against(ReducedSums sums, ReferenceLaw law, String label) {
        List<Estimate> out = new ArrayList<>();
        for (Estimator.Reader r : readers) {
            out.addAll(r.against(sums, law, label));
        }
        return out;
    }

    /** The comparisons of sums against other sums of the same plan ({@link Estimator.Reader#compare}). */
    public List<Estimate> compare(ReducedSums sums, ReducedSums other, String label) {
        List<Estimate> out = new ArrayList<>();
        for (Estimator.Reader r : readers) {
            out.addAll(r.compare(sums, other, label));
        }
        return out;
    }
}
