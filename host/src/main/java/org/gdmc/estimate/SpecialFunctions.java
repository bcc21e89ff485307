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
}
