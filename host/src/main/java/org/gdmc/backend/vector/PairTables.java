package org.gdmc.backend.vector;

/**
 * The tables of the one-pass step, for a mixture whose guided class is one Gaussian o and whose other classes are one
 * Gaussian ō. At node i, with v_kj = α² λ_kj + σ² and μ̃_k = α μ_k, the class logit is a quadratic,
 * ℓ(x) = c_i + Σ_j (q_ij x_j + b_ij) x_j, with q_ij = −½ (1/v_oj − 1/v_ōj), b_ij = μ̃_oj / v_oj − μ̃_ōj / v_ōj and
 * c_i = log w_o − log w_ō − ½ Σ_j [log v_oj − log v_ōj + μ̃_oj² / v_oj − μ̃_ōj² / v_ōj]; its gradient
 * ∂ℓ/∂x_j = 2 q_ij x_j + b_ij is s_o − s_ō. The guided score s_o + κ (1 − p) ∇ℓ then turns the step
 * y' = A y + B s + C z into y'_j = k_ij y_j + u_ij + κ (1 − p)(e_ij y_j + h_ij) + C z_j with k_ij = A − B / v_oj,
 * u_ij = B μ̃_oj / v_oj, e_ij = 2 B q_ij and h_ij = B b_ij.
 */
final class PairTables {
    /** q_ij, b_ij at [i d + j] and c_i at [i], nodes 0 … n + 1. */
    final double[] curvature;
    final double[] slope;
    final double[] offset;
    /** k_ij, u_ij, e_ij, h_ij at [i d + j], steps 0 … n − 1. */
    final double[] keep;
    final double[] pull;
    final double[] bend;
    final double[] push;

    /**
     * From {@link DiagonalMixturePaths}' per-node tables (μ̃_kj at [(i K + k) d + j], 1/v_kj likewise,
     * log w_k − ½ Σ_j log v_kj at [i K + k]) and the step coefficients A_i, B_i.
     */
    PairTables(int d, int components, int steps, int own, int other, double[] alphaMean, double[] inverseVariance,
               double[] logNorm, double[] coefA, double[] coefB) {
        int nodes = steps + 2;
        curvature = new double[nodes * d];
        slope = new double[nodes * d];
        offset = new double[nodes];
        keep = new double[steps * d];
        pull = new double[steps * d];
        bend = new double[steps * d];
        push = new double[steps * d];
        for (int i = 0; i < nodes; i++) {
            int o = (i * components + own) * d;
            int b = (i * components + other) * d;
            double c = logNorm[i * components + own] - logNorm[i * components + other];
            for (int j = 0; j < d; j++) {
                double pullOwn = alphaMean[o + j] * inverseVariance[o + j];
                double pullOther = alphaMean[b + j] * inverseVariance[b + j];
                curvature[i * d + j] = -0.5 * (inverseVariance[o + j] - inverseVariance[b + j]);
                slope[i * d + j] = pullOwn - pullOther;
                c -= 0.5 * (pullOwn * alphaMean[o + j] - pullOther * alphaMean[b + j]);
                if (i < steps) {
                    keep[i * d + j] = coefA[i] - coefB[i] * inverseVariance[o + j];
                    pull[i * d + j] = coefB[i] * pullOwn;
                    bend[i * d + j] = 2.0 * coefB[i] * curvature[i * d + j];
                    push[i * d + j] = coefB[i] * slope[i * d + j];
                }
            }
            offset[i] = c;
        }
    }
}
