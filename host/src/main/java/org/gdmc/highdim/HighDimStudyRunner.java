package org.gdmc.highdim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.gdmc.backend.Tasks;
import org.gdmc.estimate.DensityMap;
import org.gdmc.estimate.DensityWindow;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.Shard;
import org.gdmc.study.StudyResult;

/**
 * Runs a {@link HighDimStudySpec} on the CPU, or its guided paths on a device engine ({@link LargePaths}). The
 * first row is the exact class law: N exact draws ({@link LargeMixture#draw}) through the same estimators, so every estimate has its exact counterpart at the same N
 * beside it (its sliced-W2 value is the noise floor). Then one row per guidance value: N particles on the blocked
 * paths ({@link BlockPaths}).
 *
 * <p>Particles run in blocks of {@value #BLOCK}, each block by one worker in chunks of {@link BlockPaths#ROWS}; a
 * block's floating-point sums are taken in particle order and merged in block order, its counts are integers, and a
 * particle's path depends on its index alone: the result does not depend on the thread count. Memory: per worker a
 * chunk's scratch and the K nearest-component counts; per row the kept projections ({@link SlicedWasserstein}).
 */
public final class HighDimStudyRunner {
    /** Particles per block: the continuous studies' block, so {@link Shard} splits both kinds alike. */
    static final int BLOCK = org.gdmc.study.StudyRunner.BLOCK;
    /** Streams of the exact draws: the exact row's particles and the reference set of the sliced distance. */
    static final long EXACT_STREAM = 0x0E8AC7L;
    static final long REFERENCE_STREAM = 0x7EFE7E4CEL;

    private HighDimStudyRunner() {
    }

    public static StudyResult run(HighDimStudySpec spec, ProgressListener progress) throws InterruptedException {
        return run(spec, progress, null);
    }

    /**
     * As {@link #run(HighDimStudySpec, ProgressListener)}, with the guided rows' paths on a device engine when
     * {@code device} is not null (batches of its capacity, run in particle order; their states are classified and
     * reduced on the CPU as the CPU's own would be). The exact row stays on the CPU.
     */
    public static StudyResult run(HighDimStudySpec spec, ProgressListener progress, LargePaths device)
            throws InterruptedException {
        return run(spec, progress, device, null);
    }

    /**
     * As {@link #run(HighDimStudySpec, ProgressListener, LargePaths)}, keeping the first particles of every row (the
     * exact row first) in {@code samples} when it is not null.
     */
    public static StudyResult run(HighDimStudySpec spec, ProgressListener progress, LargePaths device,
                                  HighDimSamples samples) throws InterruptedException {
        HighDimState state = HighDimState.start(spec, Shard.WHOLE);
        advance(state, progress, device, samples, s -> { });
        return state.finish();
    }

    /**
     * Runs the state's range to its end from where it stands, row after row, calling {@code afterBatch} after each
     * batch is folded in (to save a checkpoint; it may stop the run). With {@code samples} (a whole study only) the
     * first particles of every row are kept; those a resumed state reduced before are simulated again.
     */
    public static void advance(HighDimState state, ProgressListener progress, LargePaths device,
                               HighDimSamples samples, Consumer<HighDimState> afterBatch) throws InterruptedException {
        HighDimStudySpec spec = state.spec();
        if (samples != null && (samples.rows() != HighDimState.rows(spec)
                || samples.dimension() != spec.target().dimension() || state.first() != 0)) {
            throw new IllegalArgumentException("samples for " + samples.rows() + " rows in dimension "
                    + samples.dimension() + "; the study has " + HighDimState.rows(spec) + " rows in dimension "
                    + spec.target().dimension() + (state.first() != 0 ? ", and this is a shard of it" : ""));
        }
        Context c = new Context(spec, device);
        try {
            int startRow = state.row();
            long startEnd = state.end();
            long start = System.nanoTime();
            while (!state.done()) {
                int row = state.row();
                long perBatch = c.perBatch(row - 1);
                long from = state.end();
                long to = Math.min(state.target(), from + perBatch);
                long t0 = System.nanoTime();
                long[] batchCounts = HighDimSums.newCounts(spec.target().components(), c.plane);
                List<double[]> sums = c.range(row - 1, from, to, batchCounts, state.projections(), samples);
                state.add(sums, to - from, batchCounts, c.backend(), c.describe(), (System.nanoTime() - t0) * 1e-9);
                progress.batchDone(state.progress(), state.total(), (System.nanoTime() - start) * 1e-9);
                afterBatch.accept(state);
            }
            if (samples != null) {
                for (int row = 0; row <= Math.min(startRow, HighDimState.rows(spec) - 1); row++) {
                    long upTo = Math.min(samples.count(), row < startRow ? state.target() : startEnd);
                    for (long from = 0; from < upTo; from += c.perBatch(row - 1)) {
                        long to = Math.min(upTo, from + c.perBatch(row - 1));
                        c.range(row - 1, from, to, HighDimSums.newCounts(spec.target().components(), c.plane), null,
                                samples);
                    }
                }
            }
        } finally {
            c.close();
        }
    }

    /** What every batch of one run shares: the paths, the geometry, the score's products, the worker pool. */
    private static final class Context {
        final HighDimStudySpec spec;
        final LargePaths device;
        final int threads;
        final Gemm gemm;
        final GemmF32 f32;
        final BlockPaths paths;
        final ClassLawGeometry geo;
        final HighDimPlane plane;
        final SlicedWasserstein sliced;
        final ExecutorService pool;
        final ThreadLocal<BlockPaths.Worker> workers;
        final List<long[]> workerCounts = new ArrayList<>();
        final ThreadLocal<long[]> counts;
        double[] batchStates;

        Context(HighDimStudySpec spec, LargePaths device) {
            this.spec = spec;
            this.device = device;
            LargeMixture m = spec.target();
            threads = spec.threads() > 0 ? spec.threads() : Runtime.getRuntime().availableProcessors();
            gemm = Gemm.best();
            f32 = spec.float32() ? GemmF32.best() : null;
            paths = new BlockPaths(spec.program(), m, spec.cls(), spec.seed(), gemm, f32);
            geo = ClassLawGeometry.of(m, spec.cls());
            plane = HighDimPlane.of(m, spec.cls(), geo);
            sliced = new SlicedWasserstein(m.dimension(), spec.particles(), spec.seed());
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "gdmc-highdim");
                t.setDaemon(true);
                return t;
            });
            workers = ThreadLocal.withInitial(paths::newWorker);
            counts = ThreadLocal.withInitial(() -> {
                long[] c = HighDimSums.newCounts(m.components(), plane);
                synchronized (workerCounts) {
                    workerCounts.add(c);
                }
                return c;
            });
        }

        /** Particles per batch of row g's paths (g = −1: the exact row). */
        long perBatch(int g) {
            return device != null && g >= 0 ? Math.max(BLOCK, device.capacity() / BLOCK * BLOCK)
                    : (long) BLOCK * threads * 4;
        }

        String backend() {
            return device != null ? "tornado" : "cpu";
        }

        String describe() {
            if (device != null) {
                return device.deviceName() + "; exact row, classification and estimates on the CPU, " + threads
                        + " threads";
            }
            return "CPU, " + threads + " thread" + (threads == 1 ? "" : "s") + (f32 != null ? ", float32 products"
                    : ", float64") + ", blocked score (" + (f32 != null ? f32.describe() : gemm.describe()) + ")";
        }

        /**
         * Runs particles [from, to) of row g (one batch, blocks in parallel): returns each block's sums, adds the
         * counts to {@code into}, the projections of the kept particles to {@code projections} (unless null) and the
         * first particles to {@code samples} (unless null).
         */
        List<double[]> range(int g, long from, long to, long[] into, double[] projections, HighDimSamples samples)
                throws InterruptedException {
            boolean onDevice = device != null && g >= 0;
            if (onDevice) {
                if (batchStates == null) {
                    batchStates = new double[(int) perBatch(g) * spec.target().dimension()];
                }
                device.simulate(g, from, (int) (to - from), batchStates);
            }
            double[] simulated = onDevice ? batchStates : null;
            List<Future<HighDimSums>> parts = new ArrayList<>();
            for (long b = from; b < to; b += BLOCK) {
                long lo = b;
                long hi = Math.min(to, b + BLOCK);
                parts.add(pool.submit(() -> block(spec, paths, workers.get(), counts.get(), g, lo, hi, geo, plane,
                        sliced, projections, gemm, simulated, from, samples)));
            }
            Tasks.awaitAll(parts, "high-dimensional block");
            List<double[]> sums = new ArrayList<>(parts.size());
            for (Future<HighDimSums> part : parts) {
                sums.add(part.resultNow().toArray());
            }
            synchronized (workerCounts) {
                for (long[] c : workerCounts) {
                    for (int i = 0; i < c.length; i++) {
                        into[i] += c[i];
                    }
                    java.util.Arrays.fill(c, 0L);
                }
            }
            return sums;
        }

        void close() {
            pool.shutdownNow();
        }
    }

    /** One block of one row: its floating-point sums (in particle order); counts go to the worker's array. */
    private static HighDimSums block(HighDimStudySpec spec, BlockPaths paths, BlockPaths.Worker w, long[] counts,
                                     int g, long from, long to, ClassLawGeometry geo, HighDimPlane plane,
                                     SlicedWasserstein sliced,
                                     double[] projections, Gemm gemm, double[] simulated, long origin,
                                     HighDimSamples samples) {
        LargeMixture m = spec.target();
        int d = m.dimension();
        HighDimSums part = new HighDimSums(d);
        int cap = BlockPaths.ROWS;
        double[] states = new double[cap * d];
        double[] logit = new double[cap];
        int[] best = new int[cap];
        int[] nearest = new int[cap];
        double[] work = new double[m.drawWorkLength()];
        long[] words = new long[4];
        for (long first = from; first < to; first += cap) {
            int rows = (int) Math.min(cap, to - first);
            if (g < 0) {
                for (int b = 0; b < rows; b++) {
                    m.draw(spec.cls(), spec.seed() ^ EXACT_STREAM, first + b, states, b * d, work, words);
                }
                w.score.classify(states, 0, rows, logit, best, nearest);
            } else if (simulated != null) {
                System.arraycopy(simulated, (int) (first - origin) * d, states, 0, rows * d);
                w.score.classify(states, 0, rows, logit, best, nearest);
            } else {
                paths.simulate(w, g, first, rows, states, 0, logit, best, nearest);
            }
            for (int b = 0; b < rows; b++) {
                part.add(geo, plane, states, b, logit[b], best[b], nearest[b], spec.cls(), counts, m.components());
            }
            if (samples != null) {
                samples.keep(g + 1, first, rows, states, logit);
            }
            int keep = projections == null ? 0 : (int) Math.max(0, Math.min(rows, sliced.kept() - first));
            if (keep > 0) {
                sliced.project(gemm, states, 0, keep, projections, (int) first);
            }
        }
        return part;
    }

    /**
     * Each row's plane histogram as a density picture, all in the window that holds every row's particles (the exact
     * row's histogram, over N, standing for the class law's projection: sampled, not integrated).
     */
    static List<DensityMap> planeMaps(HighDimPlane plane, List<long[]> histograms) {
        long[] exact = histograms.get(0);
        long n = 0;
        for (long c : exact) {
            n += c;
        }
        double[] classLaw = new double[plane.grid().total()];
        for (int k = 0; k < classLaw.length && n > 0; k++) {
            classLaw[k] = (double) exact[k] / n;
        }
        List<double[]> tilted = new ArrayList<>();
        for (int r = 0; r < histograms.size(); r++) {
            tilted.add(null);
        }
        DensityWindow window = DensityWindow.covering(plane.grid(), histograms, null, tilted);
        List<DensityMap> maps = new ArrayList<>();
        for (long[] h : histograms) {
            maps.add(window.map(plane.grid(), h, classLaw, null, new double[0][], new String[] {"u1.x", "u2.x"},
                    plane.basis()));
        }
        return maps;
    }

    /** The reference set of the sliced distance: the first M exact draws of their own stream, projected. */
    static void drawReference(HighDimStudySpec spec, SlicedWasserstein sliced, Gemm gemm, double[] out) {
        LargeMixture m = spec.target();
        int d = m.dimension();
        double[] x = new double[BlockPaths.ROWS * d];
        double[] work = new double[m.drawWorkLength()];
        long[] words = new long[4];
        for (int first = 0; first < sliced.kept(); first += BlockPaths.ROWS) {
            int rows = Math.min(BlockPaths.ROWS, sliced.kept() - first);
            for (int b = 0; b < rows; b++) {
                m.draw(spec.cls(), spec.seed() ^ REFERENCE_STREAM, first + b, x, b * d, work, words);
            }
            sliced.project(gemm, x, 0, rows, out, first);
        }
    }
}
