package org.gdmc.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.kernel.ScorePass;
import org.gdmc.rng.NormalVariates;
import org.gdmc.kernel.PathKernel;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.MixtureScore;
import org.gdmc.testing.Estimates.Samples;
import org.gdmc.testing.Normal;
import static org.gdmc.testing.Estimates.find;
import static org.gdmc.testing.Estimates.run;
import org.gdmc.testing.TestMixtures;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/** Estimators fed samples drawn directly from known laws, so their targets are exact. */
class EstimatorTest {
    private static final int N = 1 << 17;

    /** Samples x = μ + L z of N(μ, LLᵀ) in d = 3, with the data-law observables of class 0 of a symmetric pair. */
    private static Samples gaussianSamples(double[] mu, double[][] l, Mixture classifier) {
        int d = mu.length;
        double[] states = new double[N * d];
        double[] obs = new double[N * PathKernel.OBS_LENGTH];
        double[] z = new double[d];
        long[] words = new long[4];
        double[] scratch = new double[ScorePass.length(d)];
        for (int p = 0; p < N; p++) {
            NormalVariates.fill(31L, p, 0, z, 0, d, words);
            for (int i = 0; i < d; i++) {
                double v = mu[i];
                for (int j = 0; j <= i; j++) {
                    v += l[i][j] * z[j];
                }
                states[p * d + i] = v;
            }
            MixtureScore.evaluate(classifier.packedParams(), classifier.packedMeta(), 0, 1.0, 0.0, states, p * d,
                    scratch, 0);
            obs[p * PathKernel.OBS_LENGTH + PathKernel.OBS_DATA_LOGIT] = ScorePass.classLogit(scratch, 0, d);
            obs[p * PathKernel.OBS_LENGTH + PathKernel.OBS_MONOTONE] = p % 4 == 0 ? 1.0 : 0.0;
        }
        return new Samples(d, states, obs);
    }

    /**
     * Mean and covariance of N(μ, Σ) within 5 s.e.; their standard errors equal the Gaussian values √(Σ_ii/n) and
     * √((Σ_ii Σ_jj + Σ_ij²)/n) within 5%; merging uneven pieces gives the one-piece result to 1e-12.
     */
    @Test
    void momentsOfAKnownGaussian() {
        double[] mu = {1.0, -2.0, 0.5};
        double[][] l = {{1.0, 0, 0}, {0.5, 0.8, 0}, {-0.3, 0.2, 1.5}};
        double[][] sigma = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    sigma[i][j] += l[i][k] * l[j][k];
                }
            }
        }
        Samples v = gaussianSamples(mu, l, TestMixtures.symmetricPair(new double[] {1, 0, 0}));
        MomentEstimator est = new MomentEstimator(3);
        List<Estimate> whole = run(est, v, 1);
        List<Estimate> pieces = run(est, v, 9);
        for (int i = 0; i < 3; i++) {
            Estimate m = find(whole, "mean[" + i + "]");
            assertEquals(mu[i], m.value(), Tolerances.SIGMAS * m.stdError());
            assertEquals(Math.sqrt(sigma[i][i] / N), m.stdError(), 0.05 * m.stdError());
            for (int j = i; j < 3; j++) {
                Estimate c = find(whole, "cov[" + i + "," + j + "]");
                assertEquals(sigma[i][j], c.value(), Tolerances.SIGMAS * c.stdError(), "cov " + i + j);
                double gaussSe = Math.sqrt((sigma[i][i] * sigma[j][j] + sigma[i][j] * sigma[i][j]) / N);
                assertEquals(gaussSe, c.stdError(), 0.05 * gaussSe, "s.e. of cov " + i + j);
            }
        }
        for (int k = 0; k < whole.size(); k++) {
            assertEquals(whole.get(k).value(), pieces.get(k).value(), 1e-12 * Math.max(1, Math.abs(whole.get(k).value())));
            assertEquals(whole.get(k).stdError(), pieces.get(k).stdError(), 1e-9 * whole.get(k).stdError());
        }
    }

    /**
     * Exact class samples X ~ N(μ, I) of the pair ±μ: E[1/p₀(c | X)] = 1/π_c = 2 exactly (Li–Jiao identity);
     * E[p₀(c | X)] = E σ(2|μ|U), U ~ N(|μ|, 1); the q-quantile of p₀(c | X) is σ(2|μ|(|μ| + z_q)) and the median of 1/p
     * is 1 + e^{−2|μ|²}.
     */
    @Test
    void posteriorFiguresOfExactClassSamples() {
        double m = 0.6;
        Samples v = gaussianSamples(new double[] {m, 0, 0}, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
                TestMixtures.symmetricPair(new double[] {m, 0, 0}));
        List<Estimator> all = StandardEstimators.forDimension(3);
        java.util.ArrayList<Estimate> out = new java.util.ArrayList<>();
        for (Estimator e : all) {
            out.addAll(run(e, v, 5));
        }
        Estimate recip = find(out, "reciprocalPosterior.mean");
        assertEquals(2.0, recip.value(), Tolerances.SIGMAS * recip.stdError());
        Estimate post = find(out, "posterior.mean");
        assertEquals(Normal.expect(u -> 1 / (1 + Math.exp(-2 * m * u)), m, 1), post.value(),
                Tolerances.SIGMAS * post.stdError());
        double[][] quantiles = {{0.05, -1.6448536269514729}, {0.5, 0.0}, {0.95, 1.6448536269514729}};
        for (double[] q : quantiles) {
            double exact = 1 / (1 + Math.exp(-2 * m * (m + q[1])));
            Estimate e = find(out, String.format("posterior.q%02d", Math.round(q[0] * 100)));
            assertEquals(exact, e.value(), Tolerances.SIGMAS * e.stdError() + 0.005 * exact * (1 - exact), "q" + q[0]);
        }
        Estimate median = find(out, "reciprocalPosterior.median");
        assertEquals(1 + Math.exp(-2 * m * m), median.value(), Tolerances.SIGMAS * median.stdError() + 0.005);
        Estimate mono = find(out, "path.monotoneFraction");
        assertEquals(0.25, mono.value(), 1e-15);
        assertEquals(Math.sqrt(0.25 * 0.75 / (N - 1)), mono.stdError(), 1e-9);
        assertEquals(0.0, find(out, "paired.posteriorDifference").value(), 0.0);
        assertEquals(0.0, find(out, "nonFinite.fraction").value(), 0.0);
    }

    /** Non-finite particles are counted, reported, and left out of every other estimator. */
    @Test
    void nonFiniteParticlesAreCountedAndExcluded() {
        int n = 10;
        int d = 2;
        double[] states = new double[n * d];
        double[] obs = new double[n * PathKernel.OBS_LENGTH];
        for (int p = 0; p < n; p++) {
            states[p * d] = p;
        }
        states[3 * d + 1] = Double.NaN;
        states[7 * d] = Double.NEGATIVE_INFINITY;
        obs[5 * PathKernel.OBS_LENGTH + PathKernel.OBS_DATA_LOGIT] = Double.NaN;
        Samples v = new Samples(d, states, obs);
        List<Estimate> nf = run(new NonFiniteCounter(), v, 1);
        assertEquals(3.0, find(nf, "nonFinite.count").value(), 0.0);
        assertEquals(0.3, find(nf, "nonFinite.fraction").value(), 1e-15);
        Estimate mean = find(run(new MomentEstimator(d), v, 1), "mean[0]");
        assertEquals((0 + 1 + 2 + 4 + 6 + 8 + 9) / 7.0, mean.value(), 1e-15);
        assertEquals(7, mean.count());
        assertTrue(Double.isFinite(mean.stdError()));
    }

    /** Chan's merge of scalar moments equals the two-pass computation over the concatenation. */
    @Test
    void scalarMomentsMerge() {
        ScalarMoments a = new ScalarMoments();
        ScalarMoments b = new ScalarMoments();
        double[] xs = new double[1001];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 1e6 + Math.sin(i) * (i % 7);
            (i < 300 ? a : b).add(xs[i]);
        }
        a.merge(b);
        double mean = 0;
        for (double x : xs) {
            mean += x;
        }
        mean /= xs.length;
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        assertEquals(mean, a.mean(), 1e-14 * mean);
        assertEquals(ss / (xs.length - 1), a.variance(), 1e-9 * ss / xs.length);
        assertEquals(1001, a.count());
    }
}
