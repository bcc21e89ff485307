package org.gdmc.estimate;

/**
 * Total variation ½ Σ_k |p_k − q_k| between laws on a finite set of cells (the last cell may be "outside the grid").
 * <ul>
 *   <li>{@link #exact}: two known laws.</li>
 *   <li>{@link #againstLaw}: the empirical law of N draws, p̂_k = n_k/N, against a known q. s.e. by the delta method,
 *       √((Σ_k s_k² p̂_k − (Σ_k s_k p̂_k)²)/(4N)), s_k = sign(p̂_k − q_k). TV̂ is biased upwards by sampling noise:
 *       exact draws of q would give E[TV̂] = ½ Σ_k E|n_k − N q_k|/N, the noise floor, computed exactly with de Moivre's
 *       mean absolute deviation of the binomial, E|X − Nq| = 2ν(1 − q) P(X = ν), ν = ⌊Nq⌋ + 1. The delta method holds
 *       when TV is well above the floor; near the floor, where |·| is not differentiable, the s.e. is conservative
 *       (1.7× the spread of TV̂ for exact draws on 40 cells).</li>
 *   <li>{@link #between}: two independent empirical laws, p̂ = a/N_a and r̂ = b/N_b; s.e. by the delta method as above,
 *       the two variances added; noise floor F = ½ Σ_k √(2 m_k(1 − m_k)(1/N_a + 1/N_b)/π) at the pooled law m (normal
 *       approximation), itself estimated from the data: its s.e. is the delta method's over the multinomial m̂,
 *       √((Σ g_k² m_k − (Σ g_k m_k)²)/(N_a + N_b)), g_k = ∂F/∂m_k. For coupled samples (same noise, e.g. two
 *       guidance weights or two backends on the same particles) the s.e. is conservative.</li>
 * </ul>
 */
public final class TotalVariation {
    private TotalVariation() {
    }

    /**
     * A TV estimate with its standard error, the value sampling noise alone would give, and that value's own s.e.
     * (0 where it follows from a known law).
     */
    public record Result(double value, double stdError, double noiseFloor, double noiseFloorStdError, long count) {
    }

    public static double exact(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("laws on " + p.length + " and " + q.length + " cells");
        }
        double s = 0.0;
        for (int k = 0; k < p.length; k++) {
            s += Math.abs(p[k] - q[k]);
        }
        return 0.5 * s;
    }

    /**
     * @param counts n_k of every listed cell, then one more entry: the draws outside them
     * @param q      the law's masses of the listed cells; the outside has the rest, max(1 − Σ q, 0)
     */
    public static Result againstLaw(long[] counts, double[] q) {
        if (counts.length != q.length + 1) {
            throw new IllegalArgumentException(counts.length + " counts for " + q.length
                    + " cells and the outside");
        }
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        if (n == 0) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double tv = 0.0;
        double signed = 0.0;
        double squares = 0.0;
        double floor = 0.0;
        double rest = 1.0;
        for (int k = 0; k < counts.length; k++) {
            double mass = k < q.length ? q[k] : Math.max(rest, 0.0);
            rest -= mass;
            double p = (double) counts[k] / n;
            double sign = Math.signum(p - mass);
            tv += Math.abs(p - mass);
            signed += sign * p;
            squares += sign * sign * p;
            floor += binomialMeanAbsoluteDeviation(n, mass);
        }
        double var = Math.max(squares - signed * signed, 0.0) / (4.0 * n);
        return new Result(0.5 * tv, Math.sqrt(var), 0.5 * floor / n, 0.0, n);
    }

    /** Two empirical laws on the same cells. */
    public static Result between(long[] a, long[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " and " + b.length + " cells");
        }
        long na = 0;
        long nb = 0;
        for (int k = 0; k < a.length; k++) {
            na += a[k];
            nb += b[k];
        }
        if (na == 0 || nb == 0) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Math.min(na, nb));
        }
        double tv = 0.0;
        double sa = 0.0;
        double qa = 0.0;
        double sb = 0.0;
        double qb = 0.0;
        double floor = 0.0;
        double gm = 0.0;
        double ggm = 0.0;
        double scale = 1.0 / na + 1.0 / nb;
        for (int k = 0; k < a.length; k++) {
            double p = (double) a[k] / na;
            double r = (double) b[k] / nb;
            double sign = Math.signum(p - r);
            tv += Math.abs(p - r);
            sa += sign * p;
            qa += sign * sign * p;
            sb += sign * r;
            qb += sign * sign * r;
            double m = (double) (a[k] + b[k]) / (na + nb);
            floor += Math.sqrt(2 * m * (1 - m) * scale / Math.PI);
            if (m > 0 && m < 1) {
                double g = 0.5 * Math.sqrt(2 * scale / Math.PI) * (1 - 2 * m) / (2 * Math.sqrt(m * (1 - m)));
                gm += g * m;
                ggm += g * g * m;
            }
        }
        double floorSe = Math.sqrt(Math.max(ggm - gm * gm, 0.0) / (na + nb));
        double var = (Math.max(qa - sa * sa, 0.0) / na + Math.max(qb - sb * sb, 0.0) / nb) / 4.0;
        return new Result(0.5 * tv, Math.sqrt(var), 0.5 * floor, floorSe, Math.min(na, nb));
    }

    /** E|X − nq| for X ~ Binomial(n, q), by de Moivre's formula 2ν(1 − q) P(X = ν), ν = ⌊nq⌋ + 1. */
    static double binomialMeanAbsoluteDeviation(long n, double q) {
        if (!(q > 0)) {
            return 0.0;
        }
        if (q >= 1) {
            return 0.0;
        }
        long nu = (long) Math.floor(n * q) + 1;
        if (nu > n) {
            return 0.0;
        }
        double logPmf = SpecialFunctions.logChoose(n, nu) + nu * Math.log(q) + (n - nu) * Math.log1p(-q);
        return 2.0 * nu * (1.0 - q) * Math.exp(logPmf);
    }
}
