package org.gdmc.bench;

import java.util.concurrent.TimeUnit;

import org.gdmc.estimate.KnnEntropy;
import org.gdmc.rng.NormalVariates;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Kozachenko–Leonenko entropy of n standard normal points in d dimensions, k = 4, on all cores: k-d tree build
 * plus n k-nearest-neighbour queries, seconds per estimate. n = 10^5 and 10^6 side by side show the n log n growth
 * (a factor of about 12 for n log n, 100 for a quadratic search).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class KnnEntropyBenchmark {
    @Param({"100000", "1000000"})
    public int n;

    @Param({"2"})
    public int d;

    private double[] points;

    @Setup
    public void setUp() {
        points = new double[n * d];
        long[] words = new long[4];
        for (int i = 0; i < n; i++) {
            NormalVariates.fill(5L, i, 0, points, i * d, d, words);
        }
    }

    @Benchmark
    public KnnEntropy.Result estimate() {
        return KnnEntropy.estimate(points, n, d, 4);
    }
}
