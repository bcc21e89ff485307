package org.gdmc.reference;

import java.util.ArrayList;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.gdmc.mixture.BoxComponent;
import org.gdmc.mixture.Component;
import org.gdmc.mixture.GaussianComponent;
import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.NormalIntervals;

/**
 * The class law p₀(· | c) = Σ_{k ∈ c} (π_k/π_c) p_k. Cell masses are exact where every class component is a product
 * law (box, or Gaussian with diagonal covariance): Σ_k (π_k/π_c) Π_j P_k(cell's interval on axis j), from normal-CDF
 * differences and interval overlaps; otherwise they come from the quadrature of the tilted law at w = 0
 * ({@link TiltedLaw}). The entropy is exact for one Gaussian component, ½ log((2πe)^d det Σ), or disjoint boxes,
 * −Σ w_k log(w_k/vol_k); otherwise it is integrated in d ≤ 2 and NaN beyond.
 */
public final class ClassLaw implements ReferenceLaw {
    private final Mixture mixture;
    private final int cls;
    private final double entropy;
    private TiltedLaw quadrature;

    public ClassLaw(Mixture mixture, int cls) {
        if (cls < 0 || cls >= mixture.classes()) {
            throw new IllegalArgumentException("class " + cls + " is not in the mixture's " + mixture.classes());
        }
        this.mixture = mixture;
        this.cls = cls;
        double h = closedFormEntropy(mixture, cls);
        this.entropy = Double.isNaN(h) && mixture.dimension() <= 2 ? quadrature().entropy() : h;
    }

    @Override
    public double entropy() {
        return entropy;
    }

    @Override
    public double[] cellMasses(CellGrid grid) {
        double[] exact = productMasses(grid);
        return exact != null ? exact : quadrature().cellMasses(grid);
    }

    private TiltedLaw quadrature() {
        if (quadrature == null) {
            quadrature = TiltedLaw.of(mixture, cls, 0.0);
        }
        return quadrature;
    }

    /** The exact masses, or null where a class component is not a product law. */
    private double[] productMasses(CellGrid grid) {
        int d = grid.dimension();
        double[] q = new double[grid.total()];
        double[] out = new double[2];
        for (Component c : mixture.components()) {
            if (c.cls() != cls) {
                continue;
            }
            if (c instanceof GaussianComponent g && !g.isDiagonal()) {
                return null;
            }
            double[][] axis = new double[d][];
            for (int j = 0; j < d; j++) {
                axis[j] = new double[grid.cells(j)];
                for (int k = 0; k < grid.cells(j); k++) {
                    double a = grid.edge(j, k);
                    double b = grid.edge(j, k + 1);
                    axis[j][k] = switch (c) {
                        case GaussianComponent g -> {
                            double s = Math.sqrt(g.covariance()[j][j]);
                            NormalIntervals.evaluate((b - g.mean()[j]) / s, (a - g.mean()[j]) / s, (b - a) / s, out, 0);
                            yield Math.exp(out[0]);
                        }
                        case BoxComponent x -> Math.max(0.0, Math.min(b, x.upper()[j]) - Math.max(a, x.lower()[j]))
                                / (x.upper()[j] - x.lower()[j]);
                    };
                }
            }
            double w = c.weight() / mixture.classWeight(cls);
            for (int cell = 0; cell < q.length; cell++) {
                double mass = w;
                int rest = cell;
                for (int j = 0; j < d; j++) {
                    mass *= axis[j][rest % grid.cells(j)];
                    rest /= grid.cells(j);
                }
                q[cell] += mass;
            }
        }
        return q;
    }

    /** The closed-form entropy, or NaN where there is none here. */
    static double closedFormEntropy(Mixture m, int cls) {
        List<Component> own = new ArrayList<>();
        for (Component c : m.components()) {
            if (c.cls() == cls) {
                own.add(c);
            }
        }
        int d = m.dimension();
        if (own.size() == 1 && own.get(0) instanceof GaussianComponent g) {
            double det = CommonOps_DDRM.det(new DMatrixRMaj(g.covariance()));
            return 0.5 * (d * Math.log(2 * Math.PI * Math.E) + Math.log(det));
        }
        double h = 0.0;
        for (int a = 0; a < own.size(); a++) {
            if (!(own.get(a) instanceof BoxComponent x)) {
                return Double.NaN;
            }
            for (int b = 0; b < a; b++) {
                BoxComponent y = (BoxComponent) own.get(b);
                boolean overlap = true;
                for (int j = 0; j < d; j++) {
                    overlap &= x.lower()[j] < y.upper()[j] && y.lower()[j] < x.upper()[j];
                }
                if (overlap) {
                    return Double.NaN;
                }
            }
            double volume = 1.0;
            for (int j = 0; j < d; j++) {
                volume *= x.upper()[j] - x.lower()[j];
            }
            double w = x.weight() / m.classWeight(cls);
            h -= w * Math.log(w / volume);
        }
        return h;
    }
}
