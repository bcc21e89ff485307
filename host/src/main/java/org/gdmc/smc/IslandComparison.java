package org.gdmc.smc;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;

/**
 * Islands run by a device's {@link IslandEngine} against the CPU's {@link Island}, island by island and particle by
 * particle. Both draw the same noise and uniforms and take the same phases ({@link IslandKernel}), so every island
 * resamples at the same nodes and accepts as many Langevin moves, and every particle has the same ancestors; the
 * values agree to the rounding of the device's maths, grown over the path. Without moves that growth is small (4e-14
 * relative on PoCL over 20 steps); a Metropolis-adjusted Langevin move multiplies a difference by |1 + ε ∂²log Q|,
 * which exceeds 1 wherever the target is stiffer than the island's step size (near the edges of paper A's boxes at
 * t = δ: 1e-8 in states after 50 nodes of 2 moves), so the per-particle differences are reported, not judged. The
 * verdict is on what cannot come from rounding alone: an island resampling a different number of times or accepting a
 * different number of moves, or a value finite on one side only.
 *
 * @param worst         the largest difference relative to 1 + |CPU value| over the islands' log Ẑ, least and final
 *                      ESS, and the particles' states, observables, weights and log Q₀
 * @param worstIsland   the island where it is
 * @param worstQuantity what it is
 * @param resamplings   islands whose number of resamplings differs between the two
 * @param moves         islands whose number of accepted Langevin moves differs
 * @param finite        values finite on one side only
 * @param islands       islands compared
 * @param resampled     resamplings of the CPU's islands, all together (whether the comparison saw any)
 * @param accepted      Langevin moves the CPU's islands accepted, all together
 */
public record IslandComparison(double worst, long worstIsland, String worstQuantity, int resamplings, int moves,
                               long finite, int islands, long resampled, long accepted) {
    /** Whether the engine's islands agree with the CPU's: the same resamplings and moves, and the same finite values. */
    public boolean agrees() {
        return resamplings == 0 && moves == 0 && finite == 0;
    }

    /**
     * Runs islands first … first + count − 1 of guidance value g on the engine (count at most its capacity) and on
     * the CPU, and compares them.
     */
    public static IslandComparison of(SimulationSpec sim, SmcOptions options, IslandEngine engine, int g, long first,
                                      int count) {
        PathProgram p = SmcRunner.proposalProgram(sim, options);
        int m = options.island();
        int d = sim.target().dimension();
        double w = sim.guidances().get(g).equivalentWeight();
        double a = options.target().classExponent(w);
        double b = options.target().dataExponent(w);
        int proposal = options.conditional() ? 0 : g;
        double logPrior = Math.log(sim.target().classWeight(sim.cls()));
        IslandBatch batch = new IslandBatch(count, m, d);
        engine.run(proposal, a, b, logPrior, first, count, batch);
        Island cpu = new Island(p.codes(), p.tables(), p.params(), p.meta(), options);
        double[] states = new double[m * d];
        double[] obs = new double[m * PathKernel.OBS_LENGTH];
        double[] weights = new double[m];
        Worst worst = new Worst();
        int resamplings = 0;
        int moves = 0;
        long resampled = 0;
        long acceptedOnCpu = 0;
        for (int j = 0; j < count; j++) {
            long island = first + j;
            Island.Summary s = cpu.run(proposal, a, b, logPrior, sim.seed(), island, states, obs, weights);
            Island.Summary t = batch.summary(j);
            resamplings += s.resamplings() == t.resamplings() ? 0 : 1;
            resampled += s.resamplings();
            double accepted = batch.figures()[j * IslandKernel.ISLAND + IslandKernel.ACCEPTED];
            double tried = batch.figures()[j * IslandKernel.ISLAND + IslandKernel.TRIED];
            moves += tried == 0 || Math.abs(cpu.acceptance() * tried - accepted) < 0.5 ? 0 : 1;
            acceptedOnCpu += tried == 0 ? 0 : Math.round(cpu.acceptance() * tried);
            worst.see(s.logNormaliser(), t.logNormaliser(), island, "log Z");
            worst.see(s.minEss(), t.minEss(), island, "least ESS");
            worst.see(s.finalEss(), t.finalEss(), island, "final ESS");
            for (int k = 0; k < m; k++) {
                int q = j * m + k;
                for (int e = 0; e < d; e++) {
                    worst.see(states[k * d + e], batch.states()[q * d + e], island, "state");
                }
                for (int e = 0; e < PathKernel.OBS_LENGTH; e++) {
                    worst.see(obs[k * PathKernel.OBS_LENGTH + e], batch.observables()[q * PathKernel.OBS_LENGTH + e],
                            island, "observable");
                }
                worst.see(weights[k], batch.weights()[q], island, "weight");
                worst.see(cpu.logTarget()[k], batch.logTarget()[q], island, "log Q0");
            }
        }
        return new IslandComparison(worst.value, worst.island, worst.what, resamplings, moves, worst.finite, count,
                resampled, acceptedOnCpu);
    }

    /** The largest relative difference seen between finite values, and where; values finite on one side only. */
    private static final class Worst {
        double value;
        long island = -1;
        String what = "-";
        long finite;

        void see(double cpu, double device, long island, String what) {
            if (Double.isFinite(cpu) != Double.isFinite(device)) {
                finite++;
                return;
            }
            if (cpu == device || !Double.isFinite(cpu)) {
                return;
            }
            double r = Math.abs(cpu - device) / (1.0 + Math.abs(cpu));
            if (r > value) {
                value = r;
                this.island = island;
                this.what = what;
            }
        }
    }
}
