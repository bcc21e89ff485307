package org.gdmc.bench;

import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import org.gdmc.highdim.BlockScore;
import org.gdmc.highdim.CovarianceForm;
import org.gdmc.highdim.Gemm;
import org.gdmc.highdim.GemmF32;
import org.gdmc.highdim.LargeMixture;
import org.gdmc.kernel.ScorePass;
import org.gdmc.rng.NormalVariates;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The blocked score of a large mixture in FLOP/s beside this core's fused-multiply-add peak, in one run, one thread:
 * "ops/s" is floating-point operations per second (an FMA counts 2).
 * <ul>
 *   <li>{@code score}: {@link BlockScore#evaluate} of {@value #ROWS} particles against K = {@value #K} isotropic
 *       components in d = {@value #D} (float64): two products of 2·rows·K·d each, plus the per-component log-sum-exp;
 *       counted as 4·rows·K·d;</li>
 *   <li>{@code dots} and {@code accumulate}: the two products alone ({@link Gemm}), 2·rows·K·d each;</li>
 *   <li>{@code peakFloat64} and {@code peakFloat32}: {@value #CHAINS} independent FMA chains on the preferred vector
 *       species, all in registers: what one core can do at most.</li>
 * </ul>
 * The {@code F32} variants run the products in float32 ({@link GemmF32}; the score's other arithmetic stays in float64)
 * against the float32 peak. {@link BlockScorePeak} runs them and prints the fractions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BlockScoreBenchmark {
    static final int K = 1024;
    static final int D = 512;
    static final int ROWS = 32;
    static final int PRODUCT = 2 * ROWS * K * D;
    static final int CHAINS = 12;
    static final int ITERATIONS = 1 << 22;
    private static final VectorSpecies<Double> S64 = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> S32 = FloatVector.SPECIES_PREFERRED;

    private BlockScore score;
    private BlockScore scoreF32;
    private Gemm gemm;
    private GemmF32 gemmF32;
    private float[] yF;
    private float[] outF;
    private float[] weightsF;
    private float[] accF;
    private LargeMixture mixture;
    private double[] y;
    private double[] pass;
    private double[] out;
    private double[] weights;
    private double[] acc;
    private double seedValue = 1e-9;

    @Setup
    public void setUp() {
        double[] mu = new double[K * D];
        NormalVariates.fill(3L, 0, 0, mu, 0, mu.length, new long[4]);
        int[] cls = new int[K];
        double[] w = new double[K];
        double[] s2 = new double[K];
        for (int k = 0; k < K; k++) {
            cls[k] = k % 2;
            w[k] = 1.0;
            s2[k] = 1.0;
        }
        mixture = LargeMixture.of(D, cls, w, mu, CovarianceForm.ISOTROPIC, s2, null, 0, new double[0],
                new double[0]);
        gemm = Gemm.best();
        score = new BlockScore(mixture, 0, ROWS, gemm);
        gemmF32 = GemmF32.best();
        scoreF32 = new BlockScore(mixture, 0, ROWS, gemm, gemmF32);
        mixture.meansF32();
        y = new double[ROWS * D];
        NormalVariates.fill(4L, 0, 0, y, 0, y.length, new long[4]);
        pass = new double[ROWS * ScorePass.length(D)];
        out = new double[ROWS * BlockScore.TILE];
        weights = new double[ROWS * BlockScore.TILE];
        java.util.Arrays.fill(weights, 1e-3);
        acc = new double[ROWS * D];
        yF = new float[ROWS * D];
        for (int i = 0; i < yF.length; i++) {
            yF[i] = (float) y[i];
        }
        outF = new float[ROWS * BlockScore.TILE];
        weightsF = new float[ROWS * BlockScore.TILE];
        java.util.Arrays.fill(weightsF, 1e-3f);
        accF = new float[ROWS * D];
    }

    @Benchmark
    @OperationsPerInvocation(2 * PRODUCT)
    public double scoreF32() {
        scoreF32.evaluate(0.7, 0.51, y, 0, ROWS, pass, 0, ScorePass.length(D));
        return pass[ScorePass.unconditional(D)];
    }

    @Benchmark
    @OperationsPerInvocation(PRODUCT)
    public float dotsF32() {
        float s = 0;
        for (int k0 = 0; k0 < K; k0 += BlockScore.TILE) {
            gemmF32.dots(yF, 0, ROWS, mixture.meansF32(), k0 * D, BlockScore.TILE, D, outF, 0, BlockScore.TILE);
            s += outF[0];
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(PRODUCT)
    public float accumulateF32() {
        for (int k0 = 0; k0 < K; k0 += BlockScore.TILE) {
            gemmF32.accumulate(weightsF, 0, BlockScore.TILE, ROWS, mixture.meansF32(), k0 * D, BlockScore.TILE, D,
                    accF, 0);
        }
        return accF[0];
    }

    @Benchmark
    @OperationsPerInvocation(2 * PRODUCT)
    public double score() {
        score.evaluate(0.7, 0.51, y, 0, ROWS, pass, 0, ScorePass.length(D));
        return pass[ScorePass.unconditional(D)];
    }

    @Benchmark
    @OperationsPerInvocation(PRODUCT)
    public double dots() {
        double s = 0;
        for (int k0 = 0; k0 < K; k0 += BlockScore.TILE) {
            gemm.dots(y, 0, ROWS, mixture.means(), k0 * D, BlockScore.TILE, D, out, 0, BlockScore.TILE);
            s += out[0];
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(PRODUCT)
    public double accumulate() {
        for (int k0 = 0; k0 < K; k0 += BlockScore.TILE) {
            gemm.accumulate(weights, 0, BlockScore.TILE, ROWS, mixture.means(), k0 * D, BlockScore.TILE, D, acc, 0);
        }
        return acc[0];
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS * CHAINS * 2)
    public double peakFloat64() {
        int lanes = S64.length();
        DoubleVector m = DoubleVector.broadcast(S64, 0.999999);
        DoubleVector a = DoubleVector.broadcast(S64, seedValue);
        DoubleVector c0 = a;
        DoubleVector c1 = a.add(1);
        DoubleVector c2 = a.add(2);
        DoubleVector c3 = a.add(3);
        DoubleVector c4 = a.add(4);
        DoubleVector c5 = a.add(5);
        DoubleVector c6 = a.add(6);
        DoubleVector c7 = a.add(7);
        DoubleVector c8 = a.add(8);
        DoubleVector c9 = a.add(9);
        DoubleVector c10 = a.add(10);
        DoubleVector c11 = a.add(11);
        for (int i = 0; i < ITERATIONS / lanes; i++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS * CHAINS * 2)
    public float peakFloat32() {
        int lanes = S32.length();
        FloatVector m = FloatVector.broadcast(S32, 0.999999f);
        FloatVector a = FloatVector.broadcast(S32, (float) seedValue);
        FloatVector c0 = a;
        FloatVector c1 = a.add(1);
        FloatVector c2 = a.add(2);
        FloatVector c3 = a.add(3);
        FloatVector c4 = a.add(4);
        FloatVector c5 = a.add(5);
        FloatVector c6 = a.add(6);
        FloatVector c7 = a.add(7);
        FloatVector c8 = a.add(8);
        FloatVector c9 = a.add(9);
        FloatVector c10 = a.add(10);
        FloatVector c11 = a.add(11);
        for (int i = 0; i < ITERATIONS / lanes; i++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
