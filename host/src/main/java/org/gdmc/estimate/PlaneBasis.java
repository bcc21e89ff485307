package org.gdmc.estimate;

import java.util.function.IntFunction;

/**
 * The second axis of the class means' plane in which a study in d &gt; 2 is pictured, given the first,
 * u₁ (the unit direction from the other classes' mean to the guided class's): u₂ is the unit direction orthogonal to
 * u₁ along which the classes' means spread most, the largest of the components orthogonal to u₁ of m_k − m₀ over
 * the classes k ≠ c (m₀ any point on the line through m_c along u₁, such as the data mean or the other classes' mean:
 * the components do not depend on which); with two classes, whose means span a line only, it is the coordinate axis
 * least aligned with u₁, made orthogonal to it. One class mean at a time: O(classes · d) time, O(d) memory.
 */
public final class PlaneBasis {
    private PlaneBasis() {
    }

    /**
     * u₂ for the guided class cls of {@code classes}, offset(k) returning m_k − m₀ (a fresh or reusable array of
     * length d; read before the next call).
     */
    public static double[] second(double[] u1, int classes, int cls, IntFunction<double[]> offset) {
        int d = u1.length;
        double[] best = null;
        double bestNorm = 0.0;
        double scale = 0.0;
        for (int k = 0; k < classes; k++) {
            if (k == cls) {
                continue;
            }
            double[] v = offset.apply(k);
            double dot = 0.0;
            for (int j = 0; j < d; j++) {
                dot += v[j] * u1[j];
                scale = Math.max(scale, Math.abs(v[j]));
            }
            double norm = 0.0;
            double[] r = new double[d];
            for (int j = 0; j < d; j++) {
                r[j] = v[j] - dot * u1[j];
                norm += r[j] * r[j];
            }
            norm = Math.sqrt(norm);
            if (norm > bestNorm) {
                bestNorm = norm;
                best = r;
            }
        }
        if (best == null || !(bestNorm > 1e-9 * scale)) {
            int axis = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(u1[j]) < Math.abs(u1[axis])) {
                    axis = j;
                }
            }
            best = new double[d];
            best[axis] = 1.0;
            double dot = u1[axis];
            bestNorm = 0.0;
            for (int j = 0; j < d; j++) {
                best[j] -= dot * u1[j];
                bestNorm += best[j] * best[j];
            }
            bestNorm = Math.sqrt(bestNorm);
        }
        for (int j = 0; j < d; j++) {
            best[j] /= bestNorm;
        }
        return best;
    }
}
