package org.gdmc.estimate;

import java.util.List;

/** The mean of a per-particle quantity f over finite particles, with its CLT standard error. */
public final class MeanEstimator implements Estimator {
    /** The per-particle quantity. */
    @FunctionalInterface
    public interface ParticleFunction {
        /** f for particle i of the view; return NaN to leave the particle out. */
        double apply(ParticleView view, int i);
    }

    private final String name;
    private final ParticleFunction f;
    private final boolean paired;

    /**
     * @param paired whether f reads the reference observables too, so a particle counts only where both are finite
     */
    public MeanEstimator(String name, ParticleFunction f, boolean paired) {
        this.name = name;
        this.f = f;
        this.paired = paired;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Accumulator newAccumulator() {
        return new Acc();
    }

    private final class Acc implements Accumulator {
        private final ScalarMoments moments = new ScalarMoments();

        @Override
        public void add(ParticleView view) {
            for (int i = view.from(); i < view.to(); i++) {
                if (!view.finite()[i] || (paired && !view.referenceFinite()[i])) {
                    continue;
                }
                double v = f.apply(view, i);
                if (!Double.isNaN(v)) {
                    moments.add(v);
                }
            }
        }

        @Override
        public void merge(Accumulator next) {
            moments.merge(((Acc) next).moments);
        }

        @Override
        public List<Estimate> estimates() {
            return List.of(moments.estimate(name));
        }
    }
}
