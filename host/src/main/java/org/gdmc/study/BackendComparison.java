package org.gdmc.study;

import org.gdmc.backend.Backend;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.kernel.PathKernel;

/**
 * Particle-by-particle comparison of two backends on the same simulation: both simulate the same particles (same
 * seed, so the same start points and noise), and for every guidance value we record the largest deviation of the
 * final states and of each path observable, absolute and relative to 1 + |reference|, with the particle where it
 * occurred. A particle finite on one backend and not on the other counts as a mismatch.
 */
public final class BackendComparison {
    /** Names of the compared quantities: the final state, then the path observables. */
    public static final String[] QUANTITIES = {"state", "dataLogit", "startLogit", "endLogit", "monotone"};

    private BackendComparison() {
    }

    /** The largest deviations found, per guidance value g and quantity q. */
    public record Deviations(double[][] absolute, double[][] relative, long[][] worstParticle, long[] finiteMismatches,
                             long particles) {
    }

    /**
     * Compares particles 0 … particles−1 of {@code sim} on {@code reference} and {@code candidate}, in batches of
     * {@code batchSize}.
     */
    public static Deviations run(SimulationSpec sim, Backend reference, Backend candidate, long particles,
                                 int batchSize) {
        int gCount = sim.guidances().size();
        int d = sim.target().dimension();
        int q = QUANTITIES.length;
        double[][] abs = new double[gCount][q];
        double[][] rel = new double[gCount][q];
        long[][] worst = new long[gCount][q];
        long[] mismatches = new long[gCount];
        int cap = (int) Math.min(batchSize, particles);
        ParticleBatch a = new ParticleBatch(gCount, d, cap);
        ParticleBatch b = new ParticleBatch(gCount, d, cap);
        for (long first = 0; first < particles; first += cap) {
            int count = (int) Math.min(cap, particles - first);
            a.reset(first, count);
            b.reset(first, count);
            reference.simulate(sim, a);
            candidate.simulate(sim, b);
            for (int g = 0; g < gCount; g++) {
                double[] sa = a.states(g);
                double[] sb = b.states(g);
                double[] oa = a.observables(g);
                double[] ob = b.observables(g);
                for (int i = 0; i < count; i++) {
                    long particle = first + i;
                    for (int j = 0; j < d; j++) {
                        mismatches[g] += note(sa[i * d + j], sb[i * d + j], abs[g], rel[g], worst[g], 0, particle);
                    }
                    for (int k = 0; k < PathKernel.OBS_LENGTH; k++) {
                        int at = i * PathKernel.OBS_LENGTH + k;
                        mismatches[g] += note(oa[at], ob[at], abs[g], rel[g], worst[g], 1 + k, particle);
                    }
                }
            }
        }
        return new Deviations(abs, rel, worst, mismatches, particles);
    }

    /** Records |x − y|; returns 1 when exactly one of the two is finite (equal infinities agree). */
    private static int note(double x, double y, double[] abs, double[] rel, long[] worst, int q, long particle) {
        boolean fx = Double.isFinite(x);
        boolean fy = Double.isFinite(y);
        if (!fx || !fy) {
            return (fx != fy || (Double.isNaN(x) != Double.isNaN(y)) || (!Double.isNaN(x) && x != y)) ? 1 : 0;
        }
        double e = Math.abs(x - y);
        double r = e / (1.0 + Math.abs(x));
        if (r > rel[q]) {
            rel[q] = r;
            worst[q] = particle;
        }
        abs[q] = Math.max(abs[q], e);
        return 0;
    }
}
