package org.gdmc.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdmc.rng.NormalVariates;
import org.gdmc.mixture.NormalIntervals;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/** Total variation of discrete laws: exact, sample against law, sample against sample. */
class TotalVariationTest {
    @Test
    void exactTotalVariationOfDiscreteLaws() {
        assertEquals(0.0, TotalVariation.exact(new double[] {0.2, 0.3, 0.5}, new double[] {0.2, 0.3, 0.5}), 0.0);
        assertEquals(0.3, TotalVariation.exact(new double[] {0.5, 0.5, 0.0}, new double[] {0.2, 0.5, 0.3}), 1e-15);
        assertEquals(1.0, TotalVariation.exact(new double[] {1, 0}, new double[] {0, 1}), 0.0);
        assertThrows(IllegalArgumentException.class, () -> TotalVariation.exact(new double[2], new double[3]));
    }

    /** de Moivre's E|X − nq| against the direct sum Σ_x |x − nq| C(n, x) q^x (1 − q)^{n−x}. */
    @Test
    void binomialMeanAbsoluteDeviationMatchesTheDirectSum() {
        for (int n : new int[] {1, 7, 50, 400}) {
            for (double q : new double[] {1e-4, 0.013, 0.3, 0.5, 0.92}) {
                double direct = 0.0;
                for (int x = 0; x <= n; x++) {
                    double logPmf = SpecialFunctions.logChoose(n, x) + x * Math.log(q) + (n - x) * Math.log1p(-q);
                    direct += Math.abs(x - n * q) * Math.exp(logPmf);
                }
                assertEquals(direct, TotalVariation.binomialMeanAbsoluteDeviation(n, q), 1e-12 * Math.max(1, n),
                        "n=" + n + ", q=" + q);
            }
        }
    }

    /**
     * Multinomial draws of a known law q on 40 cells: over 400 replicates of n = 2000 draws, the mean TV̂ equals the
     * noise floor (its expectation when the law is right) within 5 s.e. Against a shifted law r (TV well above the
     * floor) the delta-method s.e. matches the spread of TV̂ across replicates to within 20% and TV̂ is within the floor
     * of TV(q, r); at the law itself, where |·| is not differentiable, the s.e. is conservative (not below the spread).
     */
    @Test
    void sampleAgainstLawHasTheStatedFloorAndStandardError() {
        int cells = 40;
        double[] q = new double[cells];
        double[] r = new double[cells];
        for (int k = 0; k < cells; k++) {
            q[k] = cellMass(k, cells, 0.0);
            r[k] = cellMass(k, cells, 0.4);
        }
        int reps = 400;
        int n = 2000;
        double sum = 0.0;
        double sumSq = 0.0;
        double seSum = 0.0;
        double floor = 0.0;
        double shifted = 0.0;
        double shiftedSq = 0.0;
        double shiftedSe = 0.0;
        long[] words = new long[4];
        double[] z = new double[1];
        long[] previous = null;
        double floorSum = 0.0;
        double floorSq = 0.0;
        double floorSe = 0.0;
        double pairTv = 0.0;
        for (int rep = 0; rep < reps; rep++) {
            long[] counts = new long[cells + 1];
            for (int i = 0; i < n; i++) {
                NormalVariates.fill(3L, (long) rep * n + i, 0, z, 0, 1, words);
                counts[cellOf(z[0], cells)]++;
            }
            TotalVariation.Result a = TotalVariation.againstLaw(counts, q);
            sum += a.value();
            sumSq += a.value() * a.value();
            seSum += a.stdError();
            floor = a.noiseFloor();
            TotalVariation.Result b = TotalVariation.againstLaw(counts, r);
            shifted += b.value();
            shiftedSq += b.value() * b.value();
            shiftedSe += b.stdError();
            if (rep % 2 == 1) {
                TotalVariation.Result pair = TotalVariation.between(previous, counts);
                floorSum += pair.noiseFloor();
                floorSq += pair.noiseFloor() * pair.noiseFloor();
                floorSe += pair.noiseFloorStdError();
                pairTv += pair.value();
            }
            previous = counts;
        }
        int pairs = reps / 2;
        double floorMean = floorSum / pairs;
        double floorSpread = Math.sqrt((floorSq - pairs * floorMean * floorMean) / (pairs - 1));
        System.out.printf("two samples of one law: TV %.5f, floor %.5f (spread %.6f, mean s.e. %.6f)%n",
                pairTv / pairs, floorMean, floorSpread, floorSe / pairs);
        assertEquals(floorSpread, floorSe / pairs, 0.3 * floorSpread);
        assertEquals(floorMean, pairTv / pairs, 0.05 * floorMean, "two samples of one law sit at the floor");
        double mean = sum / reps;
        double spread = Math.sqrt((sumSq - reps * mean * mean) / (reps - 1));
        System.out.printf("TV of %d draws to their own law: mean %.5f (floor %.5f), spread %.5f, mean s.e. %.5f%n", n,
                mean, floor, spread, seSum / reps);
        assertEquals(floor, mean, Tolerances.SIGMAS * spread / Math.sqrt(reps));
        assertTrue(seSum / reps >= spread, "conservative at the law itself");
        double exact = TotalVariation.exact(q, r);
        double shiftedMean = shifted / reps;
        double shiftedSpread = Math.sqrt((shiftedSq - reps * shiftedMean * shiftedMean) / (reps - 1));
        System.out.printf("TV to a shifted law: mean %.5f (exact %.5f), spread %.5f, mean s.e. %.5f%n", shiftedMean,
                exact, shiftedSpread, shiftedSe / reps);
        assertEquals(shiftedSpread, shiftedSe / reps, 0.2 * shiftedSpread);
        assertTrue(Math.abs(shiftedMean - exact) < floor, "TV to a shifted law " + shiftedMean + " vs " + exact);
    }

    /** Two samples of one law: TV̂ is at its floor; identical histograms give 0; the s.e. is symmetric. */
    @Test
    void betweenTwoSamples() {
        long[] a = {10, 20, 30, 40};
        TotalVariation.Result same = TotalVariation.between(a, a.clone());
        assertEquals(0.0, same.value(), 0.0);
        long[] b = {40, 30, 20, 10};
        TotalVariation.Result ab = TotalVariation.between(a, b);
        TotalVariation.Result ba = TotalVariation.between(b, a);
        assertEquals(0.4, ab.value(), 1e-15);
        assertEquals(ab.stdError(), ba.stdError(), 1e-15);
        assertTrue(ab.stdError() > 0);
        long[] empty = new long[4];
        assertTrue(Double.isNaN(TotalVariation.between(a, empty).value()));
    }

    /** Mass of N(shift, 1) on cell k of 40 equal cells of [−4, 4], the tails folded into the end cells. */
    private static double cellMass(int k, int cells, double shift) {
        double w = 8.0 / cells;
        double lo = k == 0 ? Double.NEGATIVE_INFINITY : -4 + k * w;
        double hi = k == cells - 1 ? Double.POSITIVE_INFINITY : -4 + (k + 1) * w;
        return phi(hi - shift) - phi(lo - shift);
    }

    private static int cellOf(double x, int cells) {
        int k = (int) Math.floor((x + 4) / (8.0 / cells));
        return Math.max(0, Math.min(cells - 1, k));
    }

    private static double phi(double x) {
        return x == Double.NEGATIVE_INFINITY ? 0.0 : x == Double.POSITIVE_INFINITY ? 1.0
                : 0.5 * (1 + NormalIntervals.erf(x / Math.sqrt(2)));
    }
}
