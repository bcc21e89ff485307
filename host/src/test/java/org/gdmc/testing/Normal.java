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
        // continued fraction erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) by modified Lentz
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
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
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
