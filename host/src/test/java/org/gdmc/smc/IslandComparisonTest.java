package org.gdmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.EulerMaruyama;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.api.Test;

/**
 * The island comparison against engines whose answers are known: the CPU's own islands (everything equal), and the
 * same with one figure spoiled the way a faulty device would spoil it.
 */
class IslandComparisonTest {
    private static final ForwardProcess OU = new ForwardProcess(new ConstantSchedule(1.0));
    private static final SimulationSpec SIM = new SimulationSpec(TestMixtures.symmetricPair(new double[] {2.0}), 0,
            new StepPlan(new EulerMaruyama(), OU, TimeGrid.of(GridSpacing.GEOMETRIC, OU, 5.0, 1e-3, 12)),
            List.of(new ClassifierFreeGuidance(1.0)), 5L);
    private static final SmcOptions OPTIONS = new SmcOptions(1024, 0.5, WeightRule.EXACT, false, 1);

    /** An engine that runs the CPU's islands, then lets {@code spoil} change the batch. */
    private static IslandEngine cpu(Consumer<IslandBatch> spoil) {
        PathProgram p = SmcRunner.proposalProgram(SIM, OPTIONS);
        return new IslandEngine() {
            @Override
            public int capacity() {
                return 2;
            }

            @Override
            public void run(int g, double a, double b, double logPrior, long first, int count, IslandBatch out) {
                int m = out.size();
                Island island = new Island(p.codes(), p.tables(), p.params(), p.meta(), m, OPTIONS.ess(),
                        OPTIONS.weights(), OPTIONS.moves());
                double[] states = new double[m];
                double[] obs = new double[m * PathKernel.OBS_LENGTH];
                double[] weights = new double[m];
                for (int j = 0; j < count; j++) {
                    Island.Summary s = island.run(g, a, b, logPrior, SIM.seed(), first + j, states, obs, weights);
                    System.arraycopy(states, 0, out.states(), j * m, m);
                    System.arraycopy(obs, 0, out.observables(), j * m * PathKernel.OBS_LENGTH, obs.length);
                    System.arraycopy(weights, 0, out.weights(), j * m, m);
                    System.arraycopy(island.logTarget(), 0, out.logTarget(), j * m, m);
                    int o = j * IslandKernel.ISLAND;
                    out.figures()[o + IslandKernel.LOG_Z] = s.logNormaliser();
                    out.figures()[o + IslandKernel.MIN_ESS] = s.minEss();
                    out.figures()[o + IslandKernel.FINAL_ESS] = s.finalEss();
                    out.figures()[o + IslandKernel.RESAMPLINGS] = s.resamplings();
                    out.figures()[o + IslandKernel.TRIED] = (double) m * OPTIONS.moves() * 12;
                    out.figures()[o + IslandKernel.ACCEPTED] = Math.round(island.acceptance() * m * OPTIONS.moves()
                            * 12);
                }
                spoil.accept(out);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void theCpusOwnIslandsAgreeExactly() {
        IslandComparison c = IslandComparison.of(SIM, OPTIONS, cpu(b -> { }), 0, 3L, 2);
        assertTrue(c.agrees(), c.toString());
        assertEquals(0.0, c.worst(), 0.0);
        assertEquals(2, c.islands());
        assertTrue(c.resampled() > 0 && c.accepted() > 0, "the CPU's totals: " + c);
    }

    @Test
    void aDifferentResamplingCountOrAcceptedMoveDisagrees() {
        IslandComparison r = IslandComparison.of(SIM, OPTIONS, cpu(b -> b.figures()[IslandKernel.ISLAND
                + IslandKernel.RESAMPLINGS] += 1), 0, 3L, 2);
        assertEquals(1, r.resamplings());
        assertFalse(r.agrees());
        IslandComparison m = IslandComparison.of(SIM, OPTIONS, cpu(b -> b.figures()[IslandKernel.ACCEPTED] += 1),
                0, 3L, 2);
        assertEquals(1, m.moves());
        assertFalse(m.agrees());
    }

    @Test
    void aValueFiniteOnOneSideDisagreesAndADifferenceIsReportedWhereItIs() {
        IslandComparison nan = IslandComparison.of(SIM, OPTIONS, cpu(b -> b.states()[1500] = Double.NaN), 0, 3L, 2);
        assertEquals(1, nan.finite());
        assertFalse(nan.agrees());
        IslandComparison off = IslandComparison.of(SIM, OPTIONS, cpu(b -> b.weights()[1500] *= 1 + 1e-6), 0, 3L, 2);
        assertTrue(off.agrees(), "a rounding-sized difference is reported, not judged");
        assertEquals("weight", off.worstQuantity());
        assertEquals(4L, off.worstIsland(), "particle 1500 is in the second island, island 4");
        assertTrue(off.worst() > 1e-7 && off.worst() < 1e-5, off.toString());
    }
}
