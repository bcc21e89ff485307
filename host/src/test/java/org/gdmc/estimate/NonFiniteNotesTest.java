package org.gdmc.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Every estimate that is not finite gets a note saying why; finite ones and given notes are left as they are. */
class NonFiniteNotesTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void eachKindOfNonFiniteEstimateIsExplained() {
        List<Estimate> in = List.of(new Estimate("nonFinite.count", 3, 0.0, 1000),
                new Estimate("posterior.mean", 0.5, 0.01, 997),
                new Estimate("reciprocalPosterior.mean", NAN, NAN, 997),
                new Estimate("projection.q05", -INF, NAN, 997),
                new Estimate("mean[0]", 1e200, INF, 997),
                new Estimate("density.entropy", NAN, NAN, 0),
                new Estimate("knn.entropy", 2.0, NAN, 1),
                new Estimate("other", NAN, NAN, 5, "given"));
        List<Estimate> out = NonFiniteNotes.explain(in);
        assertEquals(in.size(), out.size());
        assertEquals(in.get(0), out.get(0));
        assertEquals(in.get(1), out.get(1), "finite: no note");
        assertEquals("given", out.get(7).note(), "a note given is kept");
        for (Estimate e : out) {
            assertEquals(e.finite(), e.note().isEmpty(), e.toString());
        }
        assertTrue(out.get(2).note().startsWith("undefined: 1/p0(c|X)") && out.get(2).note().contains("underflows")
                && out.get(2).note().contains("3 particles that left the range of a double"), out.get(2).note());
        assertTrue(out.get(3).note().startsWith("-∞: at least this quantile's share"), out.get(3).note());
        assertTrue(out.get(4).note().startsWith("no standard error: the coordinate of X")
                && out.get(4).note().contains("overflows"), out.get(4).note());
        assertTrue(out.get(5).note().startsWith("no particle entered"), out.get(5).note());
        assertEquals("no standard error from 1 particle", out.get(6).note());
    }
}
