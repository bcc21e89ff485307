package org.gdmc.estimate;

import org.gdmc.reference.CellGrid;

/**
 * The differential entropy of a histogram on a grid of cells of width h, and on the same grid with cells of width 2h
 * (pairs merged along every axis, so half the cells per axis), with the Richardson estimate of the first's binning
 * bias.
 *
 * <p>With n_k of the n particles in cell k of volume V_k, f̂(x) = n_k/(n V_k) on the cell holding x and m the occupied
 * cells, Ĥ = −Σ (n_k/n) log f̂_k + (m − 1)/(2n) (Miller–Madow), s.e. √(Var̂[log f̂(X)]/n). For a smooth density the
 * discretisation moves the histogram's entropy by a h² + O(h⁴) (a = E|∇log f|²/24 per axis of unit width for a
 * Gaussian), so bias(Ĥ_h) ≈ (Ĥ_{2h} − Ĥ_h)/3, with s.e. √(Var̂[D]/n)/3, D(x) = log f̂_h(x) − log f̂_{2h}(x) the
 * per-particle difference (the same particles enter both). Undersampling (few particles per cell) biases Ĥ_h
 * downwards beyond Miller–Madow and does not follow h²: a bias estimate of either sign several times its s.e. says
 * the histogram's entropy is not to be trusted to its s.e. at this grid and N.
 *
 * @param value     Ĥ_h
 * @param stdError  its standard error
 * @param coarse    Ĥ_{2h}
 * @param coarseStdError its standard error
 * @param bias      (Ĥ_{2h} − Ĥ_h)/3
 * @param biasStdError its standard error
 */
public record HistogramEntropy(double value, double stdError, double coarse, double coarseStdError, double bias,
                               double biasStdError) {
    /**
     * The entropies of the counts c (c[k] for the grid's flat cell index k; entries past the grid's cells ignored) of
     * n particles inside the grid; NaN below two particles.
     */
    public static HistogramEntropy of(long[] c, CellGrid grid, long n) {
        if (n < 2) {
            return new HistogramEntropy(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        int d = grid.dimension();
        int[] fine = grid.cellCounts();
        int[] half = new int[d];
        int coarseTotal = 1;
        for (int j = 0; j < d; j++) {
            half[j] = (fine[j] + 1) / 2;
            coarseTotal *= half[j];
        }
        long[] merged = new long[coarseTotal];
        int[] cellsIn = new int[coarseTotal];
        int[] coarseOf = new int[grid.total()];
        for (int k = 0; k < grid.total(); k++) {
            int rest = k;
            int index = 0;
            int stride = 1;
            for (int j = 0; j < d; j++) {
                int kj = rest % fine[j];
                rest /= fine[j];
                index += (kj / 2) * stride;
                stride *= half[j];
            }
            coarseOf[k] = index;
            merged[index] += c[k];
            cellsIn[index]++;
        }
        double volume = grid.cellVolume();
        double nn = n;
        double fineMean = 0.0;
        double fineSquare = 0.0;
        double coarseMean = 0.0;
        double coarseSquare = 0.0;
        double diffMean = 0.0;
        double diffSquare = 0.0;
        int fineOccupied = 0;
        for (int k = 0; k < grid.total(); k++) {
            if (c[k] > 0) {
                double p = c[k] / nn;
                double logFine = Math.log(p / volume);
                int q = coarseOf[k];
                double logCoarse = Math.log(merged[q] / nn / (cellsIn[q] * volume));
                fineMean += p * logFine;
                fineSquare += p * logFine * logFine;
                coarseMean += p * logCoarse;
                coarseSquare += p * logCoarse * logCoarse;
                double diff = logFine - logCoarse;
                diffMean += p * diff;
                diffSquare += p * diff * diff;
                fineOccupied++;
            }
        }
        int coarseOccupied = 0;
        for (long m : merged) {
            coarseOccupied += m > 0 ? 1 : 0;
        }
        double h = -fineMean + (fineOccupied - 1) / (2.0 * nn);
        double h2 = -coarseMean + (coarseOccupied - 1) / (2.0 * nn);
        return new HistogramEntropy(h, se(fineMean, fineSquare, nn), h2, se(coarseMean, coarseSquare, nn),
                (h2 - h) / 3.0, se(diffMean, diffSquare, nn) / 3.0);
    }

    private static double se(double mean, double square, double n) {
        return Math.sqrt(Math.max(square - mean * mean, 0.0) / n);
    }
}
