package org.gdmc.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link BlockScoreBenchmark} and prints each kernel's FLOP/s as a fraction of the FMA peak measured in the same
 * run: {@code java -cp benchmarks/target/gdmc-benchmarks.jar org.gdmc.bench.BlockScorePeak}.
 */
public final class BlockScorePeak {
    private BlockScorePeak() {
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder().include(BlockScoreBenchmark.class.getSimpleName()).build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> rate = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            rate.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        double peak = rate.get("peakFloat64");
        System.out.printf(Locale.ROOT, "%nblocked score of K = %d components in d = %d, %d rows, one thread%n",
                BlockScoreBenchmark.K, BlockScoreBenchmark.D, BlockScoreBenchmark.ROWS);
        System.out.printf(Locale.ROOT, "FMA peak float64 %.3g FLOP/s, float32 %.3g FLOP/s%n", peak,
                rate.get("peakFloat32"));
        for (String k : new String[] {"score", "dots", "accumulate"}) {
            System.out.printf(Locale.ROOT, "%-14s %.3g FLOP/s = %.1f%% of the float64 peak%n", k, rate.get(k),
                    100 * rate.get(k) / peak);
        }
        double peak32 = rate.get("peakFloat32");
        for (String k : new String[] {"scoreF32", "dotsF32", "accumulateF32"}) {
            System.out.printf(Locale.ROOT, "%-14s %.3g FLOP/s = %.1f%% of the float32 peak%n", k, rate.get(k),
                    100 * rate.get(k) / peak32);
        }
    }
}
