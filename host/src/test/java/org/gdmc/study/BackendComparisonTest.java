package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BatchSums;
import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.kernel.PathKernel;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.testing.TestMixtures;
import org.gdmc.estimate.ReductionPlan;
import org.junit.jupiter.api.Test;

class BackendComparisonTest {
    /** The CPU backend with one planted error: particle 1500 of guidance 1 off by 1e-6 in x₁, particle 40 NaN. */
    private static final class Planted implements Backend {
        private final CpuBackend cpu = new CpuBackend(1);

        @Override
        public String name() {
            return "planted";
        }

        @Override
        public String deviceName() {
            return "test";
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public void simulate(SimulationSpec spec, ParticleBatch batch) {
            cpu.simulate(spec, batch);
            int d = batch.dimension();
            for (int i = 0; i < batch.count(); i++) {
                long p = batch.first() + i;
                if (p == 1500) {
                    batch.states(1)[i * d + 1] += 1e-6;
                }
                if (p == 40) {
                    batch.observables(0)[i * PathKernel.OBS_LENGTH + PathKernel.OBS_END_LOGIT] = Double.NaN;
                }
            }
        }

        /** The comparison reads particles only. */
        @Override
        public void reduce(SimulationSpec spec, ReductionPlan plan, BatchSums out) {
            throw new UnsupportedOperationException("the per-particle comparison does not reduce");
        }

        @Override
        public void close() {
            cpu.close();
        }
    }

    @Test
    void findsPlantedDeviationsAndNothingElse() {
        StepPlan plan = new StepPlan(ReverseSampler.byName("euler-maruyama"), new ForwardProcess(new ConstantSchedule(1.0)),
                TimeGrid.of(GridSpacing.UNIFORM, 3.0, 1e-3, 20));
        SimulationSpec sim = new SimulationSpec(TestMixtures.threeClassFullCovariance(), 0, plan,
                List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(2.0)), 9L);
        try (CpuBackend reference = new CpuBackend(2); Planted planted = new Planted()) {
            BackendComparison.Deviations d = BackendComparison.run(sim, reference, planted, 3000, 1024);
            assertEquals(1, d.finiteMismatches()[0], "the NaN in guidance 0");
            assertEquals(0, d.finiteMismatches()[1]);
            assertEquals(0.0, d.absolute()[0][0], 0.0, "guidance 0 states are untouched");
            assertEquals(1e-6, d.absolute()[1][0], 1e-12);
            assertEquals(1500, d.worstParticle()[1][0]);
            for (int q = 1; q < BackendComparison.QUANTITIES.length; q++) {
                assertEquals(0.0, d.absolute()[1][q], 0.0, BackendComparison.QUANTITIES[q]);
            }
        }
    }
}
