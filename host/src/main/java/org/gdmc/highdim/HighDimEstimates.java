package org.gdmc.highdim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.Reliability;
import org.gdmc.estimate.TailIndex;
import org.gdmc.estimate.TotalVariation;

/**
 * The estimates of one row of a high-dimensional study, from its {@link HighDimSums}, counts and projections:
 * <ul>
 *   <li>{@code hd.accuracy}: P(ĉ = c), the class the data law finds most probable is the guided one;</li>
 *   <li>{@code hd.posterior}: E p₀(c|X); {@code hd.inversePosterior}: E 1/p₀(c|X) (heavy-tailed when samples land
 *       where c is improbable: its standard error is checked by the tail index, {@link TailIndex});</li>
 *   <li>{@code hd.overshoot}: E[(X − m_c)·u]/σ_u, the mean's shift along u in the class law's standard deviations
 *       (0 under the class law);</li>
 *   <li>{@code hd.varianceRatio.along}: Var[X·u]/σ_u², and {@code hd.varianceRatio.across}: (E‖X − m_c‖² −
 *       E[(X − m_c)·u]² − ‖E(X − m_c)‖² + (E(X − m_c)·u)²)/(tr Cov_c − σ_u²), the spread along and across u against
 *       the class law's (1 under it); standard errors by the delta method (fourth moments along u);</li>
 *   <li>{@code hd.overshoot.exactDynamics} and {@code hd.varianceRatio.along.exactDynamics}, for two isotropic
 *       components of one variance, one per class, under a guidance s_c + κ(t)(s_c − s_u): the continuous-time
 *       dynamics' exact values at δ ({@link PairReduction}), so the sampled ones differ from them by the time
 *       discretisation and the sampling error only;</li>
 *   <li>{@code hd.componentTV}: ½ Σ_k |n_k/N − w_k/π_c| over components, n_k the particles whose component of largest
 *       responsibility is k (components of other classes count with weight 0): how the mass spreads over the class's
 *       modes against their weights. Its standard error is the delta method's for a multinomial,
 *       ½ √((Σ s_k² p_k − (Σ s_k p_k)²)/N) with s_k the sign of the k-th term. Exact class-law samples give a positive
 *       value too (overlapping components, finite N): the exact row shows it;</li>
 *   <li>{@code hd.slicedW2.squared}: {@link SlicedWasserstein} against exact draws (the exact row's value is the
 *       noise floor);</li>
 *   <li>{@code plane.outsideGrid}: the fraction of particles off the grid of the picture's plane
 *       ({@link HighDimPlane}); {@code plane.tvClassLaw}: TV between the guided row's projection onto the plane and
 *       the exact row's over the cells ({@link TotalVariation#between}: two samples of N), a lower bound on the TV to
 *       the class law up to the sampling noise, with {@code plane.tvClassLawNoiseFloor}, what two samples of the
 *       same law would give.</li>
 * </ul>
 */
public final class HighDimEstimates {
    private HighDimEstimates() {
    }

    static List<Estimate> of(HighDimSums s, long[] counts, LargeMixture m, int cls, ClassLawGeometry geo,
                             double[] sliced, long[] plane, long[] exactPlane) {
        return of(s, counts, m, cls, geo, sliced, plane, exactPlane, List.of());
    }

    /** As above, with the exact references of the overshoot and variance along u placed after them. */
    static List<Estimate> of(HighDimSums s, long[] counts, LargeMixture m, int cls, ClassLawGeometry geo,
                             double[] sliced, long[] plane, long[] exactPlane, List<Estimate> alongReferences) {
        long n = s.count();
        List<Estimate> out = new ArrayList<>();
        double acc = (double) counts[0] / n;
        out.add(new Estimate("hd.accuracy", acc, Math.sqrt(acc * (1 - acc) / n), n));
        out.add(new Estimate("hd.posterior", s.posterior.mean, s.posterior.standardError(), n));
        TailIndex tail = TailIndex.of(HighDimSums.tail(counts, m.components()));
        Estimate inv = new Estimate("hd.inversePosterior", s.inverse.mean, s.inverse.standardError(), n);
        if (tail.heavy()) {
            inv = inv.withReliability(new Reliability(tail.xi(), tail.note(), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, false, String.format(Locale.ROOT, "1/p has a heavy tail (xi = %.2f): "
                            + "its variance is infinite or too large to show, so the standard error means nothing",
                            tail.xi())));
        }
        out.add(inv);
        double sdU = Math.sqrt(geo.varianceAlong());
        out.add(new Estimate("hd.overshoot", s.along.mean / sdU, s.along.standardError() / sdU, n));
        double varAlong = s.along.m2 / n;
        out.add(new Estimate("hd.varianceRatio.along", varAlong / geo.varianceAlong(),
                s.along.varianceStandardError() / geo.varianceAlong(), n));
        out.addAll(alongReferences);
        double[] u = geo.direction();
        double offNorm2 = 0.0;
        double offAlong = 0.0;
        for (int j = 0; j < u.length; j++) {
            double mj = s.offset[j] / n;
            offNorm2 += mj * mj;
            offAlong += mj * u[j];
        }
        double across = s.across.mean - (offNorm2 - offAlong * offAlong);
        out.add(new Estimate("hd.varianceRatio.across", across / geo.varianceAcross(),
                s.across.standardError() / geo.varianceAcross(), n));
        double pi = m.classWeight(cls);
        double tv = 0.0;
        double first = 0.0;
        double second = 0.0;
        for (int k = 0; k < m.components(); k++) {
            double p = (double) HighDimSums.nearest(counts, k) / n;
            double w = m.classOf(k) == cls ? Math.exp(m.logWeight(k)) / pi : 0.0;
            double sign = Math.signum(p - w);
            tv += Math.abs(p - w);
            first += sign * p;
            second += sign * sign * p;
        }
        out.add(new Estimate("hd.componentTV", 0.5 * tv, 0.5 * Math.sqrt(Math.max(0.0, second - first * first) / n),
                n));
        if (sliced != null) {
            out.add(new Estimate("hd.slicedW2.squared", sliced[0], sliced[1], Math.min(n,
                    SlicedWasserstein.MAX_KEPT)));
        }
        long off = plane[plane.length - 1];
        double p = (double) off / n;
        out.add(new Estimate("plane.outsideGrid", p, Math.sqrt(p * (1 - p) / n), n));
        if (plane != exactPlane) {
            out.addAll(org.gdmc.estimate.BinnedDensity.tvEstimates("plane.tvClassLaw",
                    TotalVariation.between(plane, exactPlane)));
        }
        return out;
    }
}
