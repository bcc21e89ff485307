package org.gdmc.estimate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gdmc.guidance.Guidance;
import org.gdmc.reference.TiltedLaw;
import org.gdmc.mixture.Mixture;

/**
 * In d &gt; 2, where no grid holds the tilted law q_w ∝ p₀(x | c)^{1+w} p₀(x)^{−w}: its entropy
 * {@code tiltedLaw.entropy} and log-normaliser {@code tiltedLaw.logNormaliser} at the guidance's equivalent weight, by
 * importance sampling from the class law ({@link TiltedLaw#importanceSampled}, {@value #DRAWS} draws), to set beside
 * {@code knn.entropy} of the guided output. Reduces nothing.
 */
public final class TiltedLawEntropy implements Estimator {
    static final int DRAWS = 100_000;
    private static final long SEED = 0x7117ed1aL;

    private final Mixture mixture;
    private final int cls;
    private final Map<Double, TiltedLaw.Sampled> cache = new HashMap<>();

    public TiltedLawEntropy(Mixture mixture, int cls) {
        this.mixture = mixture;
        this.cls = cls;
    }

    @Override
    public String name() {
        return "tiltedLaw";
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        return new Reader() {
            @Override
            public List<Estimate> estimates(ReducedSums sums) {
                return List.of();
            }

            @Override
            public List<Estimate> estimates(ReducedSums sums, Guidance guidance) {
                TiltedLaw.Sampled s = cache.computeIfAbsent(guidance.equivalentWeight(),
                        w -> TiltedLaw.importanceSampled(mixture, cls, w, DRAWS, SEED));
                return List.of(new Estimate("tiltedLaw.entropy", s.entropy(), s.entropyStdError(), s.draws()),
                        new Estimate("tiltedLaw.logNormaliser", s.logNormaliser(), s.logNormaliserStdError(),
                                s.draws()));
            }
        };
    }
}
