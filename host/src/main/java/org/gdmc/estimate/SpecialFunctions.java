package org.gdmc.estimate;

/** The special functions the estimators need, to double precision on their stated domains. */
final class SpecialFunctions {
    private SpecialFunctions() {
    }

    /** log C(n, k) from {@link #logGamma}. */
    static double logChoose(long n, long k) {
        return logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0);
    }

    /**
     * log Γ(x), x &gt; 0: Stirling's series with five terms for x ≥ 16 (truncation error below 1e-17 relative to x),
     * shifted there by the recurrence Γ(x) = Γ(x + 1)/x.
     */
    static double logGamma(double x) {
        double shift = 0.0;
        while (x < 16.0) {
            shift -= Math.log(x);
            x += 1.0;
        }
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680
                - inv2 / 1188.0))));
        return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
    }

    /** ψ(x), x &gt; 0: recurrence up to x ≥ 10, then the asymptotic series. */
    static double digamma(double x) {
        double s = 0.0;
        while (x < 10.0) {
            s -= 1.0 / x;
            x += 1.0;
        }
        double inv2 = 1.0 / (x * x);
        return s + Math.log(x) - 0.5 / x
                - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132.0))));
    }

    /**
     * P(a, x) = γ(a, x)/Γ(a), the regularized lower incomplete gamma function, a &gt; 0, x ≥ 0: the series
     * Σ x^n/(a(a+1)…(a+n)) for x &lt; a + 1, else 1 − Q(a, x) with Q by Lentz's continued fraction (as in Numerical
     * Recipes' gammp), to about 1e-14 (the accuracy of {@link #logGamma} in its prefactor).
     */
    static double regularizedGammaP(double a, double x) {
        if (!(x > 0)) {
            return 0.0;
        }
        double logPrefix = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1.0) {
            double term = 1.0 / a;
            double sum = term;
            for (int n = 1; n < 100_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-17) {
                    break;
                }
            }
            return Math.min(1.0, sum * Math.exp(logPrefix));
        }
        double tiny = 1e-300;
        double b = x + 1.0 - a;
        double c = 1.0 / tiny;
        double d = 1.0 / b;
        double h = d;
        for (int i = 1; i < 100_000; i++) {
            double an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return Math.max(0.0, 1.0 - Math.exp(logPrefix) * h);
    }
}
