package org.gdmc.estimate;

import java.util.Arrays;

import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.NormalIntervals;

/**
 * A region of the state space whose probability a study estimates ({@code estimators.events}): the half-space
 * aᵀx &gt; b, the closed box lo ≤ x ≤ hi, or the closed ball |x − c| ≤ r. Its exact probability under one
 * mixture component ({@link #probability}) is a closed form where one exists:
 * <ul>
 *   <li>Gaussian N(μ, Σ), half-space: aᵀX ~ N(aᵀμ, aᵀΣa), so P = ½ erfc((b − aᵀμ)/√(2 aᵀΣa));</li>
 *   <li>Gaussian with diagonal Σ, box: Π_j [Φ((hi_j − μ_j)/σ_j) − Φ((lo_j − μ_j)/σ_j)];</li>
 *   <li>Gaussian with Σ = vI, ball: |X − c|²/v is non-central χ² with d degrees of freedom and non-centrality
 *       λ = |μ − c|²/v, so P = Σ_k Pois(k; λ/2) P(d/2 + k, r²/(2v)) with P the regularized lower incomplete gamma;</li>
 *   <li>uniform box, box: Π_j |[lo_j, hi_j] ∩ [l_j, u_j]| / (u_j − l_j); half-space along one coordinate and, in
 *       d = 1, a ball (an interval): the same overlap.</li>
 * </ul>
 * Elsewhere (a correlated Gaussian and a box, a non-isotropic Gaussian and a ball, a uniform box and an oblique
 * half-space or a ball in d &gt; 1) it is NaN, and the estimate says so.
 *
 * @param name   the estimate's name after {@code event.}
 * @param type   {@link ReductionKernel#HALF_SPACE}, {@link ReductionKernel#BOX} or {@link ReductionKernel#BALL}
 * @param first  a (half-space), lo (box) or c (ball)
 * @param second (b) (half-space), hi (box) or (r) (ball)
 */
public record Event(String name, int type, double[] first, double[] second) {
    public static Event halfSpace(String name, double[] normal, double offset) {
        return new Event(name, ReductionKernel.HALF_SPACE, normal.clone(), new double[] {offset});
    }

    public static Event box(String name, double[] lower, double[] upper) {
        return new Event(name, ReductionKernel.BOX, lower.clone(), upper.clone());
    }

    public static Event ball(String name, double[] center, double radius) {
        return new Event(name, ReductionKernel.BALL, center.clone(), new double[] {radius});
    }

    /** The region packed for {@link ReductionKernel#event}: 2d + 2 doubles. */
    double[] packed() {
        int d = first.length;
        double[] p = new double[2 * d + 2];
        p[0] = type;
        switch (type) {
            case ReductionKernel.HALF_SPACE -> {
                p[1] = second[0];
                System.arraycopy(first, 0, p, 2, d);
            }
            case ReductionKernel.BOX -> {
                System.arraycopy(first, 0, p, 1, d);
                System.arraycopy(second, 0, p, 1 + d, d);
            }
            default -> {
                p[1] = second[0] * second[0];
                System.arraycopy(first, 0, p, 2, d);
            }
        }
        return p;
    }

    /** Whether x lies in the region (the host's own test, independent of the kernel's). */
    public boolean contains(double[] x) {
        double s = 0.0;
        for (int j = 0; j < x.length; j++) {
            switch (type) {
                case ReductionKernel.HALF_SPACE -> s += first[j] * x[j];
                case ReductionKernel.BOX -> {
                    if (x[j] < first[j] || x[j] > second[j]) {
                        return false;
                    }
                }
                default -> s += (x[j] - first[j]) * (x[j] - first[j]);
            }
        }
        return switch (type) {
            case ReductionKernel.HALF_SPACE -> s > second[0];
            case ReductionKernel.BOX -> true;
            default -> s <= second[0] * second[0];
        };
    }

    /** P(X ∈ region) for X drawn from the component; NaN where no closed form is implemented. */
    public double probability(Component c) {
        if (c instanceof GaussianComponent g) {
            return gaussian(g);
        }
        return c instanceof BoxComponent b ? uniform(b) : Double.NaN;
    }

    private double gaussian(GaussianComponent g) {
        double[] mu = g.mean();
        double[][] cov = g.covariance();
        int d = mu.length;
        switch (type) {
            case ReductionKernel.HALF_SPACE -> {
                double m = 0.0;
                double v = 0.0;
                for (int i = 0; i < d; i++) {
                    m += first[i] * mu[i];
                    for (int j = 0; j < d; j++) {
                        v += first[i] * cov[i][j] * first[j];
                    }
                }
                if (v == 0.0) {
                    return m > second[0] ? 1.0 : 0.0;
                }
                return upperTail((second[0] - m) / Math.sqrt(v));
            }
            case ReductionKernel.BOX -> {
                if (!g.isDiagonal()) {
                    return Double.NaN;
                }
                double p = 1.0;
                for (int j = 0; j < d; j++) {
                    double s = Math.sqrt(cov[j][j]);
                    p *= interval((first[j] - mu[j]) / s, (second[j] - mu[j]) / s);
                }
                return p;
            }
            default -> {
                double v = cov[0][0];
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        if (cov[i][j] != (i == j ? v : 0.0)) {
                            return Double.NaN;
                        }
                    }
                }
                double lambda = 0.0;
                for (int j = 0; j < d; j++) {
                    lambda += (mu[j] - first[j]) * (mu[j] - first[j]);
                }
                return noncentralChiSquare(second[0] * second[0] / v, d, lambda / v);
            }
        }
    }

    private double uniform(BoxComponent b) {
        int d = b.lower().length;
        double[] lo = new double[d];
        double[] hi = new double[d];
        for (int j = 0; j < d; j++) {
            lo[j] = Double.NEGATIVE_INFINITY;
            hi[j] = Double.POSITIVE_INFINITY;
        }
        switch (type) {
            case ReductionKernel.HALF_SPACE -> {
                int axis = -1;
                for (int j = 0; j < d; j++) {
                    if (first[j] != 0.0) {
                        if (axis >= 0) {
                            return Double.NaN;
                        }
                        axis = j;
                    }
                }
                if (axis < 0) {
                    return 0.0 > second[0] ? 1.0 : 0.0;
                }
                double cut = second[0] / first[axis];
                if (first[axis] > 0) {
                    lo[axis] = cut;
                } else {
                    hi[axis] = cut;
                }
            }
            case ReductionKernel.BOX -> {
                lo = first;
                hi = second;
            }
            default -> {
                if (d != 1) {
                    return Double.NaN;
                }
                lo[0] = first[0] - second[0];
                hi[0] = first[0] + second[0];
            }
        }
        double p = 1.0;
        for (int j = 0; j < d; j++) {
            double l = b.lower()[j];
            double u = b.upper()[j];
            p *= Math.max(0.0, Math.min(u, hi[j]) - Math.max(l, lo[j])) / (u - l);
        }
        return p;
    }

    /** 1 − Φ(z) = ½ erfc(z/√2), accurate far into either tail. */
    static double upperTail(double z) {
        double x = z / Math.sqrt(2.0);
        if (x >= 0) {
            return 0.5 * NormalIntervals.erfcx(x) * Math.exp(-x * x);
        }
        return 1.0 - 0.5 * NormalIntervals.erfcx(-x) * Math.exp(-x * x);
    }

    /** Φ(b) − Φ(a) for a ≤ b, as a difference of the smaller tails. */
    static double interval(double a, double b) {
        if (!(b > a)) {
            return 0.0;
        }
        if (a >= 0) {
            return upperTail(a) - upperTail(b);
        }
        if (b <= 0) {
            return upperTail(-b) - upperTail(-a);
        }
        return 1.0 - upperTail(-a) - upperTail(b);
    }

    /**
     * P(Q ≤ x) for Q non-central χ² with k degrees of freedom and non-centrality λ: the Poisson(λ/2) mixture of
     * central χ²_{k+2j} laws, summed over j within 12 standard deviations of the Poisson's mean.
     */
    static double noncentralChiSquare(double x, int k, double lambda) {
        if (!(x > 0)) {
            return 0.0;
        }
        double half = lambda / 2.0;
        int lo = (int) Math.max(0, Math.floor(half - 12 * Math.sqrt(half) - 20));
        int hi = (int) Math.ceil(half + 12 * Math.sqrt(half) + 20);
        double sum = 0.0;
        for (int j = lo; j <= hi; j++) {
            double logPoisson = j == 0 && half == 0.0 ? 0.0 : -half + j * Math.log(half) - SpecialFunctions.logGamma(j + 1.0);
            if (half == 0.0 && j > 0) {
                break;
            }
            sum += Math.exp(logPoisson) * SpecialFunctions.regularizedGammaP(k / 2.0 + j, x / 2.0);
        }
        return Math.min(1.0, sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && name.equals(e.name) && type == e.type && Arrays.equals(first, e.first)
                && Arrays.equals(second, e.second);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(first);
    }

    @Override
    public String toString() {
        return switch (type) {
            case ReductionKernel.HALF_SPACE -> "a.x > b, a=" + Arrays.toString(first) + ", b=" + second[0];
            case ReductionKernel.BOX -> "box " + Arrays.toString(first) + " to " + Arrays.toString(second);
            default -> "ball around " + Arrays.toString(first) + ", radius " + second[0];
        };
    }
}
