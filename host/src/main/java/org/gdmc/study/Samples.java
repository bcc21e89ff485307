package org.gdmc.study;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.backend.Backend;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.guidance.Guidance;
import org.gdmc.kernel.PathKernel;
import org.gdmc.smc.SmcOptions;
import org.gdmc.smc.SmcRunner;

/**
 * The final states of a study's first particles under one guidance value, for a user's own analysis: particles
 * [first, first + count), their states (count × d, row-major), their data-law logits logit p₀(c | x) and, under SMC,
 * their weights (mean 1 over each island: weigh by them, the particles alone are not q_w's).
 *
 * <p>They are drawn again rather than kept from the study's batches: the noise is keyed by (seed, particle, step), so
 * the backend's {@link Backend#simulate} gives the states the study reduced, bit for bit on the same backend, however
 * the study was batched, sharded or resumed, and memory stays count × (d + 2) per guidance value.
 */
public record Samples(Guidance guidance, long first, int count, int dimension, double[] states, double[] dataLogits,
                      double[] weights) {
    /** Particles per batch of the redraw. */
    static final int BATCH = 1 << 16;

    /**
     * The samples of particles [first, first + count) under every guidance value of the spec, on the backend (SMC
     * studies on the CPU, whole islands: count is rounded up to them).
     */
    public static List<Samples> draw(Backend backend, StudySpec spec, long first, int count) {
        SimulationSpec sim = spec.simulation();
        int d = sim.target().dimension();
        List<Guidance> guidances = sim.guidances();
        List<Samples> out = new ArrayList<>();
        if (spec.smc() != null) {
            SmcOptions smc = spec.smc();
            int m = smc.island();
            int islands = (count + m - 1) / m;
            int n = islands * m;
            try (SmcRunner runner = new SmcRunner(sim, smc, spec.islandTerms(), 1)) {
                for (int g = 0; g < guidances.size(); g++) {
                    double[] states = new double[n * d];
                    double[] logits = new double[n];
                    double[] weights = new double[n];
                    double[] s = new double[m * d];
                    double[] obs = new double[m * PathKernel.OBS_LENGTH];
                    double[] w = new double[m];
                    for (int j = 0; j < islands; j++) {
                        runner.particles(first / m + j, g, s, obs, w);
                        System.arraycopy(s, 0, states, j * m * d, m * d);
                        System.arraycopy(w, 0, weights, j * m, m);
                        for (int k = 0; k < m; k++) {
                            logits[j * m + k] = obs[k * PathKernel.OBS_LENGTH + PathKernel.OBS_DATA_LOGIT];
                        }
                    }
                    out.add(new Samples(guidances.get(g), first, n, d, states, logits, weights));
                }
            }
            return out;
        }
        double[][] states = new double[guidances.size()][count * d];
        double[][] logits = new double[guidances.size()][count];
        ParticleBatch batch = new ParticleBatch(guidances.size(), d, Math.max(1, Math.min(count, BATCH)));
        for (int done = 0; done < count; ) {
            int c = Math.min(batch.capacity(), count - done);
            batch.reset(first + done, c);
            backend.simulate(sim, batch);
            for (int g = 0; g < guidances.size(); g++) {
                System.arraycopy(batch.states(g), 0, states[g], done * d, c * d);
                double[] obs = batch.observables(g);
                for (int i = 0; i < c; i++) {
                    logits[g][done + i] = obs[i * PathKernel.OBS_LENGTH + PathKernel.OBS_DATA_LOGIT];
                }
            }
            done += c;
        }
        for (int g = 0; g < guidances.size(); g++) {
            out.add(new Samples(guidances.get(g), first, count, d, states[g], logits[g], null));
        }
        return out;
    }

    /** Bytes the samples of a study take in memory while drawn and written (states, logits, weights, files). */
    public static long bytes(StudySpec spec, long count) {
        int d = spec.simulation().target().dimension();
        return 2L * 8L * count * (d + 2) * spec.simulation().guidances().size();
    }
}
