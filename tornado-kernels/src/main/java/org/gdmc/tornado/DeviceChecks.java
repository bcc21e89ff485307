package org.gdmc.tornado;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.BackendProvider;
import org.gdmc.backend.BatchSums;
import org.gdmc.backend.Pieces;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.check.Bounds;
import org.gdmc.check.Check;
import org.gdmc.check.Finding;
import org.gdmc.check.ReductionAgreement;
import org.gdmc.estimate.EstimatorSet;
import org.gdmc.estimate.WorkGroupTree;
import org.gdmc.kernel.KernelMath;
import org.gdmc.kernel.ScorePass;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.MixtureScore;
import org.gdmc.mixture.NormalIntervals;
import org.gdmc.mixture.Support;
import org.gdmc.rng.NormalVariates;
import org.gdmc.rng.Philox4x32;
import org.gdmc.tornado.f64.MixtureScoreF64;
import org.gdmc.tornado.f64.NormalIntervalsF64;
import org.gdmc.tornado.f64.NormalVariatesF64;

import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * The pieces of the path kernel, each compiled alone for a device (their float64 device copies, with gdmc's own maths)
 * and held against the CPU's host code: {@code gdmc selfcheck} runs them first, and when a whole path disagrees they
 * say which piece the device got wrong (two miscompiles were found this way: values assigned in both arms of an
 * if/else that holds loops were mis-merged). Philox must match its published known answers bit for bit; gdmc's double
 * exp, log, sin and cos must stay within 2 ulp of the CPU's (a device compiler may fuse a multiply and an add) — a
 * backend that lowers them to single precision is off by some 10^8 ulp and is named as such.
 */
public final class DeviceChecks {
    /** Relative agreement of one piece's float64 output with the CPU's: a few roundings. */
    static final double REL = 1e-12;

    private DeviceChecks() {
    }

    /** Every piece check, on one device. */
    public static List<Check> all(int device) {
        return List.of(
                Check.of("Philox4x32-10 in a kernel: known answers and the CPU's words", () -> philox(device)),
                Check.of("double exp, log, sin, cos in a kernel (gdmc's own)", () -> doubleMaths(device)),
                Check.of("normal variates (Box-Muller on Philox)", () -> normals(device)),
                Check.of("normal interval masses and means", () -> intervals(device)),
                Check.of("box support location", () -> supportLocation(device)),
                Check.of("mixture scores, Gaussian and box components", () -> scores(device)),
                Check.of("large-mixture score tiles (local memory), isotropic, shared diagonal and low rank",
                        () -> LargeScoreTasks.check(device, 1e-12)));
    }

    /**
     * The device's float64 block sums of two {@link Pieces} examples (the full estimator set, co-moments included;
     * four blocks, the last partial) against {@link WorkGroupTree} over the device's own particles: the same
     * operations in the same order, so they agree bit for bit but for fused multiply-adds.
     */
    static Finding workGroupTree(BackendProvider provider, int device) {
        long same = 0;
        long slots = 0;
        double worst = 0.0;
        for (Pieces.Example e : List.of(Pieces.examples(40).get(0), Pieces.examples(40).get(2))) {
            SimulationSpec spec = e.spec();
            EstimatorSet set = ReductionAgreement.standardEstimators(spec);
            try (Backend b = provider.open(new BackendOptions(0, device, BackendOptions.Precision.FLOAT64))) {
                ReductionAgreement.TreeReproduction r = ReductionAgreement.TreeReproduction.of(b, spec, set,
                        3L * BatchSums.BLOCK, 4 * BatchSums.BLOCK - 100);
                same += r.same();
                slots += r.slots();
                worst = Math.max(worst, r.worst());
            }
        }
        return Finding.when(worst <= Bounds.TREE_REPRODUCTION, String.format(Locale.ROOT,
                "%d of %d block-sum slots bit for bit, the rest within %.1e (bound %.0e)", same, slots, worst,
                Bounds.TREE_REPRODUCTION));
    }

    // ---- kernels (public static: TornadoVM compiles them) ----

    public static void normalsKernel(int n, long[] seed, double[] out, long[] words) {
        for (@Parallel int i = 0; i < n; i++) {
            NormalVariatesF64.fill(seed[0], i, 3, out, 4 * i, 4, words, 4 * i);
        }
    }

    public static void scoresKernel(int n, int d, double[] params, int[] meta, double[] ab, double[] x,
                                    double[] scratch) {
        for (@Parallel int i = 0; i < n; i++) {
            MixtureScoreF64.evaluate(params, meta, 0, ab[0], ab[1], x, d * i, scratch, i * ScorePass.length(d));
        }
    }

    public static void intervalsKernel(int n, double[] in, double[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            NormalIntervalsF64.evaluate(in[3 * i], in[3 * i + 1], in[3 * i + 2], out, 2 * i);
        }
    }

    public static void locateKernel(int n, int d, double[] support, double[] x, double[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            Support.locate(support, 0, d, x, d * i, out, 2 * i);
        }
    }

    public static void mathsKernel(int n, double[] x, double[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            double v = x[i];
            out[4 * i] = KernelMath.exp(v);
            out[4 * i + 1] = KernelMath.log(v < 0.0 ? -v : v);
            out[4 * i + 2] = KernelMath.sin(v);
            out[4 * i + 3] = KernelMath.cos(v);
        }
    }

    // ---- checks ----

    private static void run(TaskGraph tg, int device) {
        ImmutableTaskGraph itg = tg.snapshot();
        TornadoDevice d = TornadoDevices.get(device);
        try (TornadoExecutionPlan plan = new TornadoExecutionPlan(itg)) {
            plan.withDevice(d).execute();
        } catch (Exception e) {
            throw new IllegalStateException("the device could not run " + itg + ": " + e.getMessage(), e);
        }
    }

    /** |expected − actual| / (1 + |expected|), 0 for equal infinities or two NaNs. */
    private static double off(double expected, double actual) {
        if (expected == actual || (Double.isNaN(expected) && Double.isNaN(actual))) {
            return 0.0;
        }
        double e = Math.abs(expected - actual) / (1 + Math.abs(expected));
        return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
    }

    static Finding philox(int device) {
        int n = 1024;
        long[] in = new long[6 * n];
        long[][] known = {
            {0, 0, 0, 0, 0, 0, 0x6627e8d5L, 0xe169c58dL, 0xbc57ac4cL, 0x9b00dbd8L},
            {0xffffffffL, 0xffffffffL, 0xffffffffL, 0xffffffffL, 0xffffffffL, 0xffffffffL,
                0x408f276dL, 0x41c83b0eL, 0xa20bc7c6L, 0x6d5451fdL},
            {0x243f6a88L, 0x85a308d3L, 0x13198a2eL, 0x03707344L, 0xa4093822L, 0x299f31d0L,
                0xd16cfe09L, 0x94fdccebL, 0x5001e420L, 0x24126ea1L}};
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) {
                in[6 * i + j] = i < known.length ? known[i][j] : r.nextLong() & 0xFFFFFFFFL;
            }
        }
        long[] out = new long[4 * n];
        run(new TaskGraph("kat").transferToDevice(DataTransferMode.FIRST_EXECUTION, in)
                .task("philox", PathTasks::philox, n, in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device);
        for (int i = 0; i < known.length; i++) {
            for (int j = 0; j < 4; j++) {
                if (known[i][6 + j] != out[4 * i + j]) {
                    return Finding.fail(String.format(Locale.ROOT, "known answer %d word %d: %08x, published %08x",
                            i, j, out[4 * i + j], known[i][6 + j]));
                }
            }
        }
        long[] cpu = new long[4];
        for (int i = 0; i < n; i++) {
            Philox4x32.block(in[6 * i], in[6 * i + 1], in[6 * i + 2], in[6 * i + 3], in[6 * i + 4], in[6 * i + 5],
                    cpu, 0);
            for (int j = 0; j < 4; j++) {
                if (cpu[j] != out[4 * i + j]) {
                    return Finding.fail("tuple " + i + " word " + j + ": " + out[4 * i + j] + ", the CPU " + cpu[j]);
                }
            }
        }
        return Finding.pass(known.length + " published tuples and " + (n - known.length)
                + " random ones bit for bit");
    }

    static Finding doubleMaths(int device) {
        int n = 1 << 16;
        double[] x = new double[n];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            x[i] = i < n / 2 ? -700 + 1400 * r.nextDouble() : Math.scalb(1 + r.nextDouble(), r.nextInt(-80, 20));
        }
        double[] out = new double[4 * n];
        run(new TaskGraph("maths").transferToDevice(DataTransferMode.FIRST_EXECUTION, x)
                .task("t", DeviceChecks::mathsKernel, n, x, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device);
        String[] names = {"exp", "log", "sin", "cos"};
        double worst = 0.0;
        double worstStrict = 0.0;
        String where = "";
        for (int i = 0; i < n; i++) {
            double v = x[i];
            double[] cpu = {KernelMath.exp(v), KernelMath.log(Math.abs(v)), KernelMath.sin(v), KernelMath.cos(v)};
            double[] strict = {StrictMath.exp(v), StrictMath.log(Math.abs(v)), StrictMath.sin(v), StrictMath.cos(v)};
            for (int k = 0; k < 4; k++) {
                double dev = out[4 * i + k];
                double u = dev == cpu[k] ? 0.0 : Math.abs(dev - cpu[k]) / Math.ulp(cpu[k]);
                if (!(u <= worst)) {
                    worst = Double.isNaN(u) ? Double.POSITIVE_INFINITY : u;
                    where = names[k] + "(" + v + ") = " + dev + ", the CPU " + cpu[k];
                }
                double s = dev == strict[k] ? 0.0 : Math.abs(dev - strict[k]) / Math.ulp(strict[k]);
                worstStrict = Math.max(worstStrict, Double.isNaN(s) ? Double.POSITIVE_INFINITY : s);
            }
        }
        String detail = String.format(Locale.ROOT, "%d arguments: worst %.1f ulp from the CPU's (bound 2), %.1f from "
                + "StrictMath (bound 3)%s", n, worst, worstStrict, worst > 2 ? "; at " + where : "");
        if (worst > 1e6) {
            detail += "; this device computes them in single precision";
        }
        return Finding.when(worst <= 2 && worstStrict <= 3, detail);
    }

    static Finding normals(int device) {
        int n = 4096;
        long[] seed = {20241124L};
        double[] out = new double[4 * n];
        run(new TaskGraph("normals").transferToDevice(DataTransferMode.FIRST_EXECUTION, seed)
                .task("t", DeviceChecks::normalsKernel, n, seed, out, new long[4 * n])
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device);
        double[] cpu = new double[4];
        double worst = 0.0;
        for (int i = 0; i < n; i++) {
            NormalVariates.fill(seed[0], i, 3, cpu, 0, 4, new long[4]);
            for (int j = 0; j < 4; j++) {
                worst = Math.max(worst, off(cpu[j], out[4 * i + j]));
            }
        }
        return Finding.when(worst < REL, String.format(Locale.ROOT, "%d normals within %.1e (bound %.0e)", 4 * n,
                worst, REL));
    }

    static Finding intervals(int device) {
        double[][] cases = {{3, 1, 2}, {1.1, 1.0, 0.1}, {0.5, -0.5, 1.0}, {-1, -3, 2}, {-1.0, -1.1, 0.1},
            {40, 30, 10}, {2, -5, 7}, {0.2, -0.1, 0.3}, {-30, -40, 10}, {5, 4.999, 0.001}, {1e4, 9999, 1}};
        int n = cases.length;
        double[] in = new double[3 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(cases[i], 0, in, 3 * i, 3);
        }
        double[] out = new double[2 * n];
        run(new TaskGraph("intervals").transferToDevice(DataTransferMode.FIRST_EXECUTION, in)
                .task("t", DeviceChecks::intervalsKernel, n, in, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device);
        double[] cpu = new double[2];
        double worst = 0.0;
        String where = "";
        for (int i = 0; i < n; i++) {
            NormalIntervals.evaluate(in[3 * i], in[3 * i + 1], in[3 * i + 2], cpu, 0);
            double w = Math.max(off(cpu[0], out[2 * i]), off(cpu[1], out[2 * i + 1]));
            if (w > worst) {
                worst = w;
                where = " at " + Arrays.toString(cases[i]);
            }
        }
        return Finding.when(worst < REL, String.format(Locale.ROOT, "%d intervals (log mass, mean) within %.1e "
                + "(bound %.0e)%s", n, worst, REL, worst < REL ? "" : where));
    }

    static Finding supportLocation(int device) {
        Mixture[] mixtures = {
            Mixture.of(List.of(BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1))),
            Mixture.of(List.of(new BoxComponent(0, 0.3, new double[] {0, 0}, new double[] {1, 2}),
                    new BoxComponent(0, 0.3, new double[] {2, -1}, new double[] {3, 0.5}),
                    new BoxComponent(1, 0.4, new double[] {-3, -3}, new double[] {-1, -1})))};
        double worst = 0.0;
        int points = 0;
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
            run(new TaskGraph("locate").transferToDevice(DataTransferMode.FIRST_EXECUTION, packed, x)
                    .task("t", DeviceChecks::locateKernel, n, d, packed, x, out)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out), device);
            double[] cpu = new double[2];
            for (int i = 0; i < n; i++) {
                Support.locate(packed, 0, d, x, d * i, cpu, 0);
                worst = Math.max(worst, Math.max(off(cpu[0], out[2 * i]), off(cpu[1], out[2 * i + 1])));
            }
            points += n;
        }
        return Finding.when(worst < REL, String.format(Locale.ROOT, "%d points in d = 1 and 2: distance and facing "
                + "within %.1e (bound %.0e)", points, worst, REL));
    }

    static Finding scores(int device) {
        Mixture gaussians = Mixture.of(List.of(
                new GaussianComponent(0, 0.3, new double[] {1.5, 0.0, -0.5},
                        new double[][] {{1, 0.3, 0}, {0.3, 0.8, 0.1}, {0, 0.1, 0.5}}),
                GaussianComponent.isotropic(1, 0.4, new double[] {-1.5, -1.0, 0.0}, 1.0),
                GaussianComponent.isotropic(2, 0.3, new double[] {0.5, -2.0, 1.5}, 0.7)));
        Mixture boxes = Mixture.of(List.of(BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1)));
        double worst = 0.0;
        worst = Math.max(worst, scores(device, gaussians, new double[] {0.6, 0.64}, 6));
        for (double[] ab : new double[][] {{0.6, 0.64}, {0.99, 0.02}, {1.0, 0.0}}) {
            worst = Math.max(worst, scores(device, boxes, ab, 9));
        }
        return Finding.when(worst < REL, String.format(Locale.ROOT, "3 Gaussians in d = 3 and 2 intervals at 3 noise "
                + "levels (down to the data law): every score slot within %.1e (bound %.0e)", worst, REL));
    }

    private static double scores(int device, Mixture m, double[] ab, double spread) {
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
        run(new TaskGraph("scores").transferToDevice(DataTransferMode.FIRST_EXECUTION, params, meta, ab, x)
                .task("t", DeviceChecks::scoresKernel, n, d, params, meta, ab, x, scratch)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, scratch), device);
        double[] cpu = new double[sl];
        double worst = 0.0;
        for (int i = 0; i < n; i++) {
            MixtureScore.evaluate(params, meta, 0, ab[0], ab[1], x, d * i, cpu, 0);
            for (int j = ScorePass.unconditional(d); j < ScorePass.logOther(d) + 1; j++) {
                worst = Math.max(worst, off(cpu[j], scratch[i * sl + j]));
            }
        }
        return worst;
    }
}
