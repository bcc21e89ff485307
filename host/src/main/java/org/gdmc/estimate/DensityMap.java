package org.gdmc.estimate;

/**
 * A 2-D study's output histogram (or a projection's onto a plane, for d &gt; 2), for pictures: the counts on a grid of cells (axis 0 fastest), the particles outside
 * it, and, on the same cells, the masses of the class law and of the tilted law at the guidance's w (null where the
 * quadrature could not compute them), with the class's support boxes (none for Gaussian classes).
 *
 * @param lo        lower edges per axis
 * @param width     cell widths per axis
 * @param cells     cells per axis
 * @param counts    particles per cell, cell k = k₀ + k₁·cells[0]
 * @param outside   finite particles off the grid
 * @param classLaw  p₀(· | c)'s mass per cell, or null
 * @param tiltedLaw q_w's mass per cell, or null
 * @param boxes     the support's boxes, each [lo₀, lo₁, hi₀, hi₁]
 * @param axes      the axes' names: the coordinates ("x0", "x1"), or a projection's ("u1.x", "u2.x")
 * @param basis     the projection's rows u1, u2 (each of length d), or null for the coordinates themselves
 */
public record DensityMap(double[] lo, double[] width, int[] cells, long[] counts, long outside, double[] classLaw,
                         double[] tiltedLaw, double[][] boxes, String[] axes, double[][] basis) {
    /** Finite particles counted, on the grid and off it. */
    public long total() {
        long n = outside;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}
