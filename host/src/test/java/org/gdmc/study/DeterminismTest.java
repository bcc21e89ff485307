package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.guidance.Guidance;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.Mixture;
import org.gdmc.testing.Studies;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every figure is bit-identical whatever the thread count or batch size (N not a multiple of the block, too). */
class DeterminismTest {
    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "probability-flow-heun", "dpm-solver++2m", "predictor-corrector"})
    void identicalAcrossThreadsAndBatchSizes(String sampler) {
        Mixture target = TestMixtures.threeClassFullCovariance();
        List<Guidance> sweep = List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(2.0));
        TimeGrid grid = TimeGrid.of(GridSpacing.GEOMETRIC, 4.0, 1e-3, 20);
        ForwardProcess process = new ForwardProcess(new ConstantSchedule(1.0));
        StudyResult reference = Studies.run(target, 1, ReverseSampler.byName(sampler), process, grid, sweep, 77L,
                10_000, 1 << 16, 1);
        int[][] layouts = {{2, 1000}, {3, 5000}, {2, 1 << 16}, {1, 3000}};
        for (int[] layout : layouts) {
            StudyResult other = Studies.run(target, 1, ReverseSampler.byName(sampler), process, grid, sweep, 77L,
                    10_000, layout[1], layout[0]);
            for (int g = 0; g < sweep.size(); g++) {
                List<Estimate> a = reference.results().get(g).estimates();
                List<Estimate> b = other.results().get(g).estimates();
                assertEquals(a.size(), b.size());
                assertTrue(a.stream().anyMatch(e -> e.name().equals("knn.entropy")), "the k-NN entropy is checked");
                for (int i = 0; i < a.size(); i++) {
                    String at = a.get(i).name() + " threads=" + layout[0] + " batch=" + layout[1];
                    assertEquals(a.get(i).value(), b.get(i).value(), 0.0, at);
                    assertEquals(a.get(i).stdError(), b.get(i).stdError(), 0.0, at);
                    assertEquals(a.get(i).count(), b.get(i).count(), at);
                }
            }
        }
    }
}
