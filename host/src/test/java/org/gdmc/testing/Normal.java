package org.gdmc.testing;

/** Independent reference functions for the standard normal law (test side only). */
public final class Normal {
    private Normal() {
    }

    /** Φ(x) = erfc(−x/√2)/2. */
    public static double cdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2.0));
    }

    /** erfc(x): the Maclaurin series of erf for |x| &lt; 0.5, else Laplace's continued fraction evaluated by Lentz's method. */
    public static double erfc(double x) {
        if (x < 0) {
            return 2.0 - erfc(-x);
        }
        if (x < 0.5) {
            // erf series: 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1))
            double sum = 0.0;
            double term = x;
            for (int n = 0; n < 60; n++) {
                sum += term / (2 * n + 1);
                term *= -x * x / (n + 1);
            }
            return 1.0 - 2.0 / Math.sqrt(Math.PI) * sum;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / continuedFraction(x);
    }

    /** f(x) = x + (1/2)/(x + 1/(x + (3/2)/(x + …))), with erfc(x) = e^{−x²}/(√π f(x)), by modified Lentz. */
    private static double continuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0.0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return f;
    }

    /** log erfc(x), in log space for x ≥ 0.5 (so that it stays finite far in the tail). */
    public static double logErfc(double x) {
        if (x < 0.5) {
            return Math.log(erfc(x));
        }
        return -x * x - 0.5 * Math.log(Math.PI) - Math.log(continuedFraction(x));
    }

    /** erfcx(x) = e^{x²} erfc(x) = 1/(√π f(x)) from the continued fraction, for x ≥ 1 (where it converges fast). */
    public static double erfcx(double x) {
        return 1.0 / (Math.sqrt(Math.PI) * continuedFraction(x));
    }

    /** log Q(u) = log P(Z &gt; u). */
    public static double logUpperTail(double u) {
        return logErfc(u / Math.sqrt(2.0)) - Math.log(2.0);
    }

    /** log(Φ(hi) − Φ(lo)) with Δ = hi − lo formed by subtraction; see {@link #logIntervalMass(double, double, double)}. */
    public static double logIntervalMass(double hi, double lo) {
        return logIntervalMass(hi, lo, hi - lo);
    }

    /**
     * log(Φ(hi) − Φ(lo)) for lo &lt; hi, with Δ = hi − lo given exactly. Wide intervals: log Q(lo) + log(1 − e^{log Q(hi) −
     * log Q(lo)}) on the right, its mirror on the left, log(1 − Q(hi) − Q(−lo)) across 0. Narrow ones (where that would
     * cancel): log φ(lo) + log ∫₀^Δ e^{−s(2 lo + s)/2} ds by the composite Simpson rule with 200 panels.
     */
    public static double logIntervalMass(double hi, double lo, double delta) {
        if (hi + lo < 0) {
            return logIntervalMass(-lo, -hi, delta);
        }
        if (0.5 * delta * (hi + lo) < 0.1) {
            int panels = 200;
            double h = delta / panels;
            double sum = 0.0;
            for (int i = 0; i <= panels; i++) {
                double s = i * h;
                double w = (i == 0 || i == panels) ? 1 : (i % 2 == 1 ? 4 : 2);
                sum += w * Math.exp(-0.5 * s * (2 * lo + s));
            }
            return -0.5 * lo * lo - 0.5 * Math.log(2 * Math.PI) + Math.log(sum * h / 3.0);
        }
        if (lo >= 0) {
            double a = logUpperTail(lo);
            return a + Math.log(-Math.expm1(logUpperTail(hi) - a));
        }
        return Math.log1p(-(Math.exp(logUpperTail(hi)) + Math.exp(logUpperTail(-lo))));
    }

    /** E[f(Z)], Z ~ N(m, s²), by the composite Simpson rule on m ± 12 s with 4000 panels. */
    public static double expect(java.util.function.DoubleUnaryOperator f, double m, double s) {
        int panels = 4000;
        double lo = -12.0;
        double h = 24.0 / panels;
        double sum = 0.0;
        for (int i = 0; i <= panels; i++) {
            double z = lo + i * h;
            double w = (i == 0 || i == panels) ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += w * Math.exp(-0.5 * z * z) * f.applyAsDouble(m + s * z);
        }
        return sum * h / 3.0 / Math.sqrt(2 * Math.PI);
    }
}
