package org.gdmc.estimate;

import java.util.stream.IntStream;

/**
 * The Kozachenko–Leonenko k-nearest-neighbour estimator of differential entropy from n points in d dimensions:
 * Ĥ = ψ(n) − ψ(k) + log V_d + (d/n) Σ_i log ε_i, with ε_i the distance from point i to its k-th nearest other point
 * and V_d = π^{d/2}/Γ(d/2 + 1) the volume of the unit ball. Consistent for densities with finite entropy; its bias is
 * O(n^{−2/d})-sized for smooth densities with full support, and positive at a support boundary (balls cut by it),
 * O(n^{−1/d}) there. s.e. = d·sd(log ε)/√n, treating the terms as independent (their dependence is weak for k ≪ n).
 * Coincident points (ε_i = 0) are left out and counted. Neighbours come from a {@link KdTree}: O(n log n) in low d;
 * the queries run in parallel and are summed in point order, so the value does not depend on the thread count.
 */
public final class KnnEntropy {
    private KnnEntropy() {
    }

    /** The estimate with its s.e., the points used, and the coincident points left out. */
    public record Result(double value, double stdError, long count, long coincident) {
    }

    /** @param points n·d coordinates, row-major, all finite. Not modified. */
    public static Result estimate(double[] points, int n, int d, int k) {
        if (k < 1 || n <= k) {
            throw new IllegalArgumentException("need n > k >= 1 points, got n=" + n + ", k=" + k);
        }
        KdTree tree = new KdTree(points, n, d);
        double[] logs = new double[n];
        IntStream.range(0, (n + 4095) / 4096).parallel().forEach(chunk -> {
            double[] heap = new double[k];
            for (int at = chunk * 4096; at < Math.min(n, (chunk + 1) * 4096); at++) {
                int i = tree.pointAt(at);
                logs[i] = 0.5 * Math.log(tree.kthNeighbourDistanceSquared(i, k, heap));
            }
        });
        ScalarMoments logDistance = new ScalarMoments();
        for (int i = 0; i < n; i++) {
            if (logs[i] != Double.NEGATIVE_INFINITY) {
                logDistance.add(logs[i]);
            }
        }
        long used = logDistance.count();
        if (used < 2) {
            return new Result(Double.NaN, Double.NaN, used, n - used);
        }
        double logBall = 0.5 * d * Math.log(Math.PI) - SpecialFunctions.logGamma(0.5 * d + 1.0);
        double value = SpecialFunctions.digamma(used) - SpecialFunctions.digamma(k) + logBall + d * logDistance.mean();
        return new Result(value, d * logDistance.standardError(), used, n - used);
    }
}
