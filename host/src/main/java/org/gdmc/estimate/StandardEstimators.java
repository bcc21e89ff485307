package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.sampler.PathKernel;
import org.gdmc.target.Mixture;
import org.gdmc.target.Support;

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

    /** σ(ℓ) = 1/(1 + e^{−ℓ}), without overflow. */
    public static double sigmoid(double logit) {
        if (logit >= 0) {
            return 1.0 / (1.0 + Math.exp(-logit));
        }
        double e = Math.exp(logit);
        return e / (1.0 + e);
    }

    /**
     * The estimators of a study of class cls of the target: those of {@link #forDimension}, the projection on the
     * class-separating direction when there are several classes, and the support estimators when p₀(· | c) has
     * compact support.
     */
    public static List<Estimator> forStudy(Mixture target, int cls, SupportOptions options) {
        List<Estimator> out = new ArrayList<>(forDimension(target.dimension()));
        ProjectionQuantiles projection = ProjectionQuantiles.of(target, cls);
        if (projection != null) {
            out.add(out.size() - 1, projection);
        }
        Support support = Support.of(target, cls);
        if (support != null) {
            out.add(out.size() - 1, new SupportEstimator(support, target.dimension(), options));
        }
        return List.copyOf(out);
    }

    public static List<Estimator> forDimension(int d) {
        return List.of(
                new MeanEstimator("posterior.mean",
                        (v, i) -> sigmoid(v.observable(i, PathKernel.OBS_DATA_LOGIT)), false),
                new LogitQuantiles(),
                new MeanEstimator("reciprocalPosterior.mean",
                        (v, i) -> 1.0 + Math.exp(-v.observable(i, PathKernel.OBS_DATA_LOGIT)), false),
                new MeanEstimator("path.monotoneFraction",
                        (v, i) -> v.observable(i, PathKernel.OBS_MONOTONE), false),
                new MeanEstimator("path.meanIncrease",
                        (v, i) -> sigmoid(v.observable(i, PathKernel.OBS_END_LOGIT))
                                - sigmoid(v.observable(i, PathKernel.OBS_START_LOGIT)), false),
                new MeanEstimator("paired.posteriorDifference",
                        (v, i) -> sigmoid(v.observable(i, PathKernel.OBS_DATA_LOGIT))
                                - sigmoid(v.referenceObservable(i, PathKernel.OBS_DATA_LOGIT)), true),
                new MeanEstimator("paired.fractionWorse",
                        (v, i) -> v.observable(i, PathKernel.OBS_DATA_LOGIT)
                                < v.referenceObservable(i, PathKernel.OBS_DATA_LOGIT) ? 1.0 : 0.0, true),
                new MomentEstimator(d),
                new NonFiniteCounter());
    }
}
