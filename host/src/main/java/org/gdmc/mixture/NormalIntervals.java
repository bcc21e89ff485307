package org.gdmc.mixture;

import org.gdmc.kernel.KernelCode;

/**
 * Standard normal probabilities of intervals and their truncated means, in log space, accurate to a few ulps
 * everywhere: far in either tail, for intervals of any width, and for widths down to 1e-300 (kernel subset: static,
 * primitives only, no {@code >>>}).
 *
 * <p>For U ~ N(0, 1) and lo &lt; hi: mass M = Φ(hi) − Φ(lo) and truncated mean m = E[U | lo &lt; U &lt; hi] =
 * (φ(lo) − φ(hi)) / M. By symmetry we reduce to hi + lo ≥ 0 and let D = (hi² − lo²)/2 = Δ(hi + lo)/2 with
 * Δ = hi − lo passed exactly by the caller, so that no difference of nearly equal numbers is ever formed:
 * <ul>
 *   <li>lo ≥ 0, D &gt; {@value #QUADRATURE_LIMIT}: M = φ(lo) [R(lo) − R(hi) e^{−D}] with the Mills ratio
 *       R(u) = Q(u)/φ(u) = √(π/2) erfcx(u/√2); the bracket loses at most a factor 1/(1 − e^{−D}) ≤ 5 to cancellation;</li>
 *   <li>lo ≥ 0, D ≤ {@value #QUADRATURE_LIMIT}: M = φ(lo) ∫₀^Δ e^{−s(2 lo + s)/2} ds by 8-point Gauss–Legendre (the
 *       exponent spans at most D, so the rule is exact to rounding);</li>
 *   <li>lo &lt; 0 &lt; hi: M = [erf(hi/√2) + erf(−lo/√2)]/2, a sum of two non-negative terms;</li>
 * </ul>
 * and φ(lo) − φ(hi) = φ(lo)(−expm1(−D)) or φ(hi) expm1(D). erfcx is W. J. Cody's rational Chebyshev approximation
 * (Math. Comp. 23, 1969), relative error below 1e-15 on [0, ∞).
 */
@KernelCode
public final class NormalIntervals {
    static final double QUADRATURE_LIMIT = 0.25;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double SQRT_HALF_PI = 1.2533141373155003;
    private static final double INV_SQRT_PI = 0.5641895835477563;

    private NormalIntervals() {
    }

    /**
     * Writes out[off] = log(Φ(hi) − Φ(lo)) and out[off + 1] = E[U | lo &lt; U &lt; hi].
     *
     * @param delta hi − lo &gt; 0, computed by the caller without cancellation (e.g. α(b − a)/σ)
     */
    public static void evaluate(double hi, double lo, double delta, double[] out, int off) {
        evaluate(hi, lo, delta, out, off, 1);
    }

    /** As {@link #evaluate(double, double, double, double[], int)}, the mean at out[off + stride]. */
    public static void evaluate(double hi, double lo, double delta, double[] out, int off, int stride) {
        double sign = 1.0;
        double h = hi;
        double l = lo;
        if (hi + lo < 0.0) {
            h = -lo;
            l = -hi;
            sign = -1.0;
        }
        double dd = 0.5 * delta * (h + l);
        double logMass;
        double mean;
        if (l >= 0.0) {
            double r;
            if (dd > QUADRATURE_LIMIT) {
                r = mills(l) - mills(h) * Math.exp(-dd);
            } else {
                r = scaledIntegral(l, delta);
            }
            logMass = -0.5 * l * l - LOG_SQRT_2PI + Math.log(r);
            mean = -expm1(-dd) / r;
        } else {
            double mass = 0.5 * (erf(h * INV_SQRT2) + erf(-l * INV_SQRT2));
            logMass = Math.log(mass);
            double numerator;
            if (dd > 0.5) {
                numerator = Math.exp(-0.5 * l * l - LOG_SQRT_2PI) - Math.exp(-0.5 * h * h - LOG_SQRT_2PI);
            } else {
                numerator = Math.exp(-0.5 * h * h - LOG_SQRT_2PI) * expm1(dd);
            }
            mean = numerator / mass;
        }
        out[off] = logMass;
        out[off + stride] = sign * mean;
    }

    /** ∫₀^Δ exp(−s(2l + s)/2) ds = (Φ(l + Δ) − Φ(l)) / φ(l), by 8-point Gauss–Legendre. */
    static double scaledIntegral(double l, double delta) {
        double half = 0.5 * delta;
        double acc = 0.0;
        acc += 0.3626837833783620 * (bump(l, half * (1.0 - 0.1834346424956498))
                + bump(l, half * (1.0 + 0.1834346424956498)));
        acc += 0.3137066458778873 * (bump(l, half * (1.0 - 0.5255324099163290))
                + bump(l, half * (1.0 + 0.5255324099163290)));
        acc += 0.2223810344533745 * (bump(l, half * (1.0 - 0.7966664774136267))
                + bump(l, half * (1.0 + 0.7966664774136267)));
        acc += 0.1012285362903763 * (bump(l, half * (1.0 - 0.9602898564975363))
                + bump(l, half * (1.0 + 0.9602898564975363)));
        return half * acc;
    }

    private static double bump(double l, double s) {
        return Math.exp(-0.5 * s * (2.0 * l + s));
    }

    /**
     * e^x − 1 by Kahan's formula (e^x − 1)·x / log(e^x), accurate to a few ulps from exp and log alone: Java's
     * Math.expm1 is fdlibm bit manipulation, which device compilers cannot translate.
     */
    static double expm1(double x) {
        double u = Math.exp(x);
        if (u == 1.0) {
            return x;
        }
        double um1 = u - 1.0;
        if (um1 == -1.0) {
            return -1.0;
        }
        if (u > Double.MAX_VALUE) {
            return u;
        }
        return um1 * x / Math.log(u);
    }

    /** The Mills ratio R(u) = Q(u)/φ(u) for u ≥ 0. */
    public static double mills(double u) {
        return SQRT_HALF_PI * erfcx(u * INV_SQRT2);
    }

    /** erf(x) for x ≥ 0. */
    public static double erf(double x) {
        if (x < 0.46875) {
            double z = x * x;
            double num = 1.85777706184603153e-1 * z;
            double den = z;
            num = (num + 3.16112374387056560e00) * z;
            den = (den + 2.36012909523441209e01) * z;
            num = (num + 1.13864154151050156e02) * z;
            den = (den + 2.44024637934444173e02) * z;
            num = (num + 3.77485237685302021e02) * z;
            den = (den + 1.28261652607737228e03) * z;
            return x * (num + 3.20937758913846947e03) / (den + 2.84423683343917062e03);
        }
        return 1.0 - Math.exp(-x * x) * erfcx(x);
    }

    /** erfcx(x) = e^{x²} erfc(x) for x ≥ 0 (Cody's three rational approximations). */
    public static double erfcx(double x) {
        if (x < 0.46875) {
            return Math.exp(x * x) * (1.0 - erf(x));
        }
        if (x <= 4.0) {
            double num = 2.15311535474403846e-8 * x;
            double den = x;
            num = (num + 5.64188496988670089e-1) * x;
            den = (den + 1.57449261107098347e01) * x;
            num = (num + 8.88314979438837594e00) * x;
            den = (den + 1.17693950891312499e02) * x;
            num = (num + 6.61191906371416295e01) * x;
            den = (den + 5.37181101862009858e02) * x;
            num = (num + 2.98635138197400131e02) * x;
            den = (den + 1.62138957456669019e03) * x;
            num = (num + 8.81952221241769090e02) * x;
            den = (den + 3.29079923573345963e03) * x;
            num = (num + 1.71204761263407058e03) * x;
            den = (den + 4.36261909014324716e03) * x;
            num = (num + 2.05107837782607147e03) * x;
            den = (den + 3.43936767414372164e03) * x;
            return (num + 1.23033935479799725e03) / (den + 1.23033935480374942e03);
        }
        double z = 1.0 / (x * x);
        double num = 1.63153871373020978e-2 * z;
        double den = z;
        num = (num + 3.05326634961232344e-1) * z;
        den = (den + 2.56852019228982242e00) * z;
        num = (num + 3.60344899949804439e-1) * z;
        den = (den + 1.87295284992346047e00) * z;
        num = (num + 1.25781726111229246e-1) * z;
        den = (den + 5.27905102951428412e-1) * z;
        num = (num + 1.60837851487422766e-2) * z;
        den = (den + 6.05183413124413191e-2) * z;
        double r = z * (num + 6.58749161529837803e-4) / (den + 2.33520497626869185e-3);
        return (INV_SQRT_PI - r) / x;
    }
}
