package org.gdmc.highdim;

/**
 * What the high-dimensional estimators compare against, from the class law p₀(· | c) in closed form: its mean m_c,
 * the direction u that separates it from the rest of the data (u = (m_c − m)/‖m_c − m‖ with m the data law's mean;
 * m_c/‖m_c‖ when the two means coincide; the first axis when both vanish), its variance along u,
 * σ_u² = uᵀ Cov_c u, and across the orthogonal complement, tr Cov_c − σ_u² (the quantities of Pavasovic et al.
 * 2025: CFG's overshoot is measured along u in units of σ_u, and its variance reduction along and across u as
 * ratios to the class law's).
 *
 * @param mean            m_c
 * @param direction       u, unit length
 * @param directionSource which rule gave u ("class mean minus data mean", …)
 * @param varianceAlong   σ_u²
 * @param varianceAcross  tr Cov_c − σ_u²
 */
public record ClassLawGeometry(double[] mean, double[] direction, String directionSource, double varianceAlong,
                               double varianceAcross) {
    /** The geometry of class c of the mixture. */
    public static ClassLawGeometry of(LargeMixture m, int c) {
        int d = m.dimension();
        double[] mc = m.classMean(c);
        double[] all = m.mean();
        double[] u = new double[d];
        double norm = 0.0;
        double scale = 0.0;
        for (int j = 0; j < d; j++) {
            u[j] = mc[j] - all[j];
            norm += u[j] * u[j];
            scale += mc[j] * mc[j];
        }
        String source = "class mean minus data mean";
        if (!(Math.sqrt(norm) > 1e-12 * (1.0 + Math.sqrt(scale)))) {
            if (scale > 0) {
                u = mc.clone();
                norm = scale;
                source = "class mean (it equals the data mean)";
            } else {
                u = new double[d];
                u[0] = 1.0;
                norm = 1.0;
                source = "first axis (the class and data means are both 0)";
            }
        }
        double inv = 1.0 / Math.sqrt(norm);
        for (int j = 0; j < d; j++) {
            u[j] *= inv;
        }
        double along = m.classVarianceAlong(c, u);
        double across = m.classTrace(c) - along;
        return new ClassLawGeometry(mc, u, source, along, across);
    }
}
