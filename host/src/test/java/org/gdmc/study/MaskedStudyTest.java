package org.gdmc.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.discrete.MaskSchedule;
import org.gdmc.discrete.MaskedEstimates;
import org.gdmc.discrete.MaskedGuidance;
import org.gdmc.discrete.SequenceMixture;
import org.gdmc.discrete.SequenceSpace;
import org.gdmc.estimate.Estimate;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

class MaskedStudyTest {
    /** The 2-D diamond: the guided class on {(0,1), (1,0), (1,2), (2,1)}, the other on the rest of {0,1,2}². */
    static SequenceMixture diamond() {
        SequenceSpace space = new SequenceSpace(3, 2);
        double[][] tables = new double[2][9];
        for (int x = 0; x < 9; x++) {
            int a = space.cleanToken(x, 0);
            int b = space.cleanToken(x, 1);
            boolean edge = Math.abs(a - 1) + Math.abs(b - 1) == 1;
            tables[0][x] = edge ? 1 : 0;
            tables[1][x] = edge ? 0 : 1;
        }
        return SequenceMixture.ofTables(space, new double[] {0.5, 0.5}, tables);
    }

    static MaskedStudySpec spec(SequenceMixture target, double[] w, int threads, long n) {
        return new MaskedStudySpec("test", target, 0, w, MaskedGuidance.Rates.GEOMETRIC, MaskSchedule.logLinear(1e-3),
                List.of(MaskedStudySpec.Method.EXACT, MaskedStudySpec.Method.tauLeaping(50)),
                new double[] {0.9, 0.5, 0.1}, 1, n, 20261124L, threads);
    }

    @Test
    void exactSamplerMeetsTheExactLawsAndThreadsChangeNothing() throws Exception {
        StudyResult one = MaskedStudyRunner.run(spec(diamond(), new double[] {0.0, 2.0}, 2, 1_000_000),
                ProgressListener.NONE);
        for (GuidanceResult g : one.results()) {
            if (!g.guidance().startsWith("exact")) {
                continue;
            }
            Estimate tv = g.find("law.tvToExact");
            double floor = g.find("law.tvToExact.floor").value();
            assertTrue(Math.abs(tv.value() - floor) < Tolerances.SIGMAS * tv.stdError(), g.guidance() + ": " + tv
                    + " floor " + floor);
            for (double t : new double[] {0.9, 0.5, 0.1}) {
                String label = MaskedEstimates.timeLabel(t);
                Estimate mc = g.find("dynamics.tv[" + label + "]");
                double exact = g.find("exact.dynamics.tv[" + label + "]").value();
                assertEquals(exact, mc.value(), Tolerances.SIGMAS * Math.max(mc.stdError(), 1e-6), g.guidance());
                Estimate law = g.find("dynamics.lawTv[" + label + "]");
                double lawFloor = g.find("dynamics.lawTv[" + label + "].floor").value();
                assertTrue(Math.abs(law.value() - lawFloor) < Tolerances.SIGMAS * law.stdError(), g.guidance());
            }
            assertEquals(0.0, g.find("mass.outsideClass").value());
            assertEquals(0.0, g.find("stranded.fraction").value());
        }
        GuidanceResult conditional = one.results().get(0);
        assertEquals("exact: w=0.0", conditional.guidance());
        assertEquals(0.0, conditional.find("exact.law.tvToClass").value(), 1e-13);
        // The diamond's class shares no sequence, and its four sequences are symmetric: guidance keeps the class law.
        GuidanceResult guided = one.results().get(1);
        assertEquals("exact: w=2.0", guided.guidance());
        assertEquals(1.0, guided.find("exact.mass.classOnly").value(), 1e-13);
        assertEquals(0.0, guided.find("exact.law.tvToClass").value(), 1e-13);
    }

    @Test
    void theThreadCountChangesNothing() throws Exception {
        StudyResult one = MaskedStudyRunner.run(spec(diamond(), new double[] {1.0}, 1, 100_000),
                ProgressListener.NONE);
        StudyResult two = MaskedStudyRunner.run(spec(diamond(), new double[] {1.0}, 2, 100_000),
                ProgressListener.NONE);
        assertEquals(one.results(), two.results());
    }
}
