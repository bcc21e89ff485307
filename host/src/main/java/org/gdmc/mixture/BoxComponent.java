package org.gdmc.mixture;

/**
 * A uniform component on the box Π_j [lower_j, upper_j] (an interval when d = 1). A class law that is uniform on a
 * union of disjoint boxes is a set of box components of that class with weights proportional to their volumes.
 *
 * @param cls    owning class label, ≥ 0
 * @param weight mixture weight w_k &gt; 0
 * @param lower  a_j, length d
 * @param upper  b_j &gt; a_j, length d
 */
public record BoxComponent(int cls, double weight, double[] lower, double[] upper) implements Component {
    /** The uniform component on the interval [a, b] of ℝ. */
    public static BoxComponent interval(int cls, double weight, double a, double b) {
        return new BoxComponent(cls, weight, new double[] {a}, new double[] {b});
    }

    @Override
    public int dimension() {
        return lower == null ? 0 : lower.length;
    }

    @Override
    public double[] center() {
        double[] c = new double[lower.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = 0.5 * (lower[j] + upper[j]);
        }
        return c;
    }

    /** Whether x lies in the closed box. */
    public boolean contains(double[] x) {
        for (int j = 0; j < lower.length; j++) {
            if (!(x[j] >= lower[j] && x[j] <= upper[j])) {
                return false;
            }
        }
        return true;
    }
}
