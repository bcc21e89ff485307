package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.ProjectionQuantiles;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.mixture.Mixture;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.EulerMaruyama;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.api.Test;

/**
 * The recorded paths: the node logits are the exact class posterior at (t_i, y_i), computed here independently from
 * the noised mixture's densities (EJML inverses and determinants, {@link TestMixtures#logDensity}), so the record is
 * aligned with the node times; the positions are uᵀ of the recorded states; and the kept nodes span T to δ.
 */
class PathTracesTest {
    private static final ForwardProcess PROCESS = new ForwardProcess(new ConstantSchedule(1.0));
    private static final Mixture TARGET = TestMixtures.threeClassFullCovariance();
    private static final int CLS = 1;

    private static SimulationSpec spec(int steps, List<Guidance> guidances) {
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, PROCESS, 4.0, 1e-3, steps);
        return new SimulationSpec(TARGET, CLS, new StepPlan(new EulerMaruyama(), PROCESS, grid), guidances, 11L);
    }

    /** logit p_t(c | y) of the noised target, from the class's and the other classes' densities. */
    private static double logit(double t, double[] y) {
        double a = PROCESS.alpha(t);
        double s2 = PROCESS.sigma2(t);
        double c = TestMixtures.logDensity(TARGET, a, s2, y, CLS);
        double all = TestMixtures.logDensity(TARGET, a, s2, y, -1);
        return c - (all + Math.log(-Math.expm1(c - all)));
    }

    @Test
    void everyNodeLogitIsTheExactPosteriorThere() {
        SimulationSpec spec = spec(40, List.of(new ClassifierFreeGuidance(2.0)));
        PathProgram p = spec.program();
        int d = TARGET.dimension();
        double[] trace = new double[PathKernel.traceLength(d, 40)];
        double[] state = new double[d];
        double[] obs = new double[PathKernel.OBS_LENGTH];
        int checked = 0;
        for (long particle = 0; particle < 20; particle++) {
            PathKernel.trace(p.codes(), p.tables(), p.params(), p.meta(), 0, spec.seed(), particle, state, 0, obs, 0,
                    new double[PathKernel.workLength(d)], 0, new long[PathKernel.wordsLength()], 0, trace, 0);
            for (int i = 0; i <= 40; i++) {
                double[] y = java.util.Arrays.copyOfRange(trace, i * (d + 1), i * (d + 1) + d);
                double expected = logit(spec.plan().grid().time(i), y);
                double got = trace[i * (d + 1) + d];
                assertEquals(expected, got, 1e-9 * Math.max(1.0, Math.abs(expected)),
                        "particle " + particle + ", node " + i);
                checked++;
            }
            assertArrayEquals(state, java.util.Arrays.copyOfRange(trace, 40 * (d + 1), 40 * (d + 1) + d),
                    "the last node is the final state");
        }
        assertEquals(20 * 41, checked);
    }

    @Test
    void thePathsAreProjectionsOfTheRecordedStatesAtTheKeptNodes() {
        List<Guidance> g = List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(3.0));
        int steps = 250;
        SimulationSpec spec = spec(steps, g);
        PathTraces traces = PathTraces.record(spec, 5, 12);
        assertEquals(PathTraces.MAX_NODES, traces.nodes().length);
        assertEquals(0, traces.nodes()[0]);
        assertEquals(steps, traces.nodes()[traces.nodes().length - 1]);
        assertEquals(4.0, traces.times()[0], 1e-12);
        assertEquals(1e-3, traces.times()[traces.times().length - 1], 1e-15);
        for (int k = 1; k < traces.nodes().length; k++) {
            assertTrue(traces.nodes()[k] > traces.nodes()[k - 1]);
            assertTrue(traces.times()[k] < traces.times()[k - 1]);
        }
        double[] u = ProjectionQuantiles.direction(TARGET, CLS);
        PathProgram p = spec.program();
        int d = TARGET.dimension();
        double[] trace = new double[PathKernel.traceLength(d, steps)];
        double[] obs = new double[PathKernel.OBS_LENGTH];
        for (int r = 0; r < g.size(); r++) {
            PathTraces.Row row = traces.rows().get(r);
            assertEquals(12, row.position().length);
            for (int q = 0; q < 12; q++) {
                PathKernel.trace(p.codes(), p.tables(), p.params(), p.meta(), r, spec.seed(), 5 + q, new double[d], 0,
                        obs, 0, new double[PathKernel.workLength(d)], 0, new long[PathKernel.wordsLength()], 0,
                        trace, 0);
                boolean monotone = true;
                for (int i = 1; i <= steps; i++) {
                    monotone &= trace[i * (d + 1) + d] >= trace[(i - 1) * (d + 1) + d];
                }
                assertEquals(monotone, row.monotone()[q], "the kernel's flag over every node");
                for (int k = 0; k < traces.nodes().length; k++) {
                    int at = traces.nodes()[k] * (d + 1);
                    double s = u[0] * trace[at] + u[1] * trace[at + 1] + u[2] * trace[at + 2];
                    assertEquals(s, row.position()[q][k], 1e-12);
                    assertEquals(1.0 / (1.0 + Math.exp(-trace[at + d])), row.posterior()[q][k], 1e-12);
                }
            }
        }
        // guidance pushes the final positions further along u than w = 0 on average
        double m0 = 0.0;
        double m3 = 0.0;
        int last = traces.nodes().length - 1;
        for (int q = 0; q < 12; q++) {
            m0 += traces.rows().get(0).position()[q][last];
            m3 += traces.rows().get(1).position()[q][last];
        }
        assertTrue(m3 > m0, m3 + " vs " + m0);
    }

    @Test
    void fewNodesAreAllKeptAndCountsAreBounded() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, PathTraces.keptNodes(3, 100));
        assertArrayEquals(new int[] {0, 5, 10}, PathTraces.keptNodes(10, 3));
        SimulationSpec spec = spec(5, List.of(new ClassifierFreeGuidance(1.0)));
        assertThrows(IllegalArgumentException.class, () -> PathTraces.record(spec, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> PathTraces.record(spec, 0, PathTraces.MAX_PATHS + 1));
    }
}
