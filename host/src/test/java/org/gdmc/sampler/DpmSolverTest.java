package org.gdmc.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.process.LinearSchedule;
import org.gdmc.testing.LinearGaussianLaws;
import org.junit.jupiter.api.Test;

/**
 * DPM-Solver++(2M) and the log-SNR grid. The solver's chain on the linear-Gaussian case (class N(1, 1) against an
 * unconditional N(0, 4), {@link LinearGaussianLaws#dpmSolver2m}, written from the paper) converges to the
 * probability-flow ODE's moments (RK4 on 2^14 steps) at second order, unguided and guided, on the geometric and the
 * log-SNR grids; the table the kernel reads reproduces that chain; the log-SNR grid is uniform in λ.
 */
class DpmSolverTest {
    private static final ForwardProcess PROCESS = new ForwardProcess(new ConstantSchedule(1.0));
    private static final double T = 5.0;
    private static final double DELTA = 1e-3;

    private static LinearGaussianLaws.LinearScore guided(double w) {
        return t -> {
            double alpha = PROCESS.alpha(t);
            return new double[] {(1 + w) - w / (1 + 3 * alpha * alpha), (1 + w) * alpha};
        };
    }

    @Test
    void secondOrderAgainstTheFineGridReferenceWithAndWithoutGuidance() {
        for (GridSpacing spacing : List.of(GridSpacing.GEOMETRIC, GridSpacing.LOG_SNR)) {
            for (double w : new double[] {0.0, 4.0}) {
                double[] limit = LinearGaussianLaws.continuous(false, PROCESS, T, DELTA, guided(w));
                double[] e = new double[3];
                int[] steps = {100, 200, 400};
                for (int k = 0; k < steps.length; k++) {
                    double[] c = LinearGaussianLaws.dpmSolver2m(PROCESS, TimeGrid.of(spacing, PROCESS, T, DELTA,
                            steps[k]), 0, 1, guided(w));
                    e[k] = Math.abs(c[0] - limit[0]) + Math.abs(c[1] - limit[1]);
                }
                String at = spacing + " w = " + w + ": errors " + e[0] + ", " + e[1] + ", " + e[2];
                assertTrue(e[2] < e[1] && e[1] < e[0], at);
                double ratio = e[1] / e[2];
                assertTrue(ratio > 4 / 1.25 && ratio < 4 * 1.25, at + ": ratio " + ratio);
            }
        }
    }

    /**
     * The coefficient table (what the kernel reads) applied as the kernel does, y' = A y + B((1 + c) D − c D_prev),
     * gives the paper's chain to rounding.
     */
    @Test
    void theKernelsTableReproducesThePapersChain() {
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, T, DELTA, 50);
        int n = grid.steps();
        double[] a = new double[n];
        double[] b = new double[n];
        double[] c = new double[n];
        new DpmSolverPlusPlus().coefficients(PROCESS, grid, a, b, c);
        LinearGaussianLaws.LinearScore s = guided(3.0);
        // one deterministic path from y₀ = 0.7 and the chain's mean from N(0.7, 0)
        double y = 0.7;
        double prev = 0.0;
        for (int i = 0; i < n; i++) {
            double[] ab = s.at(grid.time(i));
            double score = -ab[0] * y + ab[1];
            double d = (y + PROCESS.sigma2(grid.time(i)) * score) / PROCESS.alpha(grid.time(i));
            double bar = i == 0 ? d : d + c[i] * (d - prev);
            prev = d;
            y = a[i] * y + b[i] * bar;
        }
        double[] chain = LinearGaussianLaws.dpmSolver2m(PROCESS, grid, 0.7, 0.0, s);
        assertEquals(chain[0], y, 1e-12 * Math.abs(y));
        assertEquals(0.0, c[0], 0.0, "the first step is DDIM's");
    }

    @Test
    void theLogSnrGridIsUniformInLambda() {
        for (ForwardProcess p : List.of(PROCESS, new ForwardProcess(new LinearSchedule(0.1, 20.0)))) {
            TimeGrid g = TimeGrid.of(GridSpacing.LOG_SNR, p, 1.0, 1e-3, 37);
            double h = TimeGrid.halfLogSnr(p, g.time(1)) - TimeGrid.halfLogSnr(p, g.time(0));
            for (int i = 0; i < g.steps(); i++) {
                assertTrue(g.time(i + 1) < g.time(i));
                double step = TimeGrid.halfLogSnr(p, g.time(i + 1)) - TimeGrid.halfLogSnr(p, g.time(i));
                assertEquals(h, step, 1e-9 * Math.abs(h), "step " + i);
            }
            assertEquals(1.0, g.time(0), 0.0);
            assertEquals(1e-3, g.time(37), 0.0);
        }
    }

    /**
     * A grid whose log-SNR step grows more than tenfold from one step to the next is refused (the extrapolation
     * weight would pass 5): a uniform grid in t down to δ = 10⁻⁶ ends with such a step; the geometric and log-SNR
     * grids never do.
     */
    @Test
    void aGridWithAStepRatioBelowTheBoundIsRefused() {
        DpmSolverPlusPlus dpm = new DpmSolverPlusPlus();
        String problem = dpm.gridProblem(PROCESS, TimeGrid.of(GridSpacing.UNIFORM, T, 1e-6, 20));
        assertNotNull(problem);
        assertTrue(problem.contains("r = "), problem);
        assertNull(dpm.gridProblem(PROCESS, TimeGrid.of(GridSpacing.GEOMETRIC, T, 1e-6, 20)));
        assertNull(dpm.gridProblem(PROCESS, TimeGrid.of(GridSpacing.LOG_SNR, PROCESS, T, 1e-6, 20)));
        assertNull(new Ddim().gridProblem(PROCESS, TimeGrid.of(GridSpacing.UNIFORM, T, 1e-6, 20)));
    }
}
