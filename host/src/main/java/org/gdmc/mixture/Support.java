package org.gdmc.mixture;

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
     * The support packed for {@link #locate(double[], int, int, double[], int, double[], int)}: [m, has other classes,
     * m_other (d), then per box its lower (d) and upper (d) corners].
     */
    public double[] packed() {
        double[] p = new double[2 + d + 2 * d * boxes.size()];
        p[0] = boxes.size();
        p[1] = otherMean != null ? 1.0 : 0.0;
        if (otherMean != null) {
            System.arraycopy(otherMean, 0, p, 2, d);
        }
        for (int b = 0; b < boxes.size(); b++) {
            System.arraycopy(boxes.get(b).lower(), 0, p, 2 + d + 2 * d * b, d);
            System.arraycopy(boxes.get(b).upper(), 0, p, 2 + d + 2 * d * b + d, d);
        }
        return p;
    }

    /** {@link #locate(double[], int, int, double[], int, double[], int)} on this support. */
    public void locate(double[] x, int off, double[] out) {
        locate(packed(), 0, d, x, off, out, 0);
    }

    /**
     * Locates x = x[xOff .. xOff+d) relative to the packed support p[pOff ..): writes out[outOff] = r(x) and out[outOff + 1] = 1 if
     * the nearest boundary faces the other classes (else 0; always 0 with no other class). Kernel code: one pass over
     * the coordinates per box, the choice between boxes by scalar selects and 0/1 integer products only: TornadoVM
     * 5.2 mis-merges values out of branches that contain loops, and negates compound conditions (a || b && c)
     * wrongly when it turns them into selects.
     */
    public static void locate(double[] p, int pOff, int d, double[] x, int xOff, double[] out, int outOff) {
        locate(p, pOff, d, x, xOff, 1, out, outOff);
    }

    /** As {@link #locate(double[], int, int, double[], int, double[], int)}, coordinate j of x at xOff + j·xStride. */
    public static void locate(double[] p, int pOff, int d, double[] x, int xOff, int xStride, double[] out,
                              int outOff) {
        int m = (int) p[pOff];
        double hasOther = p[pOff + 1];
        int other = pOff + 2;
        double bestDepth = -1.0;
        double bestDist2 = 0.0;
        double facing = 0.0;
        int inside = 0;
        int outsideSeen = 0;
        for (int b = 0; b < m; b++) {
            int lo = pOff + 2 + d + 2 * d * b;
            int hi = lo + d;
            double depth = 0.0;
            int face = 0;
            double faceSign = 0.0;
            double dist2 = 0.0;
            double outward = 0.0;
            for (int j = 0; j < d; j++) {
                double v = x[xOff + j * xStride];
                double below = v - p[lo + j];
                double above = p[hi + j] - v;
                int lower = Math.max(j == 0 ? 1 : 0, below < depth ? 1 : 0);
                depth = lower == 1 ? below : depth;
                face = lower == 1 ? j : face;
                faceSign = lower == 1 ? -1.0 : faceSign;
                int upper = above < depth ? 1 : 0;
                depth = upper == 1 ? above : depth;
                face = upper == 1 ? j : face;
                faceSign = upper == 1 ? 1.0 : faceSign;
                double n = below < 0 ? below : (above < 0 ? -above : 0.0);
                dist2 += n * n;
                outward += n * (p[other + j] - 0.5 * (p[lo + j] + p[hi + j]));
            }
            double faceFacing = faceSign * (p[other + face] - 0.5 * (p[lo + face] + p[hi + face])) > 0 ? 1.0 : 0.0;
            int in = depth >= 0 ? 1 : 0;
            int better = depth > bestDepth ? 1 : 0;
            int closer = dist2 < bestDist2 ? 1 : 0;
            // deeper = in ∧ (¬inside ∨ better); nearer = ¬in ∧ ¬inside ∧ (¬outsideSeen ∨ closer), as 0/1 products
            int deeper = in * (1 - inside + inside * better);
            int nearer = (1 - in) * (1 - inside) * (1 - outsideSeen + outsideSeen * closer);
            bestDepth = deeper == 1 ? depth : bestDepth;
            bestDist2 = nearer == 1 ? dist2 : bestDist2;
            double outsideFacing = outward > 0 ? 1.0 : 0.0;
            facing = deeper == 1 ? faceFacing : facing;
            facing = nearer == 1 ? outsideFacing : facing;
            inside = Math.max(inside, in);
            outsideSeen = Math.max(outsideSeen, nearer);
        }
        out[outOff] = inside == 1 ? -bestDepth : Math.sqrt(bestDist2);
        out[outOff + 1] = facing * hasOther;
    }
}
