package org.gdmc.reference;

/**
 * Gauss–Legendre rules on [−1, 1]: n nodes x_i, the roots of P_n, and weights 2 / ((1 − x_i²) P_n'(x_i)²), exact for
 * polynomials of degree ≤ 2n − 1. Roots by Newton's method from Tricomi's approximation cos(π(i − ¼)/(n + ½)).
 */
public final class GaussLegendre {
    private final double[] nodes;
    private final double[] weights;

    public GaussLegendre(int n) {
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException("need 1 <= n <= 64 nodes, got " + n);
        }
        nodes = new double[n];
        weights = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0.0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1.0;
                double p1 = x;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (x * p1 - p0) / (x * x - 1.0);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) {
                    break;
                }
            }
            nodes[i] = -x;
            nodes[n - 1 - i] = x;
            double w = 2.0 / ((1.0 - x * x) * dp * dp);
            weights[i] = w;
            weights[n - 1 - i] = w;
        }
    }

    public int size() {
        return nodes.length;
    }

    /** Node i mapped to [a, b]. */
    public double node(int i, double a, double b) {
        return 0.5 * (a + b) + 0.5 * (b - a) * nodes[i];
    }

    /** Weight i for [a, b]. */
    public double weight(int i, double a, double b) {
        return 0.5 * (b - a) * weights[i];
    }
}
