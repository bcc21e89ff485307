package org.gdmc.estimate;

/**
 * Count, mean vector and, for every coordinate pair i ≤ j, the central co-moments M_kl = Σ (x_i − x̄_i)^k (x_j − x̄_j)^l
 * for k, l ≤ 2 (M₀₀ = n, M₁₀ = M₀₁ = 0), merged by Pébay's (2008) exact update: with δ = x̄ᴮ − x̄ᴬ,
 * M_pq = Σ_{k≤p, l≤q} C(p,k) C(q,l) [Mᴬ_kl (−nᴮδ_i/n)^{p−k} (−nᴮδ_j/n)^{q−l} + Mᴮ_kl (nᴬδ_i/n)^{p−k} (nᴬδ_j/n)^{q−l}].
 */
public final class Comoments {
    private static final double[][] BINOMIAL = {{1}, {1, 1}, {1, 2, 1}};

    private final int d;
    private long n;
    private final double[] mean;
    /** 9 co-moments per pair i ≤ j (row-major upper triangle), M[9·pair + 3k + l]. */
    private final double[] m;

    public Comoments(int d) {
        this.d = d;
        this.mean = new double[d];
        this.m = new double[9 * (d * (d + 1) / 2)];
    }

    /** Index of pair i ≤ j in the row-major upper triangle. */
    public static int pairIndex(int i, int j, int d) {
        return i * d - i * (i - 1) / 2 + (j - i);
    }

    public long count() {
        return n;
    }

    public double mean(int i) {
        return n == 0 ? Double.NaN : mean[i];
    }

    /** M_kl of pair (i, j), i ≤ j. */
    public double moment(int i, int j, int k, int l) {
        return m[9 * pairIndex(i, j, d) + 3 * k + l];
    }

    /** Merges the block laid out by {@link ReductionKernel#reduce} at s[off ..]: n, x̄ (d), then the co-moments. */
    void mergeBlock(double[] s, int off) {
        long bn = (long) s[off];
        if (bn == 0) {
            return;
        }
        if (n == 0) {
            n = bn;
            System.arraycopy(s, off + 1, mean, 0, d);
            System.arraycopy(s, off + 1 + d, m, 0, m.length);
            return;
        }
        merge(bn, s, off + 1, s, off + 1 + d);
    }

    /** Writes n, x̄ and the co-moments at s[off ..] in the layout {@link #mergeBlock} reads. */
    void writeBlock(double[] s, int off) {
        s[off] = n;
        System.arraycopy(mean, 0, s, off + 1, d);
        System.arraycopy(m, 0, s, off + 1 + d, m.length);
    }

    /** Merges next, the co-moments of the particles that follow these. */
    public void merge(Comoments next) {
        if (next.n == 0) {
            return;
        }
        if (n == 0) {
            n = next.n;
            System.arraycopy(next.mean, 0, mean, 0, d);
            System.arraycopy(next.m, 0, m, 0, m.length);
            return;
        }
        merge(next.n, next.mean, 0, next.m, 0);
    }

    private void merge(long bn, double[] bMean, int meanOff, double[] bm, int mOff) {
        double total = n + bn;
        double fa = -bn / total;
        double fb = n / total;
        double[] merged = new double[9];
        for (int i = 0; i < d; i++) {
            double di = bMean[meanOff + i] - mean[i];
            for (int j = i; j < d; j++) {
                double dj = bMean[meanOff + j] - mean[j];
                int o = 9 * pairIndex(i, j, d);
                for (int p = 0; p <= 2; p++) {
                    for (int q = 0; q <= 2; q++) {
                        double s = 0.0;
                        for (int k = 0; k <= p; k++) {
                            for (int l = 0; l <= q; l++) {
                                double c = BINOMIAL[p][k] * BINOMIAL[q][l];
                                double ua = Math.pow(fa * di, p - k) * Math.pow(fa * dj, q - l);
                                double ub = Math.pow(fb * di, p - k) * Math.pow(fb * dj, q - l);
                                s += c * (m[o + 3 * k + l] * ua + bm[mOff + o + 3 * k + l] * ub);
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
            mean[i] += (bMean[meanOff + i] - mean[i]) * (bn / total);
        }
        n += bn;
    }
}
