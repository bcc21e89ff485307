package org.gdmc.smc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gdmc.backend.Backend;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.backend.Tasks;
import org.gdmc.estimate.ParetoShape;
import org.gdmc.estimate.ParticleFeatures;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;

/**
 * Runs whole SMC islands of a study and folds each into its {@link IslandMeans} node, with the weighted terms and
 * histogram of {@link IslandTerms}: on the CPU, islands in parallel, one {@link Island} per worker; with a device
 * backend's {@link IslandEngine}, a batch of islands at a time on the device, folded by the workers. Each island's
 * node depends on (seed, island) alone.
 */
public final class SmcRunner implements AutoCloseable {
    private final SimulationSpec sim;
    private final SmcOptions options;
    private final IslandTerms terms;
    private final PathProgram program;
    private final double logPrior;
    private final int threads;
    private final ExecutorService pool;
    private final IslandEngine engine;
    private final IslandBatch batch;

    /** Islands of sim under the options, reporting terms, on threads CPU workers. */
    public SmcRunner(SimulationSpec sim, SmcOptions options, IslandTerms terms, int threads) {
        this(sim, options, terms, threads, null, 0);
    }

    /**
     * As {@link #SmcRunner(SimulationSpec, SmcOptions, IslandTerms, int)}, the islands run by the backend's engine
     * ({@link Backend#islands}, up to {@code islands} per call) when it has one, else on the CPU workers.
     */
    public SmcRunner(SimulationSpec sim, SmcOptions options, IslandTerms terms, int threads, Backend backend,
                     int islands) {
        this.sim = sim;
        this.options = options;
        this.terms = terms;
        this.program = proposalProgram(sim, options);
        this.logPrior = Math.log(sim.target().classWeight(sim.cls()));
        this.threads = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "gdmc-smc");
            t.setDaemon(true);
            return t;
        });
        IslandEngine e = null;
        try {
            e = backend == null ? null : backend.islands(sim, program, options, Math.max(1, islands));
        } catch (RuntimeException ex) {
            pool.shutdownNow();
            throw ex;
        }
        this.engine = e;
        this.batch = e == null ? null : new IslandBatch(e.capacity(), options.island(), sim.target().dimension());
    }

    /**
     * The program the particles move under: the simulation's own (each guidance value's guided score), or under the
     * conditional proposal its twin at w = 0.
     */
    public static PathProgram proposalProgram(SimulationSpec sim, SmcOptions options) {
        return options.conditional() ? new SimulationSpec(sim.target(), sim.cls(), sim.plan(),
                List.of((Guidance) new ClassifierFreeGuidance(0.0)), sim.scoreError(), sim.seed()).program()
                : sim.program();
    }

    /** Whether the islands run on a device engine. */
    public boolean onDevice() {
        return engine != null;
    }

    /** The nodes of islands [first, first + count) under every guidance value: [guidance][island]. */
    public double[][][] run(long first, int count) {
        int guidances = sim.guidances().size();
        double[][][] out = new double[guidances][count][];
        if (engine != null) {
            for (int g = 0; g < guidances; g++) {
                for (int from = 0; from < count; from += batch.islands()) {
                    int n = Math.min(batch.islands(), count - from);
                    runOnDevice(g, first + from, n);
                    foldBatch(g, first + from, n, out[g], from);
                }
            }
            return out;
        }
        int per = (count + threads - 1) / threads;
        List<Future<?>> futures = new ArrayList<>();
        for (int from = 0; from < count; from += per) {
            int a = from;
            int b = Math.min(count, from + per);
            futures.add(pool.submit(() -> runRange(first, a, b, out)));
        }
        Tasks.awaitAll(futures, "SMC island task");
        return out;
    }

    /**
     * The particles of island j under guidance value g, as {@link #run} folds them: final states (row-major, d each),
     * {@link PathKernel} observables and weights of mean 1 over the island (for a user's own weighted analysis).
     */
    public void particles(long island, int g, double[] states, double[] obs, double[] weights) {
        if (engine != null) {
            runOnDevice(g, island, 1);
            System.arraycopy(batch.states, 0, states, 0, options.island() * sim.target().dimension());
            System.arraycopy(batch.obs, 0, obs, 0, options.island() * PathKernel.OBS_LENGTH);
            System.arraycopy(batch.weights, 0, weights, 0, options.island());
            return;
        }
        double w = sim.guidances().get(g).equivalentWeight();
        newIsland().run(options.conditional() ? 0 : g, options.target().classExponent(w),
                options.target().dataExponent(w), logPrior, sim.seed(), island, states, obs, weights);
    }

    /** An island of the study's program under the options (one per worker: it holds its particles). */
    private Island newIsland() {
        return new Island(program.codes(), program.tables(), program.params(), program.meta(), options);
    }

    /** Runs islands [first, first + count) under guidance value g on the engine into the batch. */
    private void runOnDevice(int g, long first, int count) {
        double w = sim.guidances().get(g).equivalentWeight();
        engine.run(options.conditional() ? 0 : g, options.target().classExponent(w), options.target().dataExponent(w),
                logPrior, first, count, batch);
    }

    /** Folds the batch's islands 0 … count − 1 (islands first + j) into out[at + j], on the workers. */
    private void foldBatch(int g, long first, int count, double[][] out, int at) {
        int per = (count + threads - 1) / threads;
        List<Future<?>> futures = new ArrayList<>();
        for (int from = 0; from < count; from += per) {
            int a = from;
            int b = Math.min(count, from + per);
            futures.add(pool.submit(() -> {
                Fold fold = new Fold();
                for (int j = a; j < b; j++) {
                    out[at + j] = fold.leaf(batch.summary(j), first + j, j * options.island(), batch.states,
                            batch.obs, batch.weights, batch.logTarget);
                }
            }));
        }
        Tasks.awaitAll(futures, "SMC island fold");
    }

    private void runRange(long first, int from, int to, double[][][] out) {
        int d = sim.target().dimension();
        int m = options.island();
        Island island = newIsland();
        double[] states = new double[m * d];
        double[] obs = new double[m * PathKernel.OBS_LENGTH];
        double[] weights = new double[m];
        Fold fold = new Fold();
        for (int g = 0; g < out.length; g++) {
            double w = sim.guidances().get(g).equivalentWeight();
            double a = options.target().classExponent(w);
            double b = options.target().dataExponent(w);
            int proposal = options.conditional() ? 0 : g;
            for (int j = from; j < to; j++) {
                Island.Summary s = island.run(proposal, a, b, logPrior, sim.seed(), first + j, states, obs, weights);
                out[g][j] = fold.leaf(s, first + j, 0, states, obs, weights, island.logTarget());
            }
        }
    }

    /** A worker's scratch for folding islands into their nodes. */
    private final class Fold {
        private final double[] means = new double[terms.count()];
        private final double[] cells = terms.cells() > 0 ? new double[terms.cells() + 1] : null;
        private final double[] logWeights = new double[options.island()];
        private final ParticleFeatures f = terms.features();

        /**
         * The node of one island from its summary and its particles q = base … base + M − 1 (states row by row,
         * observables, weights and log Q₀ indexed by q).
         */
        double[] leaf(Island.Summary s, long island, int base, double[] states, double[] obs, double[] weights,
                      double[] logTarget) {
            int m = options.island();
            Arrays.fill(means, 0.0);
            if (cells != null) {
                Arrays.fill(cells, 0.0);
            }
            long nonFinite = 0;
            for (int k = base; k < base + m; k++) {
                double v = weights[k];
                if (!(v > 0)) {
                    continue;
                }
                f.locate(states, obs, k);
                if (!f.finite() || !Double.isFinite(logTarget[k])) {
                    nonFinite++;
                    continue;
                }
                double logit = obs[k * PathKernel.OBS_LENGTH + PathKernel.OBS_DATA_LOGIT];
                terms.add(f, v, states, k, logit, logTarget[k], means, cells);
            }
            terms.close(means);
            for (int q = 0; q < means.length; q++) {
                means[q] /= m;
            }
            for (int k = 0; cells != null && k < cells.length; k++) {
                cells[k] /= m;
            }
            for (int k = 0; k < m; k++) {
                logWeights[k] = Math.log(weights[base + k]);
            }
            return IslandMeans.leaf(s, means, nonFinite, ParetoShape.ofLogs(logWeights, m), island, cells);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        if (engine != null) {
            engine.close();
        }
    }
}
