package org.gdmc.reference;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.gdmc.rng.NormalVariates;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.NormalIntervals;

/**
 * Exact draws from the class law p₀(· | c), keyed like the samplers' noise: draw i uses the d + 1 standard normals of
 * (seed, i, step 0). The first picks the component by inverting the class weights' CDF at Φ(z₀); the rest give
 * μ + L z (L the Cholesky factor of Σ) or a + (b − a)Φ(z) per coordinate of a box.
 */
public final class ClassLawSampler {
    private final int d;
    private final List<Component> own;
    private final double[] cumulative;
    private final double[][] cholesky;
    private final double[] z;
    private final long[] words = new long[4];

    public ClassLawSampler(Mixture m, int cls) {
        this.d = m.dimension();
        this.own = m.components().stream().filter(c -> c.cls() == cls).toList();
        if (own.isEmpty()) {
            throw new IllegalArgumentException("class " + cls + " has no component");
        }
        this.cumulative = new double[own.size()];
        this.cholesky = new double[own.size()][];
        double total = m.classWeight(cls);
        double acc = 0.0;
        for (int k = 0; k < own.size(); k++) {
            acc += own.get(k).weight() / total;
            cumulative[k] = acc;
            if (own.get(k) instanceof GaussianComponent g) {
                DMatrixRMaj a = new DMatrixRMaj(g.covariance());
                CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
                if (!chol.decompose(a)) {
                    throw new IllegalArgumentException("covariance of component " + k + " is not positive definite");
                }
                cholesky[k] = chol.getT(null).getData();
            }
        }
        this.z = new double[d + 1];
    }

    /** Writes draw i into out[off .. off + d). Not thread-safe (one sampler per thread). */
    public void draw(long seed, long i, double[] out, int off) {
        NormalVariates.fill(seed, i, 0, z, 0, d + 1, words);
        double u = phi(z[0]);
        int k = 0;
        while (k < cumulative.length - 1 && u > cumulative[k]) {
            k++;
        }
        switch (own.get(k)) {
            case GaussianComponent g -> {
                double[] l = cholesky[k];
                for (int r = 0; r < d; r++) {
                    double s = g.mean()[r];
                    for (int c = 0; c <= r; c++) {
                        s += l[r * d + c] * z[1 + c];
                    }
                    out[off + r] = s;
                }
            }
            case BoxComponent b -> {
                for (int j = 0; j < d; j++) {
                    out[off + j] = b.lower()[j] + (b.upper()[j] - b.lower()[j]) * phi(z[1 + j]);
                }
            }
        }
    }

    private static double phi(double x) {
        return 0.5 * (1.0 + NormalIntervals.erf(x / Math.sqrt(2.0)));
    }
}
