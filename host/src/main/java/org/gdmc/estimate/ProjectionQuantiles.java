package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;

/**
 * The law of the projection π(x) = uᵀx on the direction that separates the class means,
 * u = (m_c − m_other)/|m_c − m_other|, with m_c = E[X₀ | c] and m_other the mean of the other classes' law:
 * {@code projection.mean}, quantiles {@code projection.q01} … {@code projection.q99}, and
 * {@code projection.otherSide} P(π(x) &lt; uᵀ(m_c + m_other)/2), the fraction on the other classes' side of the
 * midpoint. Quantiles come from a {@value #BINS}-bin histogram over the means' span widened by 12 standard
 * deviations of the widest component on both sides ({@link BinnedDistribution}).
 */
public final class ProjectionQuantiles implements Estimator {
    static final int BINS = 1 << 16;

    private final double[] u;
    private final double midpoint;
    private final double low;
    private final double width;

    private ProjectionQuantiles(double[] u, double midpoint, double low, double high) {
        this.u = u;
        this.midpoint = midpoint;
        this.low = low;
        this.width = (high - low) / BINS;
    }

    /** The estimator for class cls of m, or null when m has a single class. */
    public static ProjectionQuantiles of(Mixture m, int cls) {
        if (m.classes() < 2) {
            return null;
        }
        int d = m.dimension();
        double[] u = direction(m, cls);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double spread = 0.0;
        for (Component k : m.components()) {
            double p = dot(u, k.center(), 0, d);
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
            spread = Math.max(spread, switch (k) {
                case GaussianComponent g -> {
                    double v = 0.0;
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            v += u[i] * g.covariance()[i][j] * u[j];
                        }
                    }
                    yield Math.sqrt(v);
                }
                case BoxComponent b -> {
                    double v = 0.0;
                    for (int j = 0; j < d; j++) {
                        v += u[j] * u[j] * (b.upper()[j] - b.lower()[j]) * (b.upper()[j] - b.lower()[j]) / 12.0;
                    }
                    yield Math.sqrt(v);
                }
            });
        }
        double pad = 12 * spread + 0.5 * (hi - lo);
        double mid = 0.5 * (dot(u, m.classMean(cls), 0, d) + dot(u, m.otherClassesMean(cls), 0, d));
        return new ProjectionQuantiles(u, mid, lo - pad, hi + pad);
    }

    /**
     * u = (m_c − m_other)/|m_c − m_other|, the unit direction from the other classes' mean to class cls's; e₁ when
     * the two means coincide or there is one class.
     */
    public static double[] direction(Mixture m, int cls) {
        int d = m.dimension();
        double[] u = new double[d];
        if (m.classes() < 2) {
            u[0] = 1.0;
            return u;
        }
        double[] mc = m.classMean(cls);
        double[] mo = m.otherClassesMean(cls);
        double norm = 0.0;
        for (int j = 0; j < d; j++) {
            u[j] = mc[j] - mo[j];
            norm += u[j] * u[j];
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0)) {
            java.util.Arrays.fill(u, 0.0);
            u[0] = 1.0;
        } else {
            for (int j = 0; j < d; j++) {
                u[j] /= norm;
            }
        }
        return u;
    }

    private static double dot(double[] u, double[] x, int off, int d) {
        double s = 0.0;
        for (int j = 0; j < d; j++) {
            s += u[j] * x[off + j];
        }
        return s;
    }

    /** The direction u (a copy). */
    public double[] direction() {
        return u.clone();
    }

    /** uᵀ(m_c + m_other)/2, the midpoint between the classes' laws on the projection. */
    public double midpoint() {
        return midpoint;
    }

    /** The lower end of the histogram's range. */
    public double low() {
        return low;
    }

    /** The upper end of the histogram's range. */
    public double high() {
        return low + BINS * width;
    }

    @Override
    public String name() {
        return "projection";
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        plan.projection(u);
        int mean = plan.mean(ReductionKernel.PROJECTION, 0.0);
        int otherSide = plan.mean(ReductionKernel.PROJECTION_BELOW, midpoint);
        int h = plan.histogram(ReductionKernel.PROJECTION, 0.0, low, width, BINS);
        return sums -> {
            List<Estimate> out = new ArrayList<>();
            out.add(sums.moments(mean).estimate("projection.mean"));
            out.add(sums.moments(otherSide).estimate("projection.otherSide"));
            BinnedDistribution values = new BinnedDistribution(sums, h, low, width, BINS);
            long n = values.count();
            for (double q : LogitQuantiles.LEVELS) {
                String name = String.format("projection.q%02d", Math.round(q * 100));
                out.add(n == 0 ? new Estimate(name, Double.NaN, Double.NaN, 0)
                        : new Estimate(name, values.quantile(q), values.quantileError(q), n));
            }
            return out;
        };
    }
}
