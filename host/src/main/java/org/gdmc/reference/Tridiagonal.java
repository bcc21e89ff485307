package org.gdmc.reference;

/** Tridiagonal systems by the Thomas algorithm: stable without pivoting for diagonally dominant matrices. */
final class Tridiagonal {
    private Tridiagonal() {
    }

    /**
     * Solves lower_i x_{i−1} + diag_i x_i + upper_i x_{i+1} = rhs_i; x overwrites rhs.
     *
     * @param diag  modified (holds the eliminated diagonal afterwards)
     * @param upper not modified
     */
    static void solveInPlace(double[] lower, double[] diag, double[] upper, double[] rhs) {
        int n = rhs.length;
        for (int i = 1; i < n; i++) {
            double f = lower[i] / diag[i - 1];
            diag[i] -= f * upper[i - 1];
            rhs[i] -= f * rhs[i - 1];
        }
        rhs[n - 1] /= diag[n - 1];
        for (int i = n - 2; i >= 0; i--) {
            rhs[i] = (rhs[i] - upper[i] * rhs[i + 1]) / diag[i];
        }
    }
}
