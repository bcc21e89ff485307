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
 *   <li>{@link #againstLawInGroups}: a weighted law from G independent groups (e.g. stripes of SMC islands), the
 *       ratio estimate p̂_k = Σ_g S_gk / Σ_g B_g, against a known q. Its errors come from the spread between the groups,
 *       the group being the unit of independence (batch means), which is what stays honest when the weights and the
 *       resampling inside a group make its draws dependent: s.e. of TV̂ by the delta method,
 *       ½ √(G/(G − 1) Σ_g U_g²) / Σ_g B_g with U_g = Σ_k s_k (S_gk − p̂_k B_g); noise floor ½ Σ_k √(2 v_k/π), the mean
 *       of |N(0, v_k)|, with v_k = G/(G − 1) Σ_g (S_gk − p̂_k B_g)² / (Σ B)² the variance of p̂_k (a normal
 *       approximation, as in {@link #between}); the floor's own s.e. by the jackknife over the groups. G counts the
 *       groups with B_g &gt; 0; fewer than two give NaN errors.</li>
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

    /**
     * @param sums        per group g, S_gk for every listed cell k, then one more entry: the outside of the cells
     * @param normalisers per group g, B_g (the weight of its draws, so that Σ_k S_gk = B_g up to lost draws)
     * @param q           the law's masses of the listed cells; the outside has the rest, max(1 − Σ q, 0)
     * @param count       the draws behind the estimate, reported as the result's count
     */
    public static Result againstLawInGroups(double[][] sums, double[] normalisers, double[] q, long count) {
        int groups = sums.length;
        int cells = q.length + 1;
        double total = 0.0;
        int live = 0;
        for (int g = 0; g < groups; g++) {
            if (sums[g].length != cells) {
                throw new IllegalArgumentException("group " + g + " has " + sums[g].length + " sums for "
                        + q.length + " cells and the outside");
            }
            total += normalisers[g];
            live += normalisers[g] > 0 ? 1 : 0;
        }
        if (!(total > 0)) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, count);
        }
        double[] p = new double[cells];
        double[] mass = new double[cells];
        double rest = 1.0;
        for (int k = 0; k < cells; k++) {
            mass[k] = k < q.length ? q[k] : Math.max(rest, 0.0);
            rest -= mass[k];
            for (int g = 0; g < groups; g++) {
                p[k] += sums[g][k];
            }
            p[k] /= total;
        }
        double tv = 0.0;
        double[] u = new double[groups];
        double[] squares = new double[cells];
        double[][] deviations = new double[groups][cells];
        for (int k = 0; k < cells; k++) {
            double sign = Math.signum(p[k] - mass[k]);
            tv += Math.abs(p[k] - mass[k]);
            for (int g = 0; g < groups; g++) {
                double e = sums[g][k] - p[k] * normalisers[g];
                deviations[g][k] = e;
                u[g] += sign * e;
                squares[k] += e * e;
            }
        }
        if (live < 2) {
            return new Result(0.5 * tv, Double.NaN, Double.NaN, Double.NaN, count);
        }
        double inflation = (double) live / (live - 1);
        double uu = 0.0;
        for (double x : u) {
            uu += x * x;
        }
        double floor = floor(squares, null, inflation, total);
        double[] leaveOut = new double[groups];
        double mean = 0.0;
        for (int g = 0; g < groups; g++) {
            if (normalisers[g] > 0) {
                leaveOut[g] = live > 2 ? floor(squares, deviations[g], (double) (live - 1) / (live - 2),
                        total - normalisers[g]) : Double.NaN;
                mean += leaveOut[g] / live;
            }
        }
        double spread = 0.0;
        for (int g = 0; g < groups; g++) {
            if (normalisers[g] > 0) {
                spread += (leaveOut[g] - mean) * (leaveOut[g] - mean);
            }
        }
        return new Result(0.5 * tv, 0.5 * Math.sqrt(inflation * uu) / total, floor,
                Math.sqrt((live - 1.0) / live * spread), count);
    }

    /**
     * ½ Σ_k √(2 v_k/π) with v_k = inflation · (squares_k − left_k²) / total²; left (may be null) is one group's
     * deviations, left out for the jackknife (their centring on the full p̂ is a second-order difference).
     */
    private static double floor(double[] squares, double[] left, double inflation, double total) {
        double f = 0.0;
        for (int k = 0; k < squares.length; k++) {
            double ss = left == null ? squares[k] : Math.max(squares[k] - left[k] * left[k], 0.0);
            f += Math.sqrt(2.0 * inflation * ss / Math.PI) / total;
        }
        return 0.5 * f;
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
