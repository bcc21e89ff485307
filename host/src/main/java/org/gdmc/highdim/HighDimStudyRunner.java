package org.gdmc.highdim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gdmc.backend.Tasks;
import org.gdmc.estimate.DensityMap;
import org.gdmc.estimate.DensityWindow;
import org.gdmc.estimate.Estimate;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.ProgressListener;
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
    /** Particles per block. */
    static final int BLOCK = 1024;
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
        if (samples != null && (samples.rows() != spec.guidances().size() + 1
                || samples.dimension() != spec.target().dimension())) {
            throw new IllegalArgumentException("samples for " + samples.rows() + " rows in dimension "
                    + samples.dimension() + "; the study has " + (spec.guidances().size() + 1) + " rows in dimension "
                    + spec.target().dimension());
        }
        LargeMixture m = spec.target();
        int d = m.dimension();
        int threads = spec.threads() > 0 ? spec.threads() : Runtime.getRuntime().availableProcessors();
        Gemm gemm = Gemm.best();
        GemmF32 f32 = spec.float32() ? GemmF32.best() : null;
        BlockPaths paths = new BlockPaths(spec.program(), m, spec.cls(), spec.seed(), gemm, f32);
        ClassLawGeometry geo = ClassLawGeometry.of(m, spec.cls());
        HighDimPlane plane = HighDimPlane.of(m, spec.cls(), geo);
        SlicedWasserstein sliced = new SlicedWasserstein(d, spec.particles(), spec.seed());
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gdmc-highdim");
            t.setDaemon(true);
            return t;
        });
        try {
            double[] reference = sliced.newProjections();
            if (reference.length > 0) {
                drawReference(spec, sliced, gemm, reference);
            }
            int rows = spec.guidances().size() + 1;
            long total = spec.particles() * rows;
            long[] done = {0};
            List<GuidanceResult> results = new ArrayList<>();
            List<long[]> histograms = new ArrayList<>();
            long[] exactPlane = null;
            ThreadLocal<BlockPaths.Worker> workers = ThreadLocal.withInitial(paths::newWorker);
            for (int row = 0; row < rows; row++) {
                int g = row - 1;
                HighDimSums sums = new HighDimSums(d);
                List<long[]> counts = new ArrayList<>();
                ThreadLocal<long[]> local = ThreadLocal.withInitial(() -> {
                    long[] c = HighDimSums.newCounts(m.components(), plane);
                    synchronized (counts) {
                        counts.add(c);
                    }
                    return c;
                });
                double[] projections = sliced.newProjections();
                boolean onDevice = device != null && g >= 0;
                long perBatch = onDevice ? Math.max(BLOCK, device.capacity() / BLOCK * BLOCK)
                        : (long) BLOCK * threads * 4;
                double[] batchStates = onDevice ? new double[(int) perBatch * d] : null;
                for (long first = 0; first < spec.particles(); first += perBatch) {
                    List<Future<HighDimSums>> parts = new ArrayList<>();
                    long end = Math.min(spec.particles(), first + perBatch);
                    if (onDevice) {
                        device.simulate(g, first, (int) (end - first), batchStates);
                    }
                    for (long b = first; b < end; b += BLOCK) {
                        long from = b;
                        long to = Math.min(end, b + BLOCK);
                        long origin = first;
                        parts.add(pool.submit(() -> block(spec, paths, workers.get(), local.get(), g, from, to, geo,
                                plane, sliced, projections, gemm, batchStates, origin, samples)));
                    }
                    Tasks.awaitAll(parts, "high-dimensional block");
                    for (Future<HighDimSums> part : parts) {
                        sums.mergeSums(part.resultNow());
                    }
                    done[0] += end - first;
                    progress.batchDone(done[0], total, (System.nanoTime() - start) * 1e-9);
                }
                long[] all = HighDimSums.newCounts(m.components(), plane);
                for (long[] c : counts) {
                    for (int i = 0; i < all.length; i++) {
                        all[i] += c[i];
                    }
                }
                double[] sw = projections.length > 0 ? sliced.distance(projections, reference) : null;
                long[] histogram = HighDimSums.plane(all, m.components());
                if (g < 0) {
                    exactPlane = histogram;
                }
                histograms.add(histogram);
                List<Estimate> estimates = HighDimEstimates.of(sums, all, m, spec.cls(), geo, sw, histogram,
                        exactPlane);
                if (g < 0) {
                    results.add(new GuidanceResult("exact class law", Double.NaN, Double.NaN, estimates));
                } else {
                    var guidance = spec.guidances().get(g);
                    results.add(new GuidanceResult(guidance.describe(), guidance.strength(),
                            guidance.equivalentWeight(), estimates));
                }
            }
            List<DensityMap> maps = planeMaps(plane, histograms);
            double seconds = (System.nanoTime() - start) * 1e-9;
            long steps = spec.particles() * spec.guidances().size() * spec.plan().steps();
            if (device != null) {
                return new StudyResult(results, steps, seconds, "tornado", device.deviceName() + "; exact row, "
                        + "classification and estimates on the CPU, " + threads + " threads", null, List.of(), maps);
            }
            return new StudyResult(results, steps, seconds, "cpu", "CPU, " + threads + " thread"
                    + (threads == 1 ? "" : "s") + (f32 != null ? ", float32 products" : ", float64")
                    + ", blocked score (" + (f32 != null ? f32.describe() : gemm.describe()) + ")", null, List.of(),
                    maps);
        } finally {
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
            int keep = (int) Math.max(0, Math.min(rows, sliced.kept() - first));
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
    private static List<DensityMap> planeMaps(HighDimPlane plane, List<long[]> histograms) {
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
    private static void drawReference(HighDimStudySpec spec, SlicedWasserstein sliced, Gemm gemm, double[] out) {
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
