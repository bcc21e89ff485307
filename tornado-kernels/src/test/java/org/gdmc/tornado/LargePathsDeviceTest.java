package org.gdmc.tornado;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.backend.BackendOptions;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.ClassifierGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.highdim.BlockPaths;
import org.gdmc.highdim.CovarianceForm;
import org.gdmc.highdim.Gemm;
import org.gdmc.highdim.HighDimStudySpec;
import org.gdmc.highdim.LargeMixture;
import org.gdmc.highdim.LargePaths;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.DdpmAncestral;
import org.gdmc.sampler.DpmSolverPlusPlus;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * A large-mixture study's paths on the device (PoCL here) against the CPU's blocked paths, particle by particle: the
 * same noise, score, guidance forms and integrators, so the final states agree to the rounding of the sums' order;
 * isotropic, shared-diagonal and low-rank (rank 3) components.
 */
@DisabledIfSystemProperty(named = "tornado.virtual.device", matches = "(?i)true")
class LargePathsDeviceTest {
    @Test
    void everyParticleEndsWhereTheCpuPutsIt() {
        double worst = worst(BackendOptions.Precision.FLOAT64);
        System.out.println("large-mixture paths on the device, float64: worst relative difference " + worst);
        assertTrue(worst < 1e-10, "device paths off the CPU's by " + worst);
    }

    /** In float32 the paths follow the CPU's float64 ones to float rounding, amplified over the steps. */
    @Test
    void float32PathsStayWithinFloatRoundingOfTheCpu() {
        double worst = worst(BackendOptions.Precision.FLOAT32);
        System.out.println("large-mixture paths on the device, float32: worst relative difference " + worst);
        assertTrue(worst < 1e-4 && worst > 1e-9, "float32 device paths off the CPU's float64 ones by " + worst);
    }

    private static double worst(BackendOptions.Precision precision) {
        ForwardProcess ou = new ForwardProcess(new ConstantSchedule(1.0));
        List<Guidance> guidances = List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(3.0),
                new ClassifierGuidance(2.0));
        double worst = 0.0;
        for (ReverseSampler sampler : List.of(new DdpmAncestral(), new DpmSolverPlusPlus())) {
            for (CovarianceForm form : CovarianceForm.values()) {
                LargeMixture m = LargeScoreTasks.mixture(form, 40, 50);
                StepPlan plan = new StepPlan(sampler, ou, TimeGrid.of(GridSpacing.GEOMETRIC, ou, 5.0, 1e-3, 12));
                HighDimStudySpec spec = new HighDimStudySpec(m, 1, plan, guidances, 150, 21L, 1);
                BlockPaths cpu = new BlockPaths(spec.program(), m, 1, 21L, Gemm.best());
                BlockPaths.Worker w = cpu.newWorker();
                int n = 150;
                int d = m.dimension();
                try (LargePaths device = new TornadoBackendProvider().openLargePaths(spec,
                        new BackendOptions(0, 0, precision), n)) {
                    for (int g = 0; g < guidances.size(); g++) {
                        double[] states = new double[n * d];
                        device.simulate(g, 1000L, n, states);
                        double[] block = new double[BlockPaths.ROWS * d];
                        for (int first = 0; first < n; first += BlockPaths.ROWS) {
                            int rows = Math.min(BlockPaths.ROWS, n - first);
                            cpu.simulate(w, g, 1000L + first, rows, block, 0, new double[rows], new int[rows],
                                    new int[rows]);
                            for (int i = 0; i < rows * d; i++) {
                                double a = block[i];
                                double b = states[first * d + i];
                                worst = Math.max(worst, Math.abs(a - b) / (1 + Math.abs(a)));
                            }
                        }
                    }
                }
            }
        }
        return worst;
    }
}
