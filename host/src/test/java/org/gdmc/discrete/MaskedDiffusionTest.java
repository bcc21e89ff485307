package org.gdmc.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;


import org.gdmc.discrete.MaskedGuidance.Rates;
import org.gdmc.testing.ChiSquare;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/** The exact laws (jump-chain DP, forward equation) against closed forms, and the samplers against the exact laws. */
class MaskedDiffusionTest {
    /** Two classes with random tables on {0,1,2}^L, sharing some sequences and each owning others. */
    static SequenceMixture randomMixture(int vocab, int length, long seed) {
        SequenceSpace space = new SequenceSpace(vocab, length);
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] tables = new double[2][space.cleanStates()];
        for (int x = 0; x < space.cleanStates(); x++) {
            int kind = rng.nextInt(4);
            tables[0][x] = kind == 1 ? 0.0 : 0.2 + rng.nextDouble();
            tables[1][x] = kind == 0 ? 0.0 : 0.2 + rng.nextDouble();
        }
        return SequenceMixture.ofTables(space, new double[] {0.4, 0.6}, tables);
    }

    /** p^(−w) p_c^(1+w), normalised: the tilted law, computed directly from the tables. */
    static double[] tilted(SequenceMixture target, int c, double w) {
        double[] q = new double[target.space().cleanStates()];
        double sum = 0.0;
        for (int x = 0; x < q.length; x++) {
            double pc = target.classProbability(c, x);
            q[x] = pc > 0 ? Math.pow(target.probability(x), -w) * Math.pow(pc, 1 + w) : 0.0;
            sum += q[x];
        }
        for (int x = 0; x < q.length; x++) {
            q[x] /= sum;
        }
        return q;
    }

    @Test
    void marginalsSumTheCompletions() {
        SequenceMixture target = randomMixture(3, 3, 1);
        SequenceSpace space = target.space();
        double[] law = target.law();
        double[] m = MaskedMarginals.of(space, law);
        assertEquals(1.0, m[space.allMasked()], 1e-14);
        for (int x = 0; x < space.states(); x++) {
            double direct = 0.0;
            for (int y = 0; y < space.cleanStates(); y++) {
                boolean completes = true;
                for (int i = 0; i < space.length(); i++) {
                    int t = space.token(x, i);
                    completes &= t == space.mask() || t == space.cleanToken(y, i);
                }
                direct += completes ? law[y] : 0.0;
            }
            assertEquals(direct, m[x], 1e-14, space.format(x));
        }
    }

    @Test
    void weightZeroGivesTheClassLawAndMinusOneTheMixture() {
        SequenceMixture target = randomMixture(3, 4, 2);
        for (Rates variant : Rates.values()) {
            assertLawEquals(target.classLaw(1), EndLaw.of(new MaskedGuidance(target, 1, 0.0, variant)), 1e-13);
            assertLawEquals(target.law(), EndLaw.of(new MaskedGuidance(target, 1, -1.0, variant)), 1e-13);
        }
    }

    @Test
    void oneTokenEndsInTheTiltedLawAndItsTvIsAPowerOfTheMaskedFraction() {
        SequenceMixture target = randomMixture(7, 1, 3);
        MaskSchedule schedule = MaskSchedule.logLinear(1e-3);
        double[] times = {0.9, 0.6, 0.3, 0.1, 0.01};
        double[] s = ExactMaskedSampler.snapshotS(schedule, times);
        for (double w : new double[] {0.5, 2.0, 6.0}) {
            double[] q = tilted(target, 0, w);
            double z = 0.0;
            for (int x = 0; x < q.length; x++) {
                double pc = target.classProbability(0, x);
                z += pc > 0 ? Math.pow(target.probability(x), -w) * Math.pow(pc, 1 + w) : 0.0;
            }
            for (Rates variant : Rates.values()) {
                MaskedGuidance g = new MaskedGuidance(target, 0, w, variant);
                double[] end = EndLaw.of(g);
                assertLawEquals(q, end, 1e-13);
                double exponent = variant == Rates.GEOMETRIC ? z : 1.0;
                double[][] laws = lawsAt(g, s);
                double[] logTv = new ForwardEquation(g).logMaskedMass(s);
                for (int j = 0; j < times.length; j++) {
                    double m = schedule.maskedFraction(times[j]);
                    double tv = Math.pow(m, exponent);
                    String where = variant + " w=" + w + " t=" + times[j];
                    assertEquals(tv, tvToEnd(g.space(), laws[j], end), 1e-11, where);
                    assertEquals(exponent * Math.log(m), logTv[j], 1e-11 * Math.abs(exponent * Math.log(m)), where);
                }
            }
        }
    }

    @Test
    void theLogOfTheMaskedMassStaysAccurateWhereTheMassUnderflows() {
        SequenceMixture target = randomMixture(3, 3, 10);
        double[] s = {0.01, 0.1, 0.5, 2.0};
        for (double w : new double[] {1.0, 3.0}) {
            MaskedGuidance g = new MaskedGuidance(target, 0, w, Rates.GEOMETRIC);
            double[][] laws = lawsAt(g, s);
            double[] log = new ForwardEquation(g).logMaskedMass(s);
            for (int j = 0; j < s.length; j++) {
                double tv = tvToEnd(g.space(), laws[j], EndLaw.of(g));
                assertEquals(tv, Math.exp(log[j]), 1e-11, "w=" + w + " s=" + s[j]);
            }
        }
        // At w = 40 the masked mass at s = 2 is far below 1e-300; its logarithm still converges under refinement.
        MaskedGuidance strong = new MaskedGuidance(target, 0, 40.0, Rates.GEOMETRIC);
        double[] coarse = new ForwardEquation(strong).logMaskedMass(s);
        double[] fine = new ForwardEquation(strong, 1.005).logMaskedMass(s);
        assertTrue(coarse[3] < -700, "log mass " + coarse[3]);
        for (int j = 0; j < s.length; j++) {
            assertEquals(fine[j], coarse[j], 1e-8 * Math.abs(fine[j]), "s=" + s[j]);
        }
    }

    @Test
    void forwardEquationConservesProbabilityAndEndsInTheJumpChainLaw() {
        SequenceMixture target = randomMixture(3, 4, 4);
        for (double w : new double[] {1.0, 4.0, 12.0}) {
            MaskedGuidance g = new MaskedGuidance(target, 0, w, Rates.GEOMETRIC);
            double[] times = {1e-4, 0.01, 0.3, 1, 3, 10, 80};
            double[][] laws = lawsAt(g, times);
            for (double[] law : laws) {
                double sum = 0.0;
                for (double p : law) {
                    assertTrue(p >= -1e-15, "negative mass " + p);
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-12);
            }
            assertEquals(0.0, tvToEnd(g.space(), laws[laws.length - 1], EndLaw.of(g)), 1e-11);
            double[][] finer = new double[times.length][];
            new ForwardEquation(g, 1.01).solve(times, (j, law) -> finer[j] = law.clone());
            for (int j = 0; j < times.length; j++) {
                assertEquals(0.0, TvOf(laws[j], finer[j]), 1e-9, "step refinement at s=" + times[j]);
            }
        }
    }

    @Test
    void exactSamplerFollowsTheExactLawsAtEveryTime() {
        SequenceMixture target = randomMixture(3, 3, 5);
        MaskSchedule schedule = MaskSchedule.constant(2.0, 3.0);
        double[] times = {2.0, 0.8, 0.3, 0.05};
        for (double w : new double[] {0.0, 3.0}) {
            MaskedGuidance g = new MaskedGuidance(target, 1, w, Rates.GEOMETRIC);
            MaskedSampler sampler = new ExactMaskedSampler(g, 42, schedule, times);
            long[][] counts = run(sampler, g.space(), 1_000_000);
            double[][] laws = lawsAt(g, ExactMaskedSampler.snapshotS(schedule, times));
            for (int j = 0; j < times.length; j++) {
                assertTrue(ChiSquare.score(counts[j], laws[j]) < Tolerances.SIGMAS, "t=" + times[j]);
            }
            double[] end = embed(g.space(), EndLaw.of(g));
            assertTrue(ChiSquare.score(counts[times.length], end) < Tolerances.SIGMAS, "end, w=" + w);
        }
    }

    @Test
    void tauLeapingIsExactAtTheGridTimesForOneToken() {
        SequenceMixture target = randomMixture(6, 1, 6);
        MaskSchedule schedule = MaskSchedule.logLinear(1e-3);
        double[] times = {0.9, 0.5, 0.2};
        MaskedGuidance g = new MaskedGuidance(target, 0, 2.5, Rates.GEOMETRIC);
        long[][] counts = run(new TauLeapingSampler(g, 7, schedule, 10, times), g.space(), 1_000_000);
        double[][] laws = lawsAt(g, ExactMaskedSampler.snapshotS(schedule, times));
        for (int j = 0; j < times.length; j++) {
            assertTrue(ChiSquare.score(counts[j], laws[j]) < Tolerances.SIGMAS, "t=" + times[j]);
        }
        assertTrue(ChiSquare.score(counts[times.length], embed(g.space(), EndLaw.of(g))) < Tolerances.SIGMAS);
    }

    @Test
    void theOutputDoesNotDependOnTheSchedule() {
        MaskedGuidance g = new MaskedGuidance(randomMixture(3, 3, 8), 0, 2.0, Rates.GEOMETRIC);
        MaskedSampler a = new ExactMaskedSampler(g, 9, MaskSchedule.logLinear(1e-3), new double[] {0.5});
        MaskedSampler b = new ExactMaskedSampler(g, 9, MaskSchedule.constant(0.7, 4.0), new double[] {1.0});
        double[] r = new double[g.space().length() * g.space().vocabulary()];
        long[] words = new long[4];
        int[] trail = new int[1];
        for (long particle = 0; particle < 10_000; particle++) {
            assertEquals(a.sample(particle, trail, r, words), b.sample(particle, trail, r, words));
        }
    }

    /**
     * At large w the TV along the dynamics, TV(s) = P(masked at s), is double-exponential in w only while every
     * unmasked token leaves the class uncertain. On {0,1,2}² against {1,2,3}² the first token unmasks at once to the
     * class-specific 0; then p(c | x) = 1, guidance no longer acts, and the second token unmasks at the unguided rate:
     * TV → e^{−s} = m. On the diamond a first token 1 leaves p(c | x) = 5/7, and the second token's rate grows as
     * (7/5)^w: log(−log TV) rises by log(7/5) per unit of w.
     */
    @Test
    void theDoubleExponentialDecayNeedsEveryTokenToLeaveTheClassUncertain() {
        SequenceSpace space = new SequenceSpace(4, 2);
        SequenceMixture overlap = SequenceMixture.productUniform(space, new double[] {0.5, 0.5},
                new int[][][] {{{0, 1, 2}, {0, 1, 2}}, {{1, 2, 3}, {1, 2, 3}}});
        double s = Math.log(2.0);
        double[] at = {s};
        double tv = Math.exp(new ForwardEquation(new MaskedGuidance(overlap, 0, 30.0, Rates.GEOMETRIC))
                .logMaskedMass(at)[0]);
        assertEquals(0.5, tv, 1e-6);

        SequenceSpace square = new SequenceSpace(3, 2);
        double[][] tables = new double[2][9];
        for (int x = 0; x < 9; x++) {
            boolean edge = Math.abs(square.cleanToken(x, 0) - 1) + Math.abs(square.cleanToken(x, 1) - 1) == 1;
            tables[0][x] = edge ? 1 : 0;
            tables[1][x] = edge ? 0 : 1;
        }
        SequenceMixture diamond = SequenceMixture.ofTables(square, new double[] {0.5, 0.5}, tables);
        double previous = Double.NaN;
        for (double w = 40; w <= 44; w += 2) {
            double logTv = new ForwardEquation(new MaskedGuidance(diamond, 0, w, Rates.GEOMETRIC)).logMaskedMass(at)[0];
            double y = Math.log(-logTv);
            if (!Double.isNaN(previous)) {
                assertEquals(Math.log(7.0 / 5.0), (y - previous) / 2, 1e-3, "slope at w=" + w);
            }
            previous = y;
        }
    }

    // ---- helpers ----

    /** Counts of every snapshot (over (V+1)^L indices), then of the end states (over (V+1)^L, clean ones only). */
    static long[][] run(MaskedSampler sampler, SequenceSpace space, int n) {
        int snaps = sampler.snapshotTimes().length;
        long[][] counts = new long[snaps + 1][space.states()];
        int[] trail = new int[snaps];
        double[] r = new double[space.length() * space.vocabulary()];
        long[] words = new long[4];
        for (long particle = 0; particle < n; particle++) {
            int end = sampler.sample(particle, trail, r, words);
            for (int j = 0; j < snaps; j++) {
                counts[j][trail[j]]++;
            }
            counts[snaps][space.stateOfClean(end)]++;
        }
        return counts;
    }

    static double[][] lawsAt(MaskedGuidance g, double[] s) {
        double[][] laws = new double[s.length][];
        new ForwardEquation(g).solve(s, (j, law) -> laws[j] = law.clone());
        return laws;
    }

    static double[] embed(SequenceSpace space, double[] clean) {
        double[] law = new double[space.states()];
        for (int c = 0; c < clean.length; c++) {
            law[space.stateOfClean(c)] = clean[c];
        }
        return law;
    }

    static double tvToEnd(SequenceSpace space, double[] law, double[] end) {
        return TvOf(law, embed(space, end));
    }

    static double TvOf(double[] a, double[] b) {
        double s = 0.0;
        for (int x = 0; x < a.length; x++) {
            s += Math.abs(a[x] - b[x]);
        }
        return 0.5 * s;
    }

    static void assertLawEquals(double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int x = 0; x < expected.length; x++) {
            assertEquals(expected[x], actual[x], tol, "sequence " + x);
        }
    }
}
