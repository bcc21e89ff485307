package org.gdmc.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.gdmc.kernel.PathKernel;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.junit.jupiter.api.Test;

/**
 * Events: the kernel's region test agrees with the host's, the exact probabilities equal known values and exact
 * draws, and the estimator counts exactly with the binomial standard error.
 */
class EventTest {
    private static final double[][] COV = {{1.0, 0.6}, {0.6, 2.0}};

    private static List<Event> events2d() {
        return List.of(Event.halfSpace("h", new double[] {1.0, -0.5}, 0.7), Event.box("b", new double[] {-1, 0},
                new double[] {0.5, 2}), Event.ball("r", new double[] {0.3, -0.2}, 1.1));
    }

    /** The kernel's test of 10^4 random points equals {@link Event#contains}, for every kind. */
    @Test
    void theKernelTestsRegionsAsTheHostDoes() {
        Random rng = new Random(11);
        int n = 10_000;
        double[] states = new double[2 * n];
        for (int k = 0; k < states.length; k++) {
            states[k] = 3 * rng.nextGaussian();
        }
        for (Event e : events2d()) {
            ReductionPlan.Builder b = ReductionPlan.builder(2);
            b.projection(new double[] {1, 0});
            int at = b.event(e.packed());
            double[] prog = b.build().program();
            int region = (int) prog[ReductionKernel.HEADER + ReductionKernel.R_THRESHOLD];
            int inside = 0;
            for (int i = 0; i < n; i++) {
                double[] x = {states[2 * i], states[2 * i + 1]};
                double v = ReductionKernel.event(prog, region, states, 2, i, 0);
                assertEquals(e.contains(x) ? 1.0 : 0.0, v, e + " at " + x[0] + ", " + x[1]);
                inside += (int) v;
            }
            assertTrue(inside > 100 && inside < n - 100, e + ": both sides tested (" + inside + ")");
            assertEquals(0, at);
        }
    }

    @Test
    void closedFormsAtKnownValues() {
        GaussianComponent unit = GaussianComponent.isotropic(0, 1.0, new double[] {0.0, 0.0}, 1.0);
        assertEquals(0.022750131948179195, Event.halfSpace("t", new double[] {1, 0}, 2.0).probability(unit), 1e-16);
        assertEquals(9.865876450376946e-10, Event.halfSpace("t", new double[] {0, 1}, 6.0).probability(unit), 1e-21);
        assertEquals(1 - Math.exp(-1.5 * 1.5 / 2), Event.ball("r", new double[] {0, 0}, 1.5).probability(unit),
                1e-15, "|X|² is χ²₂: P(|X| ≤ r) = 1 − e^{−r²/2}");
        assertEquals(0.6826894921370859 * 0.6826894921370859,
                Event.box("b", new double[] {-1, -1}, new double[] {1, 1}).probability(unit), 1e-15);
        BoxComponent box = new BoxComponent(0, 1.0, new double[] {0, 0}, new double[] {2, 4});
        assertEquals(0.25 * 0.5, Event.box("b", new double[] {-1, 1}, new double[] {0.5, 3}).probability(box), 1e-15);
        assertEquals(0.25, Event.halfSpace("h", new double[] {-2, 0}, -1.0).probability(box), 1e-15,
                "-2x > -1: x < 0.5");
        assertTrue(Double.isNaN(Event.ball("r", new double[] {0, 0}, 1).probability(box)));
        assertTrue(Double.isNaN(Event.box("b", new double[] {0, 0}, new double[] {1, 1})
                .probability(new GaussianComponent(0, 1, new double[] {0, 0}, COV))));
    }

    /** The non-central χ² CDF against a direct Monte Carlo of |X − c|² at 5 s.e. (and P(a, x) at known values). */
    @Test
    void theBallProbabilityMatchesExactDraws() {
        assertEquals(1 - Math.exp(-2.0), SpecialFunctions.regularizedGammaP(1.0, 2.0), 1e-14);
        assertEquals(0.8427007929497151, SpecialFunctions.regularizedGammaP(0.5, 1.0), 1e-14, "erf(1)");
        assertEquals(0.008132242796933871, SpecialFunctions.regularizedGammaP(10.0, 4.0), 1e-16);
        Random rng = new Random(3);
        double[] mu = {1.0, -0.5, 2.0};
        double v = 0.7;
        GaussianComponent g = GaussianComponent.isotropic(0, 1.0, mu, v);
        Event ball = Event.ball("r", new double[] {0.2, 0.1, 1.0}, 1.6);
        Event half = Event.halfSpace("h", new double[] {0.5, 1.0, -1.0}, -1.2);
        GaussianComponent corr = new GaussianComponent(0, 1.0, new double[] {0.5, 1.0}, COV);
        Event half2 = Event.halfSpace("h2", new double[] {1.0, 1.0}, 2.5);
        int n = 1_000_000;
        int[] hits = new int[3];
        for (int i = 0; i < n; i++) {
            double[] x = new double[3];
            for (int j = 0; j < 3; j++) {
                x[j] = mu[j] + Math.sqrt(v) * rng.nextGaussian();
            }
            hits[0] += ball.contains(x) ? 1 : 0;
            hits[1] += half.contains(x) ? 1 : 0;
            double z1 = rng.nextGaussian();
            double z2 = rng.nextGaussian();
            double[] y = {0.5 + z1, 1.0 + 0.6 * z1 + Math.sqrt(2.0 - 0.36) * z2};
            hits[2] += half2.contains(y) ? 1 : 0;
        }
        double[] exact = {ball.probability(g), half.probability(g), half2.probability(corr)};
        for (int k = 0; k < 3; k++) {
            double p = (double) hits[k] / n;
            double se = Math.sqrt(exact[k] * (1 - exact[k]) / n);
            assertEquals(exact[k], p, 5 * se, "event " + k);
        }
    }

    /** Exact counts: p̂ = inside/n with √(p̂(1 − p̂)/n), and references per class and for the data law. */
    @Test
    void theEstimatorCountsAndGivesReferences() {
        Mixture target = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.25, new double[] {1.0}, 1.0),
                GaussianComponent.isotropic(1, 0.75, new double[] {-1.0}, 4.0)));
        Event right = Event.halfSpace("right", new double[] {1.0}, 2.0);
        EventEstimator est = new EventEstimator(target, List.of(right));
        ReductionPlan.Builder b = ReductionPlan.builder(1);
        Estimator.Reader reader = est.declare(b);
        ReductionPlan plan = b.build();
        double[] x = {2.5, 1.0, 3.0, Double.NaN, -4.0, 2.0, 7.0};
        int n = x.length;
        int[] counts = new int[plan.countsLength()];
        double[] obs = new double[n * PathKernel.OBS_LENGTH];
        ReductionKernel.reduce(plan.program(), x, obs, new double[2 * n], 0, n, 1024, new double[plan.blockLength()],
                0, counts, 0);
        ReducedSums sums = new ReducedSums(plan);
        sums.addCounts(counts);
        List<Estimate> e = reader.estimates(sums);
        assertEquals("event.right", e.get(0).name());
        assertEquals(3.0 / 6.0, e.get(0).value(), 0.0, "2.5, 3 and 7 of the six finite particles (2 is not > 2)");
        assertEquals(Math.sqrt(0.25 / 6), e.get(0).stdError(), 1e-15);
        assertEquals(6, e.get(0).count());
        double p0 = Event.upperTail(1.0);
        double p1 = Event.upperTail(1.5);
        assertEquals(p0, e.get(1).value(), 1e-16);
        assertEquals(p1, e.get(2).value(), 1e-16);
        assertEquals(0.25 * p0 + 0.75 * p1, e.get(3).value(), 1e-16);
        assertEquals("event.right.data", e.get(3).name());
    }
}
