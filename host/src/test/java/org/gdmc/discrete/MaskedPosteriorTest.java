package org.gdmc.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.MaskedStudyRunner;
import org.gdmc.study.MaskedStudySpec;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.StudyResult;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * E[p₀(c | X)] and E[1/p₀(c | X)] of a masked study: exact values against sums written here from the class tables,
 * and the sampled ones within 5 standard errors of the exact ones for the exact sampler.
 */
class MaskedPosteriorTest {
    /** Length-2 sequences over {0,1,2}: class 0 uniform where the first token is 0 or 1, class 1 where it is 1 or 2. */
    static SequenceMixture overlap() {
        SequenceSpace space = new SequenceSpace(3, 2);
        double[][] tables = new double[2][space.cleanStates()];
        for (int x = 0; x < space.cleanStates(); x++) {
            int a = space.cleanToken(x, 0);
            tables[0][x] = a <= 1 ? 1 : 0;
            tables[1][x] = a >= 1 ? 1 : 0;
        }
        return SequenceMixture.ofTables(space, new double[] {0.3, 0.7}, tables);
    }

    @Test
    void atWeightZeroTheExactSamplerGivesTheClassLawsPosteriorAndItsReciprocal() throws Exception {
        SequenceMixture m = overlap();
        MaskedStudySpec spec = new MaskedStudySpec("posterior", m, 0, new double[] {0.0, 2.0},
                MaskedGuidance.Rates.GEOMETRIC, MaskSchedule.logLinear(1e-3), List.of(MaskedStudySpec.Method.EXACT),
                new double[0], 1, 400_000, 20261206L, 2);
        StudyResult r = MaskedStudyRunner.run(spec, ProgressListener.NONE);
        // at w = 0 the output law is the class law: E[p0(c|X)] = Σ p_c(x) π_c p_c(x)/p(x), E[1/p0] = P(supp p_c)/π_c
        double post = 0.0;
        double support = 0.0;
        for (int x = 0; x < m.space().cleanStates(); x++) {
            double pc = m.classLaw(0)[x];
            if (pc > 0) {
                post += pc * 0.3 * pc / m.law()[x];
                support += m.law()[x];
            }
        }
        GuidanceResult w0 = r.results().get(0);
        assertEquals(post, w0.find("exact.posterior.mean").value(), 1e-13);
        assertEquals(support / 0.3, w0.find("exact.reciprocalPosterior.mean").value(), 1e-12);
        GuidanceResult w2 = r.results().get(1);
        assertTrue(w2.find("exact.posterior.mean").value() > post + 0.05, "guidance raises the posterior");
        assertTrue(w2.find("exact.reciprocalPosterior.mean").value() < support / 0.3 - 0.1, "and lowers E[1/p]");
        for (GuidanceResult g : r.results()) {
            for (String name : List.of("posterior.mean", "reciprocalPosterior.mean")) {
                Estimate mc = g.find(name);
                double exact = g.find("exact." + name).value();
                assertTrue(mc.stdError() > 0 && Math.abs(mc.value() - exact) < Tolerances.SIGMAS * mc.stdError(),
                        g.guidance() + " " + name + ": " + mc + " against " + exact);
            }
        }
    }

    @Test
    void massOutsideTheClassMakesTheReciprocalInfiniteAndSaysWhy() {
        SequenceMixture m = overlap();
        int clean = m.space().cleanStates();
        long[] output = new long[clean + 1];
        double[] exact = new double[clean];
        for (int x = 0; x < clean; x++) {
            output[x] = 10;
            exact[x] = 1.0 / clean;
        }
        List<Estimate> out = new ArrayList<>();
        MaskedEstimates.posterior(out, m, 0, output, exact);
        Estimate rec = out.stream().filter(e -> e.name().equals("reciprocalPosterior.mean")).findFirst().orElseThrow();
        assertEquals(Double.POSITIVE_INFINITY, rec.value());
        assertTrue(rec.note().contains("30 particles ended outside the class's support"), rec.note());
        Estimate exactRec = out.stream().filter(e -> e.name().equals("exact.reciprocalPosterior.mean")).findFirst()
                .orElseThrow();
        assertEquals(Double.POSITIVE_INFINITY, exactRec.value());
        assertTrue(exactRec.note().startsWith("+∞: the exact output law puts mass"), exactRec.note());
    }
}
