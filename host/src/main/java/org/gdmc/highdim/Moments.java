package org.gdmc.highdim;

/**
 * Count, mean and central moment sums M₂, M₃, M₄ of a stream, with Welford's update for one value and Pébay's
 * (2008) pairwise formulas for merging two streams; the merge of any split in a fixed order gives the same values to
 * rounding, and the study merges in one order, so its bits do not depend on threads or batches.
 */
final class Moments {
    long n;
    double mean;
    double m2;
    double m3;
    double m4;

    void add(double x) {
        long n1 = n;
        n++;
        double delta = x - mean;
        double dn = delta / n;
        double dn2 = dn * dn;
        double term = delta * dn * n1;
        mean += dn;
        m4 += term * dn2 * ((double) n * n - 3.0 * n + 3.0) + 6.0 * dn2 * m2 - 4.0 * dn * m3;
        m3 += term * dn * (n - 2.0) - 3.0 * dn * m2;
        m2 += term;
    }

    void merge(Moments b) {
        if (b.n == 0) {
            return;
        }
        if (n == 0) {
            n = b.n;
            mean = b.mean;
            m2 = b.m2;
            m3 = b.m3;
            m4 = b.m4;
            return;
        }
        double na = n;
        double nb = b.n;
        double nn = na + nb;
        double delta = b.mean - mean;
        double d2 = delta * delta;
        double m2n = m2 + b.m2 + d2 * na * nb / nn;
        double m3n = m3 + b.m3 + d2 * delta * na * nb * (na - nb) / (nn * nn)
                + 3.0 * delta * (na * b.m2 - nb * m2) / nn;
        double m4n = m4 + b.m4 + d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (nn * nn * nn)
                + 6.0 * d2 * (na * na * b.m2 + nb * nb * m2) / (nn * nn) + 4.0 * delta * (na * b.m3 - nb * m3) / nn;
        mean += delta * nb / nn;
        n += b.n;
        m2 = m2n;
        m3 = m3n;
        m4 = m4n;
    }

    /** The sample variance M₂/(n − 1). */
    double variance() {
        return n > 1 ? m2 / (n - 1) : Double.NaN;
    }

    /** The standard error of the mean. */
    double standardError() {
        return Math.sqrt(variance() / n);
    }

    /** The standard error of the (population) variance M₂/n: √((μ₄ − σ⁴)/n). */
    double varianceStandardError() {
        double s2 = m2 / n;
        double mu4 = m4 / n;
        return Math.sqrt(Math.max(0.0, mu4 - s2 * s2) / n);
    }
}
