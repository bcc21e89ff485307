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

    /**
     * Importance-weighted draws in 32 groups ({@link TotalVariation#againstLawInGroups}): N(0, 1) draws weighted by
     * N(0.4, 1)/N(0, 1) estimate the cell masses r of N(0.4, 1). Over 300 replicates of 32 × 125 draws: against r
     * itself the mean TV̂ equals the mean noise floor within 5 s.e. of their difference, and the floor's jackknife s.e.
     * matches its spread within 30%; against q = N(0, 1), well above the floor, the batch-means s.e. matches the spread
     * of TV̂ within 20% and TV̂ is within the floor of TV(q, r). With equal weights the value is the multinomial one.
     */
    @Test
    void weightedGroupsHaveTheStatedFloorAndStandardError() {
        int cells = 20;
        double[] q = new double[cells];
        double[] r = new double[cells];
        for (int k = 0; k < cells; k++) {
            q[k] = cellMass(k, cells, 0.0);
            r[k] = cellMass(k, cells, 0.4);
        }
        int reps = 300;
        int groups = 32;
        int per = 125;
        long[] words = new long[4];
        double[] z = new double[1];
        double[] own = new double[reps];
        double[] floors = new double[reps];
        double floorSe = 0.0;
        double[] shifted = new double[reps];
        double shiftedSe = 0.0;
        for (int rep = 0; rep < reps; rep++) {
            double[][] sums = new double[groups][cells + 1];
            double[] normalisers = new double[groups];
            double[][] unweighted = new double[groups][cells + 1];
            double[] sizes = new double[groups];
            long[] counts = new long[cells + 1];
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < per; i++) {
                    NormalVariates.fill(5L, ((long) rep * groups + g) * per + i, 0, z, 0, 1, words);
                    double w = Math.exp(0.4 * z[0] - 0.08);
                    int k = cellOf(z[0], cells);
                    sums[g][k] += w;
                    normalisers[g] += w;
                    unweighted[g][k] += 1;
                    sizes[g] += 1;
                    counts[k]++;
                }
            }
            TotalVariation.Result a = TotalVariation.againstLawInGroups(sums, normalisers, r, groups * per);
            own[rep] = a.value();
            floors[rep] = a.noiseFloor();
            floorSe += a.noiseFloorStdError() / reps;
            TotalVariation.Result b = TotalVariation.againstLawInGroups(sums, normalisers, q, groups * per);
            shifted[rep] = b.value();
            shiftedSe += b.stdError() / reps;
            if (rep == 0) {
                TotalVariation.Result plain = TotalVariation.againstLaw(counts, q);
                TotalVariation.Result grouped = TotalVariation.againstLawInGroups(unweighted, sizes, q, groups * per);
                assertEquals(plain.value(), grouped.value(), 1e-14, "equal weights: the multinomial TV");
                assertEquals(plain.stdError(), grouped.stdError(), 0.4 * plain.stdError(), "equal weights: s.e.");
            }
        }
        double[] gap = new double[reps];
        for (int rep = 0; rep < reps; rep++) {
            gap[rep] = own[rep] - floors[rep];
        }
        System.out.printf("weighted TV to its own law %.5f, floor %.5f (spread %.6f, mean s.e. %.6f); to a shifted "
                + "law %.5f (exact %.5f), spread %.5f, mean s.e. %.5f%n", mean(own), mean(floors), spread(floors),
                floorSe, mean(shifted), TotalVariation.exact(q, r), spread(shifted), shiftedSe);
        assertEquals(0.0, mean(gap), Tolerances.SIGMAS * spread(gap) / Math.sqrt(reps), "at the floor");
        assertEquals(spread(floors), floorSe, 0.3 * spread(floors), "the floor's s.e.");
        assertEquals(spread(shifted), shiftedSe, 0.2 * spread(shifted), "the s.e. above the floor");
        assertTrue(Math.abs(mean(shifted) - TotalVariation.exact(q, r)) < mean(floors));
        double[][] one = {{1.0, 0.0}};
        assertTrue(Double.isNaN(TotalVariation.againstLawInGroups(one, new double[] {1.0}, new double[] {1.0}, 1)
                .stdError()), "one group gives no error");
    }

    private static double mean(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double spread(double[] v) {
        double m = mean(v);
        double s = 0.0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
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
