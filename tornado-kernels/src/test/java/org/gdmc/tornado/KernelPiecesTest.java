package org.gdmc.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.gdmc.kernel.ScorePass;
import org.gdmc.kernel.KernelMath;
import org.gdmc.rng.NormalVariates;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.MixtureScore;
import org.gdmc.mixture.NormalIntervals;
import org.gdmc.mixture.Support;
import org.gdmc.tornado.f64.MixtureScoreF64;
import org.gdmc.tornado.f64.NormalIntervalsF64;
import org.gdmc.tornado.f64.NormalVariatesF64;
import org.junit.jupiter.api.Test;

import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * The pieces of the path kernel, each compiled alone for the device (their float64 device copies, with gdmc's own
 * maths) and held against the CPU's host code: when a whole path disagrees, these say which piece the device compiler
 * got wrong (two such miscompiles were found this way: values assigned in both arms of an if/else that holds loops were
 * mis-merged).
 */
class KernelPiecesTest {
    private static final double REL = 1e-12;

    public static void normals(int n, long[] seed, double[] out, long[] words) {
        for (@Parallel int i = 0; i < n; i++) {
            NormalVariatesF64.fill(seed[0], i, 3, out, 4 * i, 4, words, 4 * i);
        }
    }

    public static void scores(int n, int d, double[] params, int[] meta, double[] ab, double[] x, double[] scratch) {
        for (@Parallel int i = 0; i < n; i++) {
            MixtureScoreF64.evaluate(params, meta, 0, ab[0], ab[1], x, d * i, scratch, i * ScorePass.length(d));
        }
    }

    public static void intervals(int n, double[] in, double[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            NormalIntervalsF64.evaluate(in[3 * i], in[3 * i + 1], in[3 * i + 2], out, 2 * i);
        }
    }

    public static void locate(int n, int d, double[] support, double[] x, double[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            Support.locate(support, 0, d, x, d * i, out, 2 * i);
        }
    }

    public static void math(int n, double[] x, double[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            double v = x[i];
            out[4 * i] = KernelMath.exp(v);
            out[4 * i + 1] = KernelMath.log(v < 0.0 ? -v : v);
            out[4 * i + 2] = KernelMath.sin(v);
            out[4 * i + 3] = KernelMath.cos(v);
        }
    }

    private static void run(TaskGraph tg) {
        ImmutableTaskGraph itg = tg.snapshot();
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(itg)) {
            plan.execute();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void close(double expected, double actual, String what) {
        if (Double.isInfinite(expected) && expected == actual) {
            return;
        }
        assertEquals(expected, actual, REL * (1 + Math.abs(expected)), what);
    }

    /**
     * gdmc's own double-precision exp, log, sin and cos give the CPU's results on the device, whatever the backend's
     * maths library does with doubles: within 2 ulp (the device compiler may fuse a multiply and an add), and so
     * within 3 ulp of StrictMath.
     */
    @Test
    void doublePrecisionMathIsTheCpusOnTheDevice() {
        int n = 1 << 16;
        double[] x = new double[n];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            x[i] = i < n / 2 ? -700 + 1400 * r.nextDouble() : Math.scalb(1 + r.nextDouble(), r.nextInt(-80, 20));
        }
        double[] out = new double[4 * n];
        run(new TaskGraph("m").transferToDevice(DataTransferMode.FIRST_EXECUTION, x)
                .task("t", KernelPiecesTest::math, n, x, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out));
        double worst = 0.0;
        for (int i = 0; i < n; i++) {
            double v = x[i];
            double[] cpu = {KernelMath.exp(v), KernelMath.log(Math.abs(v)), KernelMath.sin(v), KernelMath.cos(v)};
            double[] strict = {StrictMath.exp(v), StrictMath.log(Math.abs(v)), StrictMath.sin(v), StrictMath.cos(v)};
            for (int k = 0; k < 4; k++) {
                double dev = out[4 * i + k];
                double u = dev == cpu[k] ? 0.0 : Math.abs(dev - cpu[k]) / Math.ulp(cpu[k]);
                worst = Math.max(worst, u);
                assertTrue(u <= 2.0, "function " + k + " at " + v + ": device " + dev + ", cpu " + cpu[k]);
                assertTrue(dev == strict[k] || Math.abs(dev - strict[k]) <= 3 * Math.ulp(strict[k]),
                        "function " + k + " at " + v + ": device " + dev + ", StrictMath " + strict[k]);
            }
        }
        System.out.printf("device exp, log, sin, cos: worst %.1f ulp from the CPU's%n", worst);
    }

    @Test
    void normalVariates() {
        int n = 256;
        long[] seed = {20241124L};
        double[] out = new double[4 * n];
        run(new TaskGraph("n").transferToDevice(DataTransferMode.FIRST_EXECUTION, seed)
                .task("t", KernelPiecesTest::normals, n, seed, out, new long[4 * n])
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out));
        double[] cpu = new double[4];
        for (int i = 0; i < n; i++) {
            NormalVariates.fill(seed[0], i, 3, cpu, 0, 4, new long[4]);
            for (int j = 0; j < 4; j++) {
                close(cpu[j], out[4 * i + j], "particle " + i + ", normal " + j);
            }
        }
    }

    /** Signed distance and facing flag to a union of two boxes in d = 2 and of two intervals in d = 1, on a grid. */
    @Test
    void supportLocation() {
        Mixture[] mixtures = {
            Mixture.of(List.of(BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1))),
            Mixture.of(List.of(new BoxComponent(0, 0.3, new double[] {0, 0}, new double[] {1, 2}),
                    new BoxComponent(0, 0.3, new double[] {2, -1}, new double[] {3, 0.5}),
                    new BoxComponent(1, 0.4, new double[] {-3, -3}, new double[] {-1, -1})))};
        for (Mixture m : mixtures) {
            int d = m.dimension();
            double[] packed = Support.of(m, 0).packed();
            int n = 4096;
            double[] x = new double[n * d];
            SplittableRandom r = new SplittableRandom(3);
            for (int k = 0; k < x.length; k++) {
                x[k] = -4 + 8 * r.nextDouble();
            }
            double[] out = new double[2 * n];
            run(new TaskGraph("loc").transferToDevice(DataTransferMode.FIRST_EXECUTION, packed, x)
                    .task("t", KernelPiecesTest::locate, n, d, packed, x, out)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out));
            double[] cpu = new double[2];
            for (int i = 0; i < n; i++) {
                Support.locate(packed, 0, d, x, d * i, cpu, 0);
                close(cpu[0], out[2 * i], "d=" + d + " point " + i + ": distance");
                close(cpu[1], out[2 * i + 1], "d=" + d + " point " + i + ": facing");
            }
        }
    }

    @Test
    void intervalMassesAndMeans() {
        double[][] cases = {{3, 1, 2}, {1.1, 1.0, 0.1}, {0.5, -0.5, 1.0}, {-1, -3, 2}, {-1.0, -1.1, 0.1},
            {40, 30, 10}, {2, -5, 7}, {0.2, -0.1, 0.3}, {-30, -40, 10}, {5, 4.999, 0.001}, {1e4, 9999, 1}};
        int n = cases.length;
        double[] in = new double[3 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(cases[i], 0, in, 3 * i, 3);
        }
        double[] out = new double[2 * n];
        run(new TaskGraph("iv").transferToDevice(DataTransferMode.FIRST_EXECUTION, in)
                .task("t", KernelPiecesTest::intervals, n, in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out));
        double[] cpu = new double[2];
        for (int i = 0; i < n; i++) {
            NormalIntervals.evaluate(in[3 * i], in[3 * i + 1], in[3 * i + 2], cpu, 0);
            close(cpu[0], out[2 * i], "log mass " + java.util.Arrays.toString(cases[i]));
            close(cpu[1], out[2 * i + 1], "mean " + java.util.Arrays.toString(cases[i]));
        }
    }

    private static void scoresAgree(Mixture m, double[] ab, double spread) {
        int d = m.dimension();
        int n = 256;
        int sl = ScorePass.length(d);
        double[] x = new double[d * n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = spread * (r.nextDouble() - 0.5);
        }
        double[] params = m.packedParams();
        int[] meta = m.packedMeta();
        double[] scratch = new double[n * sl];
        run(new TaskGraph("s").transferToDevice(DataTransferMode.FIRST_EXECUTION, params, meta, ab, x)
                .task("t", KernelPiecesTest::scores, n, d, params, meta, ab, x, scratch)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, scratch));
        double[] cpu = new double[sl];
        for (int i = 0; i < n; i++) {
            MixtureScore.evaluate(params, meta, 0, ab[0], ab[1], x, d * i, cpu, 0);
            for (int j = ScorePass.unconditional(d); j < ScorePass.logOther(d) + 1; j++) {
                close(cpu[j], scratch[i * sl + j], "point " + i + ", slot " + j + " at alpha=" + ab[0]);
            }
        }
    }

    @Test
    void gaussianMixtureScores() {
        scoresAgree(TornadoBackendTest.gaussians(), new double[] {0.6, 0.64}, 6);
    }

    @Test
    void boxMixtureScoresIncludingTheDataLaw() {
        Mixture m = Mixture.of(List.of(BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1)));
        for (double[] ab : new double[][] {{0.6, 0.64}, {0.99, 0.02}, {1.0, 0.0}}) {
            scoresAgree(m, ab, 9);
        }
    }
}
