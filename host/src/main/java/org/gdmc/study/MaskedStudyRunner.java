package org.gdmc.study;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.gdmc.discrete.ExactMaskedSampler;
import org.gdmc.discrete.MaskedCounts;
import org.gdmc.discrete.MaskedEstimates;
import org.gdmc.discrete.MaskedGuidance;
import org.gdmc.discrete.MaskedReference;
import org.gdmc.discrete.MaskedSampler;
import org.gdmc.discrete.SequenceSpace;

/**
 * Runs a masked-diffusion study on the CPU: for each weight, the exact references once, then each sampler's N
 * particles in blocks claimed by the worker threads, each worker counting into its own tables. Counts are integers,
 * so the result does not depend on the thread count or the order of the blocks. Memory: the count tables, per
 * worker; nothing per particle.
 */
public final class MaskedStudyRunner {
    /** Particles per claimed block. */
    static final int BLOCK = 8192;

    private MaskedStudyRunner() {
    }

    /**
     * One result per (sampler, w), sampler-major, labelled "exact: w=1" or "tau-leaping(50): w=1"; particle-steps
     * count L moves per particle for the exact sampler and n steps for τ-leaping.
     */
    public static StudyResult run(MaskedStudySpec spec, ProgressListener progress)
            throws InterruptedException {
        SequenceSpace space = spec.target().space();
        int threads = spec.threads() > 0 ? spec.threads() : Runtime.getRuntime().availableProcessors();
        long total = spec.particles() * spec.samplers().size() * spec.weights().length;
        long start = System.nanoTime();
        AtomicLong done = new AtomicLong();
        double[] snapshotS = ExactMaskedSampler.snapshotS(spec.schedule(), spec.times());
        boolean tabulate = (long) spec.times().length * space.states() <= MaskedCounts.SNAPSHOT_LIMIT;
        List<GuidanceResult> results = new ArrayList<>();
        long particleSteps = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gdmc-masked");
            t.setDaemon(true);
            return t;
        });
        try {
            List<GuidanceResult>[] bySampler = newLists(spec.samplers().size());
            MaskedGuidance first = new MaskedGuidance(spec.target(), spec.guidedClass(), spec.weights()[0],
                    spec.rates());
            for (double w : spec.weights()) {
                MaskedGuidance guidance = w == first.w() ? first : first.atWeight(w);
                MaskedReference reference = new MaskedReference(guidance, snapshotS, tabulate);
                for (int m = 0; m < spec.samplers().size(); m++) {
                    MaskedStudySpec.Method method = spec.samplers().get(m);
                    MaskedSampler sampler = method.create(guidance, spec.seed(), spec.schedule(), spec.times());
                    MaskedCounts counts = sample(pool, threads, sampler, space, spec.particles(),
                            n -> progress.batchDone(done.addAndGet(n), total, (System.nanoTime() - start) * 1e-9));
                    particleSteps += spec.particles() * (method.steps() == 0 ? space.length() : method.steps());
                    bySampler[m].add(new GuidanceResult(method.label() + ": w=" + w, w, w,
                            MaskedEstimates.of(reference, counts, spec.times(), spec.groupValue())));
                }
            }
            for (List<GuidanceResult> list : bySampler) {
                results.addAll(list);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        return new StudyResult(results, particleSteps, seconds, "cpu", "CPU, " + threads + " threads", null,
                List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<GuidanceResult>[] newLists(int n) {
        List<GuidanceResult>[] lists = new List[n];
        for (int i = 0; i < n; i++) {
            lists[i] = new ArrayList<>();
        }
        return lists;
    }

    private static MaskedCounts sample(ExecutorService pool, int threads, MaskedSampler sampler, SequenceSpace space,
                                       long particles, LongConsumer blockDone) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        int snaps = sampler.snapshotTimes().length;
        List<Future<MaskedCounts>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                MaskedCounts counts = MaskedCounts.empty(space, snaps);
                int[] trail = new int[snaps];
                double[] rates = new double[space.length() * space.vocabulary()];
                long[] words = new long[4];
                for (long first = next.getAndAdd(BLOCK); first < particles; first = next.getAndAdd(BLOCK)) {
                    long end = Math.min(particles, first + BLOCK);
                    for (long p = first; p < end; p++) {
                        counts.add(space, trail, sampler.sample(p, trail, rates, words));
                    }
                    blockDone.accept(end - first);
                }
                return counts;
            }));
        }
        MaskedCounts sum = MaskedCounts.empty(space, snaps);
        try {
            for (Future<MaskedCounts> f : workers) {
                sum.addAll(f.get());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
        return sum;
    }
}
