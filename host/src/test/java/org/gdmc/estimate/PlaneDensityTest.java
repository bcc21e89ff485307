package org.gdmc.estimate;

import static org.gdmc.testing.Estimates.find;
import static org.gdmc.testing.Estimates.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gdmc.kernel.PathKernel;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.NormalIntervals;
import org.gdmc.reference.CellGrid;
import org.gdmc.reference.ClassLawSampler;
import org.gdmc.testing.Estimates.Samples;
import org.gdmc.testing.TestMixtures;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * The projection onto the class means' plane in d &gt; 2: an orthonormal basis in the span of the class means; the
 * reduction kernel's cells are those of a projection and binning written here; exact class-law draws sit at the
 * noise floor of the TV to the projected class law, and draws shifted by s·u₁ are at the closed-form TV of two
 * bivariate normals with the same covariance, 2Φ(½√(ΔᵀΣ⁻¹Δ)) − 1.
 */
class PlaneDensityTest {
    private static final int N = 1 << 18;
    private static final Mixture THREE = TestMixtures.threeClassFullCovariance();

    private static Samples classDraws(Mixture m, int cls, double[] shift) {
        int d = m.dimension();
        ClassLawSampler sampler = new ClassLawSampler(m, cls);
        double[] out = new double[N * d];
        for (int p = 0; p < N; p++) {
            sampler.draw(5L, p, out, p * d);
            for (int j = 0; j < d; j++) {
                out[p * d + j] += shift[j];
            }
        }
        return new Samples(d, out, new double[N * PathKernel.OBS_LENGTH]);
    }

    @Test
    void theBasisIsOrthonormalAndSpansTheClassMeans() {
        double[][] b = PlaneDensity.basis(THREE, 0);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double dot = 0.0;
                for (int k = 0; k < 3; k++) {
                    dot += b[i][k] * b[j][k];
                }
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-14);
            }
        }
        // three class means in d = 3 span a plane: every m_k − m_other lies in it
        double[] other = THREE.otherClassesMean(0);
        for (int k = 1; k < 3; k++) {
            double[] v = THREE.classMean(k);
            for (int j = 0; j < 3; j++) {
                v[j] -= other[j];
            }
            double a = 0.0;
            double c = 0.0;
            for (int j = 0; j < 3; j++) {
                a += v[j] * b[0][j];
                c += v[j] * b[1][j];
            }
            double residual = 0.0;
            for (int j = 0; j < 3; j++) {
                double r = v[j] - a * b[0][j] - c * b[1][j];
                residual += r * r;
            }
            assertEquals(0.0, Math.sqrt(residual), 1e-12, "class " + k);
        }
        // two classes in d = 4: u₂ is a unit vector orthogonal to u₁
        Mixture pair = TestMixtures.symmetricPair(new double[] {1.0, 2.0, 0.5, -1.0});
        double[][] p = PlaneDensity.basis(pair, 0);
        double dot = 0.0;
        double norm = 0.0;
        for (int k = 0; k < 4; k++) {
            dot += p[0][k] * p[1][k];
            norm += p[1][k] * p[1][k];
        }
        assertEquals(0.0, dot, 1e-14);
        assertEquals(1.0, norm, 1e-14);
        assertNull(PlaneDensity.of(TestMixtures.symmetricPair(new double[] {1.0, 2.0}), 0), "d = 2 has its own map");
    }

    @Test
    void exactDrawsSitAtTheFloorAndAShiftGivesTheClosedForm() {
        PlaneDensity plane = PlaneDensity.of(THREE, 0);
        assertNotNull(plane.classMasses());
        Samples exact = classDraws(THREE, 0, new double[3]);
        List<Estimate> at = run(plane, exact, 5);
        Estimate tv0 = find(at, "plane.tvClassLaw");
        double floor = find(at, "plane.tvClassLawNoiseFloor").value();
        assertTrue(tv0.value() > 0.8 * floor && tv0.value() < 1.2 * floor, tv0.value() + " vs floor " + floor);
        assertEquals(0.0, find(at, "plane.outsideGrid").value(), 0.0);

        // the kernel's cells against a projection and binning written here: the same counts, so the same TV
        double[][] b = plane.basis();
        CellGrid grid = plane.grid();
        long[] counts = new long[grid.total() + 1];
        for (int p = 0; p < N; p++) {
            int[] k = new int[2];
            boolean in = true;
            for (int j = 0; j < 2; j++) {
                double z = 0.0;
                for (int i = 0; i < 3; i++) {
                    z += b[j][i] * exact.states()[p * 3 + i];
                }
                double pos = Math.floor((z - grid.lo()[j]) / grid.widths()[j]);
                in &= pos >= 0 && pos < grid.cellCounts()[j];
                k[j] = (int) pos;
            }
            counts[in ? k[0] + k[1] * grid.cellCounts()[0] : grid.total()]++;
        }
        assertEquals(TotalVariation.againstLaw(counts, plane.classMasses()).value(), tv0.value(), 1e-15);

        // shifted by s·u₁: TV = 2Φ(½ √(ΔᵀΣ⁻¹Δ)) − 1, Δ = (s, 0) and Σ = B Σ₀ Bᵀ of the class's one component
        double s = 0.25;
        double[] shift = new double[3];
        for (int j = 0; j < 3; j++) {
            shift[j] = s * b[0][j];
        }
        Estimate tv = find(run(plane, classDraws(THREE, 0, shift), 3), "plane.tvClassLaw");
        double[][] cov0 = ((GaussianComponent) THREE.components().get(0)).covariance();
        DMatrixRMaj sigma = new DMatrixRMaj(2, 2);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double q = 0.0;
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 3; l++) {
                        q += b[i][k] * cov0[k][l] * b[j][l];
                    }
                }
                sigma.set(i, j, q);
            }
        }
        CommonOps_DDRM.invert(sigma);
        double mahalanobis = Math.sqrt(s * s * sigma.get(0, 0));
        double expected = 2 * 0.5 * (1 + NormalIntervals.erf(0.5 * mahalanobis / Math.sqrt(2))) - 1;
        System.out.printf("plane: TV of exact draws %.5f (floor %.5f); shifted by %.2f u1: %.5f ± %.5f (exact %.5f)%n",
                tv0.value(), floor, s, tv.value(), tv.stdError(), expected);
        assertEquals(expected, tv.value(), Tolerances.SIGMAS * tv.stdError() + floor);
    }

    @Test
    void aBoxComponentLeavesTheClassLawNotComputed() {
        Mixture boxes = Mixture.of(List.of(
                new BoxComponent(0, 0.5, new double[] {1, -1, -1}, new double[] {3, 1, 1}),
                new BoxComponent(1, 0.5, new double[] {-3, -1, -1}, new double[] {-1, 1, 1})));
        PlaneDensity plane = PlaneDensity.of(boxes, 0);
        assertNull(plane.classMasses());
        double[] state = new double[N / 64 * 3];
        for (int p = 0; p < N / 64; p++) {
            state[p * 3] = 1.0 + 2.0 * p / (N / 64);
        }
        List<Estimate> out = run(plane, new Samples(3, state, new double[N / 64 * PathKernel.OBS_LENGTH]), 2);
        Estimate tv = find(out, "plane.tvClassLaw");
        assertTrue(Double.isNaN(tv.value()) && tv.note().contains("not computed"), tv.toString());
        assertEquals(0.0, find(out, "plane.outsideGrid").value(), 0.0, "the grid holds the boxes' projection");
    }
}
