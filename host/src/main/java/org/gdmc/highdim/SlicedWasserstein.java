package org.gdmc.highdim;

import java.util.Arrays;

import org.gdmc.rng.NormalVariates;

/**
 * The squared sliced Wasserstein-2 distance between a row's particles and exact class-law samples,
 * SW₂² = E_θ W₂²(θ·X, θ·Y), over {@value #DIRECTIONS} directions θ uniform on the sphere (fixed by the study seed),
 * estimated in {@value #GROUPS} independent groups: the first M particles (M a multiple of {@value #GROUPS}, at
 * most {@value #MAX_KEPT}) are split by index mod {@value #GROUPS}, and group g is compared with its own M/G
 * reference draws; per group and direction W₂² between two equal-size samples in 1-D is the mean squared
 * difference of their order statistics. The estimate is the mean over groups, its standard error their spread over
 * √G, which covers both the directions' and the samples' randomness. Two samples of the same law give a positive
 * value (the noise floor, which shrinks like 1/size): the exact class law's own row measures it with a second,
 * independent reference set.
 */
public final class SlicedWasserstein {
    /** Directions. */
    public static final int DIRECTIONS = 32;
    /** Independent groups. */
    public static final int GROUPS = 16;
    /** Most particles kept per row. */
    public static final int MAX_KEPT = 1 << 15;
    /** Fewest particles per group for an estimate. */
    static final int MIN_GROUP = 16;

    private final int d;
    private final int kept;
    private final double[] directions;

    /**
     * @param particles the study's particles per row
     */
    public SlicedWasserstein(int d, long particles, long seed) {
        this.d = d;
        long m = Math.min(particles, MAX_KEPT);
        this.kept = (int) (m - m % GROUPS);
        this.directions = new double[DIRECTIONS * d];
        long[] words = new long[4];
        for (int l = 0; l < DIRECTIONS; l++) {
            NormalVariates.fill(seed ^ 0x5EED_D1EC_7105L, l, 0, directions, l * d, d, words);
            double s = 0.0;
            for (int j = 0; j < d; j++) {
                s += directions[l * d + j] * directions[l * d + j];
            }
            double inv = 1.0 / Math.sqrt(s);
            for (int j = 0; j < d; j++) {
                directions[l * d + j] *= inv;
            }
        }
    }

    /** Particles kept per row (0: too few for the estimate). */
    public int kept() {
        return kept / GROUPS >= MIN_GROUP ? kept : 0;
    }

    /** A row's projections, M × L, particle i at row i. */
    public double[] newProjections() {
        return new double[kept() * DIRECTIONS];
    }

    /** Projects rows [0, rows) of x onto the directions into out at row {@code at}. */
    public void project(Gemm gemm, double[] x, int xOff, int rows, double[] out, int at) {
        gemm.dots(x, xOff, rows, directions, 0, DIRECTIONS, d, out, at * DIRECTIONS, DIRECTIONS);
    }

    /** {estimate, standard error} of SW₂² between two projection sets. */
    public double[] distance(double[] a, double[] b) {
        int per = kept() / GROUPS;
        double[] g = new double[GROUPS];
        double[] xa = new double[per];
        double[] xb = new double[per];
        for (int grp = 0; grp < GROUPS; grp++) {
            double s = 0.0;
            for (int l = 0; l < DIRECTIONS; l++) {
                for (int i = 0; i < per; i++) {
                    xa[i] = a[(grp + i * GROUPS) * DIRECTIONS + l];
                    xb[i] = b[(grp + i * GROUPS) * DIRECTIONS + l];
                }
                Arrays.sort(xa);
                Arrays.sort(xb);
                double w = 0.0;
                for (int i = 0; i < per; i++) {
                    w += (xa[i] - xb[i]) * (xa[i] - xb[i]);
                }
                s += w / per;
            }
            g[grp] = s / DIRECTIONS;
        }
        double mean = 0.0;
        for (double v : g) {
            mean += v;
        }
        mean /= GROUPS;
        double var = 0.0;
        for (double v : g) {
            var += (v - mean) * (v - mean);
        }
        var /= GROUPS - 1;
        return new double[] {mean, Math.sqrt(var / GROUPS)};
    }
}
