package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.KnnOptions;
import org.gdmc.estimate.SupportOptions;
import org.gdmc.guidance.ClassifierFreeGuidance;
import org.gdmc.process.ConstantSchedule;
import org.gdmc.process.ForwardProcess;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.gdmc.mixture.Mixture;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shards merged in order, and a run interrupted at a random batch then resumed from its saved state, give exactly
 * (bit for bit) the result of one uninterrupted run: every estimate, standard error and count, k-NN entropy included;
 * with a one-step sampler, the multistep DPM-Solver++ (whose state carries the previous denoiser between steps) and
 * predictor–corrector guidance (whose correctors draw noise at steps of their own).
 */
class ShardAndResumeTest {
    /** 23 blocks and a partial one, so shard edges fall at uneven block counts. */
    private static final long N = 23 * StudyRunner.BLOCK + 517;

    private static StudySpec spec(int batchSize) {
        return spec("euler-maruyama", batchSize);
    }

    private static StudySpec spec(String sampler, int batchSize) {
        Mixture target = TestMixtures.threeClassFullCovariance();
        SimulationSpec sim = new SimulationSpec(target, 1, new StepPlan(ReverseSampler.byName(sampler),
                new ForwardProcess(new ConstantSchedule(1.0)), TimeGrid.of(GridSpacing.GEOMETRIC, 4.0, 1e-3, 20)),
                List.of(new ClassifierFreeGuidance(0.0), new ClassifierFreeGuidance(3.0)), 91L);
        return new StudySpec(sim, N, batchSize, SupportOptions.defaults(target, 1), new KnnOptions(4, 9_000), false);
    }

    private static StudyResult whole(String sampler) {
        try (CpuBackend cpu = new CpuBackend(2)) {
            return new StudyRunner(cpu).run(spec(sampler, 4096), ProgressListener.NONE);
        }
    }

    private static void assertIdentical(StudyResult expected, StudyResult actual, String what) {
        assertEquals(expected.results().size(), actual.results().size());
        for (int g = 0; g < expected.results().size(); g++) {
            List<Estimate> a = expected.results().get(g).estimates();
            List<Estimate> b = actual.results().get(g).estimates();
            assertEquals(a.size(), b.size(), what);
            assertTrue(a.stream().anyMatch(e -> e.name().equals("knn.entropy") && Double.isFinite(e.value())));
            for (int i = 0; i < a.size(); i++) {
                String at = a.get(i).name() + " " + what;
                assertEquals(a.get(i).name(), b.get(i).name(), at);
                assertEquals(a.get(i).value(), b.get(i).value(), 0.0, at);
                assertEquals(a.get(i).stdError(), b.get(i).stdError(), 0.0, at);
                assertEquals(a.get(i).count(), b.get(i).count(), at);
            }
        }
        assertEquals(expected.particleSteps(), actual.particleSteps());
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "dpm-solver++2m", "predictor-corrector"})
    void mergedShardsEqualOneRun(String sampler) {
        StudyResult expected = whole(sampler);
        // 30 shards of 24 blocks leave some empty; 3 and 7 split blocks unevenly; batch sizes differ per shard
        for (int n : new int[] {1, 3, 7, 30}) {
            StudyState merged = null;
            try (CpuBackend cpu = new CpuBackend(1)) {
                for (int i = 0; i < n; i++) {
                    StudyState shard = StudyState.start(spec(sampler, 1024 * (1 + i % 3)), new Shard(i, n));
                    new StudyRunner(cpu).advance(shard, ProgressListener.NONE, s -> { });
                    shard = StateBytes.roundTrip(shard);
                    if (merged == null) {
                        merged = shard;
                    } else {
                        merged.merge(shard);
                    }
                }
            }
            assertIdentical(expected, merged.finish(), "merged from " + n + " shards");
        }
    }

    @Test
    void shardsCoverEveryBlockOnce() {
        for (int n : new int[] {1, 2, 5, 24, 25, 100}) {
            long end = 0;
            for (int i = 0; i < n; i++) {
                Shard s = new Shard(i, n);
                assertEquals(end, s.firstParticle(N), "shard " + s);
                assertEquals(0, s.firstParticle(N) % StudyRunner.BLOCK);
                end = s.endParticle(N);
            }
            assertEquals(N, end);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler-maruyama", "dpm-solver++2m", "predictor-corrector"})
    void resumedAfterAnInterruptionAtARandomBatchEqualsOneRun(String sampler) {
        StudyResult expected = whole(sampler);
        SplittableRandom random = new SplittableRandom(2026);
        for (int trial = 0; trial < 3; trial++) {
            int stopAfter = 1 + random.nextInt(5);
            byte[][] checkpoint = new byte[1][];
            StudyState state = StudyState.start(spec(sampler, 4096), Shard.WHOLE);
            try (CpuBackend cpu = new CpuBackend(2)) {
                int[] batches = {0};
                RuntimeException kill = assertThrows(RuntimeException.class, () -> new StudyRunner(cpu).advance(
                        state, ProgressListener.NONE, s -> {
                            checkpoint[0] = StateBytes.of(s);
                            if (++batches[0] == stopAfter) {
                                throw new RuntimeException("killed");
                            }
                        }));
                assertEquals("killed", kill.getMessage());
            }
            StudyState resumed = StateBytes.read(spec(sampler, 4096), checkpoint[0]);
            assertFalse(resumed.done());
            assertEquals(stopAfter * 4096L, resumed.end());
            try (CpuBackend cpu = new CpuBackend(1)) {
                new StudyRunner(cpu).advance(resumed, ProgressListener.NONE, s -> { });
            }
            assertIdentical(expected, resumed.finish(), "resumed after batch " + stopAfter);
        }
    }

    @Test
    void aStateMustBeCompleteToFinishOrMerge() {
        StudyState a = StudyState.start(spec(4096), new Shard(0, 2));
        StudyState b = StudyState.start(spec(4096), new Shard(1, 2));
        assertThrows(IllegalArgumentException.class, () -> a.merge(b));
        assertThrows(IllegalStateException.class, a::finish);
        assertThrows(IllegalArgumentException.class, () -> b.merge(a));
    }
}
