package org.gdmc.check;

import org.gdmc.backend.Backend;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.ReductionKernel;
import org.gdmc.kernel.PathKernel;

/**
 * How closely a candidate backend's paths follow a reference backend's, particle by particle, over every guidance of
 * a simulation: the same particles (so the same start points and noise) on both.
 *
 * @param worstState     largest |x − y| / (1 + |x|) over the final coordinates
 * @param worstLogit     the same over the node logits (data-law, start, end)
 * @param worstPosterior largest |σ(ℓ_x) − σ(ℓ_y)| over the same logits: the class posteriors, which stay comparable
 *                       where a box's data-law logit is ±1/σ²-sized and its float floor differs
 * @param monotoneFlips  paths whose monotone flag differs
 * @param paths          paths compared (particles × guidance values)
 * @param statesBeyond   paths whose final state is off by more than the bound given to
 *                       {@link #of(SimulationSpec, Backend, Backend, long, int, double)} (0 without one)
 */
public record PathAgreement(double worstState, double worstLogit, double worstPosterior, int monotoneFlips,
                            int paths, int statesBeyond) {
    private static final int[] LOGITS = {PathKernel.OBS_DATA_LOGIT, PathKernel.OBS_START_LOGIT,
        PathKernel.OBS_END_LOGIT};

    /** Simulates particles first … first + count − 1 of spec on both backends and compares them. */
    public static PathAgreement of(SimulationSpec spec, Backend reference, Backend candidate, long first, int count) {
        return of(spec, reference, candidate, first, count, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #of(SimulationSpec, Backend, Backend, long, int)}, also counting the paths whose final state is off by
     * more than the bound (for the guidances that are not {@code wellConditioned}, whose agreement is checked on most
     * paths rather than all).
     */
    public static PathAgreement of(SimulationSpec spec, Backend reference, Backend candidate, long first, int count,
                                   double bound) {
        int guidances = spec.guidances().size();
        int d = spec.target().dimension();
        ParticleBatch a = new ParticleBatch(guidances, d, count);
        ParticleBatch b = new ParticleBatch(guidances, d, count);
        a.reset(first, count);
        b.reset(first, count);
        reference.simulate(spec, a);
        candidate.simulate(spec, b);
        double state = 0.0;
        double logit = 0.0;
        double posterior = 0.0;
        int flips = 0;
        int beyond = 0;
        for (int g = 0; g < guidances; g++) {
            double[] sa = a.states(g);
            double[] sb = b.states(g);
            for (int i = 0; i < count; i++) {
                double path = 0.0;
                for (int k = i * d; k < i * d + d; k++) {
                    path = Math.max(path, worst(sa[k], sb[k]));
                }
                state = Math.max(state, path);
                beyond += path > bound ? 1 : 0;
            }
            double[] x = a.observables(g);
            double[] y = b.observables(g);
            for (int i = 0; i < count; i++) {
                for (int k : LOGITS) {
                    int at = i * PathKernel.OBS_LENGTH + k;
                    logit = Math.max(logit, worst(x[at], y[at]));
                    posterior = Math.max(posterior, Math.abs(ReductionKernel.sigmoid(x[at])
                            - ReductionKernel.sigmoid(y[at])));
                }
                int m = i * PathKernel.OBS_LENGTH + PathKernel.OBS_MONOTONE;
                flips += x[m] != y[m] ? 1 : 0;
            }
        }
        return new PathAgreement(state, logit, posterior, flips, count * guidances, beyond);
    }

    /** Whether every guidance of the spec is well-conditioned, so that the float32 bound holds on every path. */
    public static boolean everyPathBounded(SimulationSpec spec) {
        return spec.guidances().stream().allMatch(org.gdmc.guidance.Guidance::wellConditioned);
    }

    /** The share of paths that float32 may leave its bound on, for guidances that are not well-conditioned. */
    public static final double ILL_CONDITIONED_SHARE = 0.01;

    /**
     * Whether the states are within the bound: on every path, or, for a spec with guidances that are not
     * well-conditioned, on all but {@link #ILL_CONDITIONED_SHARE} of them (this agreement must have been computed with
     * that bound).
     */
    public boolean statesWithin(SimulationSpec spec, double bound) {
        return everyPathBounded(spec) ? worstState < bound : statesBeyond <= ILL_CONDITIONED_SHARE * paths;
    }

    /**
     * Whether two float64 paths agree as a device's must with the CPU's: states within the state bound and logits
     * within the logit bound with no monotone flip, on every path; for a spec with guidances that are not
     * well-conditioned (whose rounding the normalisation amplifies), states within the bound on all but
     * {@link #ILL_CONDITIONED_SHARE} of the paths (this agreement must have been computed with the state bound).
     */
    public boolean float64Within(SimulationSpec spec, double stateBound, double logitBound) {
        if (!everyPathBounded(spec)) {
            return statesWithin(spec, stateBound) && monotoneFlips <= ILL_CONDITIONED_SHARE * paths;
        }
        return worstState < stateBound && worstLogit < logitBound && monotoneFlips == 0;
    }

    /** The largest relative deviation of the states and logits, with any monotone flip counting as 1. */
    public double worst() {
        return Math.max(Math.max(worstState, worstLogit), monotoneFlips > 0 ? 1.0 : 0.0);
    }

    /** Largest |x − y| / (1 + |x|) over the first n; equal infinities and two NaNs match, a lone NaN is infinitely off. */
    public static double worst(double[] x, double[] y, int n) {
        double w = 0.0;
        for (int i = 0; i < n; i++) {
            w = Math.max(w, worst(x[i], y[i]));
        }
        return w;
    }

    private static double worst(double x, double y) {
        if ((Double.isInfinite(x) && x == y) || (Double.isNaN(x) && Double.isNaN(y))) {
            return 0.0;
        }
        double e = Math.abs(x - y) / (1.0 + Math.abs(x));
        return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "state %.2e, logit %.2e, posterior %.2e, monotone flips %d of %d%s",
                worstState, worstLogit, worstPosterior, monotoneFlips, paths,
                statesBeyond > 0 ? ", " + statesBeyond + " states beyond the bound" : "");
    }
}
