package org.gdmc.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

import org.gdmc.kernel.PathKernel;
import org.junit.jupiter.api.Test;

/**
 * The reliability diagnostics of a mean, on draws of known laws pushed through the real reduction (a projection term
 * in d = 1, whose summand is the state itself): the tail index, the standard error's own error, the median-of-means
 * interval, and the coverage over 200 seeds of the intervals they qualify.
 */
class ReliabilityTest {
    private static final int SEEDS = 200;
    private static final int N = 65_536;

    /** The estimate of the mean of n draws, reduced in one call of the kernel in blocks of 1,024. */
    static Estimate mean(double[] x) {
        ReductionPlan.Builder b = ReductionPlan.builder(1);
        b.projection(new double[] {1.0});
        Estimator.Reader reader = new MeanEstimator("x", ReductionKernel.PROJECTION).declare(b);
        ReductionPlan plan = b.build();
        int n = x.length;
        int blocks = (n + 1023) / 1024;
        double[] sums = new double[blocks * plan.blockLength()];
        int[] counts = new int[plan.countsLength()];
        ReductionKernel.reduce(plan.program(), x, new double[n * PathKernel.OBS_LENGTH], new double[2 * n], 0, n,
                1024, sums, 0, counts, 0);
        ReducedSums r = new ReducedSums(plan);
        r.addBlocks(sums, blocks);
        r.addCounts(counts);
        return reader.estimates(r).get(0);
    }

    static double[] draws(DoubleSupplier law, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = law.getAsDouble();
        }
        return x;
    }

    /** The generalized Pareto shape of exact quantiles of a GPD(ξ): Zhang and Stephens' fit returns ξ. */
    @Test
    void theFitRecoversTheShapeOfExactParetoQuantiles() {
        for (double xi : new double[] {-0.5, 0.0, 0.3, 0.5, 1.0}) {
            int n = 2000;
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                double q = 1.0 - (i + 0.5) / n;
                x[i] = xi == 0.0 ? -Math.log(q) : (Math.pow(q, -xi) - 1.0) / xi;
            }
            assertEquals(xi, TailIndex.zhangStephens(x), 0.03, "shape of GPD(" + xi + ")");
        }
    }

    @Test
    void tailBinsSplitBySignAndCatchZeroAndOverflow() {
        double lo = TailIndex.LOW;
        double h = TailIndex.WIDTH;
        int bins = TailIndex.BINS;
        assertEquals(0, ReductionKernel.tailBin(0.0, lo, h, bins));
        assertEquals(0, ReductionKernel.tailBin(-1e-20, lo, h, bins));
        assertEquals(1 + (int) ((0.0 - lo) / h), ReductionKernel.tailBin(1.0, lo, h, bins));
        assertEquals(bins + 2 + (int) ((0.0 - lo) / h), ReductionKernel.tailBin(-1.0, lo, h, bins));
        assertEquals(bins + 1, ReductionKernel.tailBin(1e30, lo, h, bins));
        assertEquals(2 * bins + 2, ReductionKernel.tailBin(-1e30, lo, h, bins));
        assertEquals(bins + 1, ReductionKernel.tailBin(Double.POSITIVE_INFINITY, lo, h, bins));
    }

    /** A bounded summand has no tail histogram; an unbounded one has, and light draws are not flagged. */
    @Test
    void boundedSummandsCarryNoTailFit() {
        ReductionPlan.Builder b = ReductionPlan.builder(1);
        new MeanEstimator("p", ReductionKernel.POSTERIOR).declare(b);
        assertEquals(0, b.build().countsLength());
        Random rng = new Random(7);
        Estimate e = mean(draws(rng::nextGaussian, N));
        assertTrue(e.reliability().reliable(), e.reliability().toString());
        assertTrue(Math.abs(e.reliability().tailIndex()) < 0.25, e.reliability().toString());
        assertEquals(Math.sqrt(2.0 / N) / 2, e.reliability().stdErrorRelativeError(),
                0.3 * Math.sqrt(2.0 / N) / 2, "sd(s)/s = sqrt((kurtosis - 1)/n)/2 = sqrt(2/n)/2 for a Gaussian");
    }

    /** Too few particles for a fit or for the groups: not measured, said so, not flagged. */
    @Test
    void smallSamplesSayWhatIsNotMeasured() {
        Estimate e = mean(draws(new Random(3)::nextGaussian, 60));
        Reliability r = e.reliability();
        assertTrue(Double.isNaN(r.tailIndex()) && r.tailNote().startsWith("too few"), r.toString());
        assertTrue(Double.isNaN(r.medianOfMeans()) && Double.isNaN(r.stdErrorRelativeError()), r.toString());
        assertTrue(r.reliable());
    }

    /** A summand concentrated far from zero fills too few log bins for a fit: light, not flagged. */
    @Test
    void aSummandFarFromZeroIsLight() {
        Random rng = new Random(5);
        Reliability r = mean(draws(() -> 1000.0 + rng.nextGaussian(), N)).reliability();
        assertTrue(r.reliable() && Double.isNaN(r.tailIndex()), r.toString());
        assertTrue(r.tailNote().contains("light"), r.toString());
    }

    /** 1 + 0.02|Z| is light; its largest values crowd into one log bin, which must not read as a heavy tail. */
    @Test
    void aCrowdedTailIsLightNotHeavy() {
        Random rng = new Random(6);
        Reliability r = mean(draws(() -> 1.0 + 0.02 * Math.abs(rng.nextGaussian()), N)).reliability();
        assertTrue(r.reliable() && Double.isNaN(r.tailIndex()) && r.tailNote().contains("light"), r.toString());
    }

    @Test
    void valuesPastTheHistogramAreFlagged() {
        double[] x = draws(new Random(9)::nextGaussian, N);
        x[17] = 1e25;
        Reliability r = mean(x).reliability();
        assertFalse(r.reliable(), r.toString());
        assertTrue(r.reason().startsWith("values beyond"), r.reason());
    }

    /** The order-statistic interval of 32 groups: [m(10), m(23)], coverage 1 − 2 P(Bin(32, ½) ≤ 9). */
    @Test
    void theMedianIntervalHasItsBinomialLevel() {
        assertEquals(10, Reliability.orderIndex(32));
        assertEquals(1.0 - 2.0 * 43_081_973 / Math.pow(2, 32), Reliability.coverage(32, 10), 1e-15);
        assertTrue(Reliability.coverage(32, 11) < 0.95);
    }

    record Coverage(int clt, int robust, int flagged) {
    }

    /** Over 200 seeds: how often mean ± 1.96 s.e. and the median-of-means interval hold μ, and how often the flag fires. */
    static Coverage coverage(Function<Random, DoubleSupplier> law, double mu) {
        int clt = 0;
        int robust = 0;
        int flagged = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            Estimate e = mean(draws(law.apply(new Random(1000 + seed)), N));
            Reliability r = e.reliability();
            clt += Math.abs(e.value() - mu) <= 1.96 * e.stdError() ? 1 : 0;
            robust += r.robustLow() <= mu && mu <= r.robustHigh() ? 1 : 0;
            flagged += r.reliable() ? 0 : 1;
        }
        System.out.printf("coverage over %d seeds of %,d draws: CLT %d, median of means %d, flagged %d%n", SEEDS, N,
                clt, robust, flagged);
        return new Coverage(clt, robust, flagged);
    }

    /**
     * Light tails (a Gaussian, an exponential): both intervals cover μ as often as they claim, within 5 binomial
     * standard deviations over 200 seeds, and the flag (almost) never fires.
     */
    @Test
    void lightTailsCoverAsClaimedAndAreNotFlagged() {
        for (var law : List.<Law>of(
                new Law("gaussian", r -> () -> 1.0 + r.nextGaussian(), 1.0),
                new Law("exponential", r -> () -> -Math.log(1.0 - r.nextDouble()), 1.0))) {
            Coverage c = coverage(law.draw(), law.mean());
            assertBinomial(c.clt(), 0.95, law.name() + " CLT interval");
            assertBinomial(c.robust(), Reliability.coverage(32, 10), law.name() + " median-of-means interval");
            assertTrue(c.flagged() <= 2, law.name() + " flagged in " + c.flagged() + " of " + SEEDS);
        }
    }

    /**
     * Heavy tails: 1 + a log-normal with σ = 4, the law of 1/p₀(c | X) for two unit Gaussians at ±2 at w = 0 (mean 2,
     * finite variance e^16 that no feasible sample shows), and a Pareto with index 1.5 (infinite variance): the CLT
     * interval covers far less often than it claims, and the flag fires on (almost) every seed.
     */
    @Test
    void heavyTailsAreFlagged() {
        for (var law : List.<Law>of(
                new Law("log-normal sigma 4", r -> () -> 1.0 + Math.exp(-8.0 + 4.0 * r.nextGaussian()), 2.0),
                new Law("pareto 1.5", r -> () -> Math.pow(1.0 - r.nextDouble(), -1.0 / 1.5), 3.0))) {
            Coverage c = coverage(law.draw(), law.mean());
            assertTrue(c.flagged() >= SEEDS - 5, law.name() + " flagged in only " + c.flagged() + " of " + SEEDS);
            assertTrue(c.clt() < 0.95 * SEEDS - 5 * Math.sqrt(SEEDS * 0.95 * 0.05),
                    law.name() + ": the CLT interval covered " + c.clt() + " of " + SEEDS);
        }
    }

    record Law(String name, Function<Random, DoubleSupplier> draw, double mean) {
    }

    private static void assertBinomial(int hits, double p, String what) {
        double sd = Math.sqrt(SEEDS * p * (1 - p));
        assertTrue(Math.abs(hits - SEEDS * p) <= 5 * sd,
                what + " covered " + hits + " of " + SEEDS + ", expected " + SEEDS * p + " ± 5·" + sd);
    }
}
