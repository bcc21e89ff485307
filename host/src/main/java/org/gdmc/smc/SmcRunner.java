package org.gdmc.smc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.backend.Tasks;
import org.gdmc.estimate.ParetoShape;
import org.gdmc.estimate.ParticleFeatures;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;

/**
 * Runs whole SMC islands of a study on the CPU and folds each into its {@link IslandMeans} node, with the weighted
 * terms and histogram of {@link IslandTerms}. Islands run in parallel, one {@link Island} per worker; each island's
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

    /** Islands of sim under the options, reporting terms, on threads workers. */
    public SmcRunner(SimulationSpec sim, SmcOptions options, IslandTerms terms, int threads) {
        this.sim = sim;
        this.options = options;
        this.terms = terms;
        this.program = options.conditional() ? new SimulationSpec(sim.target(), sim.cls(), sim.plan(),
                List.of((Guidance) new ClassifierFreeGuidance(0.0)), sim.scoreError(), sim.seed()).program()
                : sim.program();
        this.logPrior = Math.log(sim.target().classWeight(sim.cls()));
        this.threads = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "gdmc-smc");
            t.setDaemon(true);
            return t;
        });
    }

    /** The nodes of islands [first, first + count) under every guidance value: [guidance][island]. */
    public double[][][] run(long first, int count) {
        int guidances = sim.guidances().size();
        double[][][] out = new double[guidances][count][];
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
        double w = sim.guidances().get(g).equivalentWeight();
        newIsland().run(options.conditional() ? 0 : g, options.target().classExponent(w), options.target().dataExponent(w),
                logPrior, sim.seed(), island, states, obs, weights);
    }

    /** An island of the study's program under the options (one per worker: it holds its particles). */
    private Island newIsland() {
        return new Island(program.codes(), program.tables(), program.params(), program.meta(), options.island(),
                options.ess(), options.weights(), options.moves());
    }

    private void runRange(long first, int from, int to, double[][][] out) {
        int d = sim.target().dimension();
        int m = options.island();
        Island island = newIsland();
        double[] states = new double[m * d];
        double[] obs = new double[m * PathKernel.OBS_LENGTH];
        double[] weights = new double[m];
        double[] means = new double[terms.count()];
        double[] cells = terms.cells() > 0 ? new double[terms.cells() + 1] : null;
        ParticleFeatures f = terms.features();
        double[] logWeights = new double[m];
        for (int g = 0; g < out.length; g++) {
            double w = sim.guidances().get(g).equivalentWeight();
            double a = options.target().classExponent(w);
            double b = options.target().dataExponent(w);
            int proposal = options.conditional() ? 0 : g;
            for (int j = from; j < to; j++) {
                Island.Summary s = island.run(proposal, a, b, logPrior, sim.seed(), first + j, states, obs, weights);
                java.util.Arrays.fill(means, 0.0);
                if (cells != null) {
                    java.util.Arrays.fill(cells, 0.0);
                }
                long nonFinite = 0;
                double[] logTarget = island.logTarget();
                for (int k = 0; k < m; k++) {
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
                for (int q = 0; q < means.length; q++) {
                    means[q] /= m;
                }
                for (int k = 0; cells != null && k < cells.length; k++) {
                    cells[k] /= m;
                }
                for (int k = 0; k < m; k++) {
                    logWeights[k] = Math.log(weights[k]);
                }
                out[g][j] = IslandMeans.leaf(s, means, nonFinite, ParetoShape.ofLogs(logWeights, m), first + j,
                        cells);
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
