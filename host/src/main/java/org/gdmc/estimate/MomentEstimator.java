package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;

/**
 * Mean vector and covariance matrix of the final states, with standard errors.
 *
 * <p>For every coordinate pair i ≤ j the accumulator keeps the central co-moments M_kl = Σ (x_i − x̄_i)^k (x_j − x̄_j)^l
 * for k, l ≤ 2 (M₀₀ = n, M₁₀ = M₀₁ = 0). Merging uses Pébay's (2008) exact update: with δ = x̄ᴮ − x̄ᴬ,
 * M_pq = Σ_{k≤p, l≤q} C(p,k) C(q,l) [Mᴬ_kl (−nᴮδ_i/n)^{p−k} (−nᴮδ_j/n)^{q−l} + Mᴮ_kl (nᴬδ_i/n)^{p−k} (nᴬδ_j/n)^{q−l}].
 * Reported: mean_i ± √(M₂₀/(n(n−1))) and cov_ij = M₁₁/(n−1) ± √((M₂₂/n − (M₁₁/n)²)/n), the delta-method error, valid for
 * any law with finite fourth moments.
 */
public final class MomentEstimator implements Estimator {
    private final int d;

    public MomentEstimator(int dimension) {
        this.d = dimension;
    }

    @Override
    public String name() {
        return "moments";
    }

    @Override
    public Accumulator newAccumulator() {
        return new Acc(d);
    }

    static int pairIndex(int i, int j, int d) {
        // row-major upper triangle, i <= j
        return i * d - i * (i - 1) / 2 + (j - i);
    }

    static final class Acc implements Accumulator {
        private final int d;
        private long n;
        private final double[] mean;
        /** 9 co-moments per pair i ≤ j, M[k*3 + l]. */
        private final double[] m;

        Acc(int d) {
            this.d = d;
            this.mean = new double[d];
            this.m = new double[9 * (d * (d + 1) / 2)];
        }

        @Override
        public void add(ParticleView view) {
            Acc block = new Acc(d);
            block.fill(view);
            merge(block);
        }

        /** Two passes over the block: its mean, then its central co-moments. */
        private void fill(ParticleView view) {
            double[] x = view.states();
            for (int p = view.from(); p < view.to(); p++) {
                if (!view.finite()[p]) {
                    continue;
                }
                n++;
                for (int i = 0; i < d; i++) {
                    mean[i] += x[p * d + i];
                }
            }
            if (n == 0) {
                return;
            }
            for (int i = 0; i < d; i++) {
                mean[i] /= n;
            }
            for (int p = view.from(); p < view.to(); p++) {
                if (!view.finite()[p]) {
                    continue;
                }
                int base = p * d;
                for (int i = 0; i < d; i++) {
                    double a = x[base + i] - mean[i];
                    double a2 = a * a;
                    for (int j = i; j < d; j++) {
                        double b = x[base + j] - mean[j];
                        double b2 = b * b;
                        int o = 9 * pairIndex(i, j, d);
                        m[o + 1] += b;
                        m[o + 2] += b2;
                        m[o + 3] += a;
                        m[o + 4] += a * b;
                        m[o + 5] += a * b2;
                        m[o + 6] += a2;
                        m[o + 7] += a2 * b;
                        m[o + 8] += a2 * b2;
                    }
                }
            }
            // first-order central moments vanish by construction; pin them to exactly 0 and set M00 = n
            for (int o = 0; o < m.length; o += 9) {
                m[o] = n;
                m[o + 1] = 0.0;
                m[o + 3] = 0.0;
            }
        }

        @Override
        public void merge(Accumulator next) {
            Acc b = (Acc) next;
            if (b.n == 0) {
                return;
            }
            if (n == 0) {
                n = b.n;
                System.arraycopy(b.mean, 0, mean, 0, d);
                System.arraycopy(b.m, 0, m, 0, m.length);
                return;
            }
            double total = n + b.n;
            double fa = -b.n / total;
            double fb = n / total;
            double[] merged = new double[9];
            for (int i = 0; i < d; i++) {
                double di = b.mean[i] - mean[i];
                for (int j = i; j < d; j++) {
                    double dj = b.mean[j] - mean[j];
                    int o = 9 * pairIndex(i, j, d);
                    for (int p = 0; p <= 2; p++) {
                        for (int q = 0; q <= 2; q++) {
                            double s = 0.0;
                            for (int k = 0; k <= p; k++) {
                                for (int l = 0; l <= q; l++) {
                                    double c = BINOMIAL[p][k] * BINOMIAL[q][l];
                                    double ua = Math.pow(fa * di, p - k) * Math.pow(fa * dj, q - l);
                                    double ub = Math.pow(fb * di, p - k) * Math.pow(fb * dj, q - l);
                                    s += c * (m[o + 3 * k + l] * ua + b.m[o + 3 * k + l] * ub);
                                }
                            }
                            merged[3 * p + q] = s;
                        }
                    }
                    merged[1] = 0.0;
                    merged[3] = 0.0;
                    System.arraycopy(merged, 0, m, o, 9);
                }
            }
            for (int i = 0; i < d; i++) {
                mean[i] += (b.mean[i] - mean[i]) * (b.n / total);
            }
            n += b.n;
        }

        private static final double[][] BINOMIAL = {{1}, {1, 1}, {1, 2, 1}};

        @Override
        public List<Estimate> estimates() {
            List<Estimate> out = new ArrayList<>();
            double nn = n;
            for (int i = 0; i < d; i++) {
                double m2 = m[9 * pairIndex(i, i, d) + 6];
                double se = n < 2 ? Double.NaN : Math.sqrt(m2 / (nn * (nn - 1)));
                out.add(new Estimate("mean[" + i + "]", n == 0 ? Double.NaN : mean[i], se, n));
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    int o = 9 * pairIndex(i, j, d);
                    double m11 = m[o + 4];
                    double m22 = m[o + 8];
                    double cov = n < 2 ? Double.NaN : m11 / (nn - 1);
                    double var4 = m22 / nn - (m11 / nn) * (m11 / nn);
                    double se = n < 2 ? Double.NaN : Math.sqrt(Math.max(var4, 0.0) / nn);
                    out.add(new Estimate("cov[" + i + "," + j + "]", cov, se, n));
                }
            }
            return out;
        }
    }
}
