package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.gdmc.guidance.Guidance;
import org.gdmc.reference.ReferenceLaw;

import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.Support;

/**
 * The estimators every study reports. With ℓ the data-law class logit of a final state and p = σ(ℓ) = p₀(c | x):
 * <ul>
 *   <li>{@code posterior.mean} E[p₀(c | X)] and its quantiles;</li>
 *   <li>{@code reciprocalPosterior.mean} E[1/p₀(c | X)] = E[1 + e^{−ℓ}] (Li and Jiao's "average reciprocal classifier
 *       probability"; equals 1/π_c for exact class samples with full support) and its median;</li>
 *   <li>{@code path.monotoneFraction} P(p_t(c | Y_t) non-decreasing at every grid node);</li>
 *   <li>{@code path.meanIncrease} E[p_δ(c | Y_δ) − p_T(c | Y_T)];</li>
 *   <li>{@code paired.posteriorDifference} E[p₀(c | X_w) − p₀(c | X_ref)] and {@code paired.fractionWorse}
 *       P(p₀(c | X_w) &lt; p₀(c | X_ref)), the same particle (same start and noise) under this guidance and under the
 *       sweep's first;</li>
 *   <li>mean and covariance of the final states; non-finite particles.</li>
 * </ul>
 */
public final class StandardEstimators {
    private StandardEstimators() {
    }

    /**
     * The estimators of a study of class cls of the target: those of {@link #forDimension}, the projection on the
     * class-separating direction when there are several classes, the binned entropy and total variation in d ≤ 2
     * (with the tilted law's, by quadrature) or the tilted law's entropy by importance sampling and the histogram of
     * the projection onto the class means' plane ({@link PlaneDensity}) beyond,
     * and the support estimators when p₀(· | c) has compact support.
     */
    public static List<Estimator> forStudy(Mixture target, int cls, SupportOptions options) {
        return forStudy(target, cls, options, null);
    }

    /** As above, with the exact law of the guided dynamics per guidance for the binned estimators (or null). */
    public static List<Estimator> forStudy(Mixture target, int cls, SupportOptions options,
                                           Function<Guidance, ReferenceLaw> exactLaw) {
        return forStudy(target, cls, options, exactLaw, null);
    }

    /** As above, with the 1-D density profile (or null for none). */
    public static List<Estimator> forStudy(Mixture target, int cls, SupportOptions options,
                                           Function<Guidance, ReferenceLaw> exactLaw, ProfileOptions profile) {
        return forStudy(target, cls, options, exactLaw, profile, List.of());
    }

    /** As above, with the events whose probabilities are estimated ({@link EventEstimator}). */
    public static List<Estimator> forStudy(Mixture target, int cls, SupportOptions options,
                                           Function<Guidance, ReferenceLaw> exactLaw, ProfileOptions profile,
                                           List<Event> events) {
        List<Estimator> out = new ArrayList<>(forDimension(target.dimension()));
        ProjectionQuantiles projection = ProjectionQuantiles.of(target, cls);
        if (projection != null) {
            out.add(out.size() - 1, projection);
        }
        BinnedDensity density = BinnedDensity.of(target, cls, exactLaw, profile);
        out.add(out.size() - 1, density != null ? density : new TiltedLawEntropy(target, cls));
        PlaneDensity plane = PlaneDensity.of(target, cls);
        if (plane != null) {
            out.add(out.size() - 1, plane);
        }
        Support support = Support.of(target, cls);
        if (support != null) {
            out.add(out.size() - 1, new SupportEstimator(support, options));
        }
        if (!events.isEmpty()) {
            out.add(out.size() - 1, new EventEstimator(target, events));
        }
        return List.copyOf(out);
    }

    public static List<Estimator> forDimension(int d) {
        return List.of(
                new MeanEstimator("posterior.mean", ReductionKernel.POSTERIOR),
                new LogitQuantiles(),
                new MeanEstimator("reciprocalPosterior.mean", ReductionKernel.RECIPROCAL),
                new MeanEstimator("path.monotoneFraction", ReductionKernel.MONOTONE),
                new MeanEstimator("path.meanIncrease", ReductionKernel.INCREASE),
                new MeanEstimator("paired.posteriorDifference", ReductionKernel.PAIRED_DIFFERENCE),
                new MeanEstimator("paired.fractionWorse", ReductionKernel.PAIRED_WORSE),
                new MomentEstimator(d),
                new NonFiniteCounter());
    }
}
