package org.gdmc.target;

import java.util.ArrayList;
import java.util.List;

/**
 * The support of a compactly supported class law p₀(· | c) = a union of boxes B_1 … B_m, and where a point lies
 * relative to it.
 *
 * <p>The signed distance is r(x) = dist(x, ∪B) &gt; 0 outside and r(x) = −max_{B ∋ x} dist(x, ∂B) ≤ 0 inside; for
 * disjoint boxes that do not touch, this is the signed distance to the boundary of the union (where boxes share a face,
 * the depth is measured to the face of the box that holds x). The nearest boundary point has an outward normal n
 * (a face normal inside; (x − proj x)/|x − proj x| outside); the boundary is <i>facing</i> the other classes when
 * n · (m_other − centre of that box) &gt; 0, with m_other the mean of the other classes' law.
 */
public final class Support {
    private final List<BoxComponent> boxes;
    private final double[] otherMean;
    private final int d;

    private Support(List<BoxComponent> boxes, double[] otherMean, int d) {
        this.boxes = boxes;
        this.otherMean = otherMean;
        this.d = d;
    }

    /** The support of class cls, or null when that class has a Gaussian component (full support). */
    public static Support of(Mixture m, int cls) {
        if (!m.hasCompactSupport(cls)) {
            return null;
        }
        List<BoxComponent> boxes = new ArrayList<>();
        for (Component c : m.components()) {
            if (c.cls() == cls) {
                boxes.add((BoxComponent) c);
            }
        }
        return new Support(List.copyOf(boxes), m.otherClassesMean(cls), m.dimension());
    }

    /** Whether other classes exist, so that facing and far boundaries are defined. */
    public boolean hasOtherClasses() {
        return otherMean != null;
    }

    /** The narrowest side over all boxes. */
    public double narrowestWidth() {
        double w = Double.POSITIVE_INFINITY;
        for (BoxComponent b : boxes) {
            for (int j = 0; j < d; j++) {
                w = Math.min(w, b.upper()[j] - b.lower()[j]);
            }
        }
        return w;
    }

    /**
     * Locates x = x[off .. off+d): writes out[0] = r(x), out[1] = 1 if the nearest boundary faces the other classes
     * (else 0; always 0 with no other class).
     */
    public void locate(double[] x, int off, double[] out) {
        double bestDepth = Double.NEGATIVE_INFINITY;
        double bestDist = Double.POSITIVE_INFINITY;
        double facing = 0.0;
        boolean inside = false;
        for (BoxComponent b : boxes) {
            double[] lo = b.lower();
            double[] hi = b.upper();
            double depth = Double.POSITIVE_INFINITY;
            int face = 0;
            double faceSign = 0.0;
            double dist2 = 0.0;
            for (int j = 0; j < d; j++) {
                double v = x[off + j];
                double below = v - lo[j];
                double above = hi[j] - v;
                if (below < depth) {
                    depth = below;
                    face = j;
                    faceSign = -1.0;
                }
                if (above < depth) {
                    depth = above;
                    face = j;
                    faceSign = 1.0;
                }
                double excess = below < 0 ? -below : (above < 0 ? -above : 0.0);
                dist2 += excess * excess;
            }
            if (depth >= 0) {
                if (!inside || depth > bestDepth) {
                    inside = true;
                    bestDepth = depth;
                    facing = otherMean != null
                            && faceSign * (otherMean[face] - 0.5 * (lo[face] + hi[face])) > 0 ? 1.0 : 0.0;
                }
            } else if (!inside && dist2 < bestDist) {
                bestDist = dist2;
                if (otherMean != null) {
                    double dot = 0.0;
                    for (int j = 0; j < d; j++) {
                        double v = x[off + j];
                        double n = v < lo[j] ? v - lo[j] : (v > hi[j] ? v - hi[j] : 0.0);
                        dot += n * (otherMean[j] - 0.5 * (lo[j] + hi[j]));
                    }
                    facing = dot > 0 ? 1.0 : 0.0;
                }
            }
        }
        out[0] = inside ? -bestDepth : Math.sqrt(bestDist);
        out[1] = facing;
    }
}
