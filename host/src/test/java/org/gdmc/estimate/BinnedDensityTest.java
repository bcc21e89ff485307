package org.gdmc.estimate;

import static org.gdmc.testing.Estimates.find;
import static org.gdmc.testing.Estimates.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;

import org.gdmc.rng.NormalVariates;
import org.gdmc.kernel.PathKernel;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.testing.Estimates.Samples;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/** Binned entropy and total variation on draws from laws of known entropy and known TV to the class law. */
class BinnedDensityTest {
    private static final int N = 1 << 18;
    private static final double LOG_2PIE = Math.log(2 * Math.PI * Math.E);

    /** N draws of f(z), z ~ N(0, I_d), with a second standard normal u = z[d] handed over for uniform draws. */
    private static Samples draw(int d, Function<double[], double[]> f) {
        double[] out = new double[N * d];
        double[] z = new double[d + 1];
        long[] words = new long[4];
        for (int p = 0; p < N; p++) {
            NormalVariates.fill(91L, p, 0, z, 0, d + 1, words);
            System.arraycopy(f.apply(z), 0, out, p * d, d);
        }
        return new Samples(d, out, new double[N * PathKernel.OBS_LENGTH]);
    }

    private static double phi(double x) {
        return 0.5 * (1 + org.gdmc.mixture.NormalIntervals.erf(x / Math.sqrt(2)));
    }

    /**
     * N(0, 1) draws: entropy ½ log(2πe) within 5 s.e. plus the grid's discretisation bias (cell width w ≈ 0.006, bias
     * ≈ w²/24 ≈ 2e-6); TV to the class law N(0, 1) at its noise floor; draws of N(0.3, 1) against the same class law
     * give TV = 2Φ(0.15) − 1 within 5 s.e. plus the floor.
     */
    @Test
    void gaussianEntropyAndTotalVariationIn1d() {
        Mixture pair = Mixture.of(List.of(GaussianComponent.isotropic(0, 0.5, new double[] {0.0}, 1.0),
                GaussianComponent.isotropic(1, 0.5, new double[] {4.0}, 1.0)));
        BinnedDensity est = BinnedDensity.of(pair, 0);
        List<Estimate> exact = run(est, draw(1, z -> new double[] {z[0]}), 5);
        Estimate h = find(exact, "density.entropy");
        assertEquals(0.5 * LOG_2PIE, find(exact, "density.classLawEntropy").value(), 1e-15);
        assertEquals(0.5 * LOG_2PIE, h.value(), Tolerances.SIGMAS * h.stdError() + 1e-4);
        assertEquals(0.0, find(exact, "density.outsideGrid").value(), 0.0);
        Estimate tv0 = find(exact, "density.tvClassLaw");
        double floor = find(exact, "density.tvClassLawNoiseFloor").value();
        assertTrue(tv0.value() < 1.2 * floor, "exact samples sit at the noise floor: " + tv0.value() + " vs " + floor);
        assertTrue(tv0.value() > 0.8 * floor, "exact samples sit at the noise floor: " + tv0.value() + " vs " + floor);

        List<Estimate> shifted = run(est, draw(1, z -> new double[] {0.3 + z[0]}), 3);
        Estimate tv = find(shifted, "density.tvClassLaw");
        System.out.printf("1-D N(0,1): entropy %.5f ± %.5f (exact %.5f); TV exact draws %.5f (floor %.5f); "
                + "TV of N(0.3,1) %.5f ± %.5f (exact %.5f)%n", h.value(), h.stdError(), 0.5 * LOG_2PIE, tv0.value(),
                floor, tv.value(), tv.stdError(), 2 * phi(0.15) - 1);
        assertEquals(2 * phi(0.15) - 1, tv.value(), Tolerances.SIGMAS * tv.stdError() + floor);
        assertTrue(tv.stdError() > 0);
    }

    /**
     * U[1, 3] draws (Φ of a normal): entropy log 2. A cell of width w straddling an edge with a fraction f inside
     * raises the estimate by −(fw/2) log f ≤ w/(2e), so the two edges bias it by at most w/e ≈ 8e-4.
     */
    @Test
    void uniformEntropyIn1d() {
        Mixture pair = Mixture.of(List.of(BoxComponent.interval(0, 0.5, 1, 3), BoxComponent.interval(1, 0.5, -3, -1)));
        BinnedDensity est = BinnedDensity.of(pair, 0);
        List<Estimate> out = run(est, draw(1, z -> new double[] {1 + 2 * phi(z[0])}), 4);
        Estimate h = find(out, "density.entropy");
        double width = (3 - (-3)) * 1.5 / org.gdmc.reference.CellGrid.CELLS_1D;
        assertEquals(Math.log(2), find(out, "density.classLawEntropy").value(), 1e-15);
        assertEquals(Math.log(2), h.value(), Tolerances.SIGMAS * h.stdError() + width / Math.E);
        Estimate tv = find(out, "density.tvClassLaw");
        System.out.printf("U[1,3]: entropy %.5f ± %.5f (exact %.5f); TV %.5f (floor %.5f)%n", h.value(), h.stdError(),
                Math.log(2), tv.value(), find(out, "density.tvClassLawNoiseFloor").value());
        assertTrue(tv.value() < 1.2 * find(out, "density.tvClassLawNoiseFloor").value() + width);
    }

    /**
     * Draws of N(μ, diag(σ₁², σ₂²)) in 2-D: entropy ½ log((2πe)² σ₁²σ₂²) within 5 s.e. plus the discretisation bias
     * (w²/24)(1/σ₁² + 1/σ₂²) ≤ 1e-3 at 256² cells; a correlated class law has its exact entropy, and
     * exact draws of it sit at the TV noise floor of its quadrature cell masses.
     */
    @Test
    void gaussianEntropyIn2d() {
        double s1 = 0.7;
        double s2 = 1.6;
        Mixture m = Mixture.of(List.of(
                new GaussianComponent(0, 0.5, new double[] {1, -1}, new double[][] {{s1 * s1, 0}, {0, s2 * s2}}),
                GaussianComponent.isotropic(1, 0.5, new double[] {-2, 0}, 1.0)));
        List<Estimate> out = run(BinnedDensity.of(m, 0), draw(2, z -> new double[] {1 + s1 * z[0], -1 + s2 * z[1]}), 3);
        double exact = 0.5 * (2 * LOG_2PIE + Math.log(s1 * s1 * s2 * s2));
        Estimate h = find(out, "density.entropy");
        assertEquals(exact, find(out, "density.classLawEntropy").value(), 1e-14);
        assertEquals(exact, h.value(), Tolerances.SIGMAS * h.stdError() + 1e-3);
        Estimate tv = find(out, "density.tvClassLaw");
        System.out.printf("2-D Gaussian: entropy %.5f ± %.5f (exact %.5f); TV %.5f (floor %.5f)%n", h.value(),
                h.stdError(), exact, tv.value(), find(out, "density.tvClassLawNoiseFloor").value());
        assertTrue(tv.value() < 1.2 * find(out, "density.tvClassLawNoiseFloor").value(), "exact 2-D draws: " + tv);

        Mixture correlated = Mixture.of(List.of(
                new GaussianComponent(0, 0.5, new double[] {0, 0}, new double[][] {{1, 0.5}, {0.5, 1}}),
                GaussianComponent.isotropic(1, 0.5, new double[] {3, 0}, 1.0)));
        List<Estimate> c = run(BinnedDensity.of(correlated, 0), draw(2, z -> new double[] {z[0], 0.5 * z[0]
                + Math.sqrt(0.75) * z[1]}), 1);
        assertEquals(0.5 * (2 * LOG_2PIE + Math.log(0.75)), find(c, "density.classLawEntropy").value(), 1e-14);
        Estimate tvc = find(c, "density.tvClassLaw");
        double floorc = find(c, "density.tvClassLawNoiseFloor").value();
        System.out.printf("2-D correlated Gaussian (cell masses by quadrature): TV %.5f (floor %.5f)%n", tvc.value(),
                floorc);
        assertTrue(tvc.value() < 1.2 * floorc && tvc.value() > 0.8 * floorc, "exact correlated draws: " + tvc);
        assertNull(BinnedDensity.of(Mixture.of(List.of(GaussianComponent.isotropic(0, 1.0, new double[3], 1.0))), 0));
    }
}
