package org.gdmc.highdim;

import org.gdmc.estimate.ReductionKernel;
import org.gdmc.estimate.TailIndex;

/**
 * The mergeable sums behind the high-dimensional estimates of one row (a guidance value, or the exact class law):
 * floating-point parts in particle order per block, merged along a fixed tree over the blocks ({@link HighDimState});
 * integer counts ({@link #newCounts}, one
 * array per worker) merged in any order.
 * Memory: d + K + a few thousand numbers, whatever the number of particles.
 *
 * <p>Per particle x with data-law class logit ℓ = log p₀(c|x)/p₀(not c|x), most probable class ĉ and component of
 * largest responsibility k̂: the along-u offset a = (x − m_c)·u, the across-u square o = ‖x − m_c‖² − a², the
 * posterior p = σ(ℓ) and 1/p = 1 + e^{−ℓ}, the vector Σ (x − m_c); [ĉ = c] and the count of k̂.
 */
public final class HighDimSums {
    final Moments along = new Moments();
    final Moments across = new Moments();
    final Moments posterior = new Moments();
    final Moments inverse = new Moments();
    final double[] offset;
    HighDimSums(int d) {
        this.offset = new double[d];
    }

    /**
     * Integer counts of a row: [ĉ = c], then K nearest-component counts, then the tail histogram of 1/p, then the
     * histogram of the particles' projection onto the plane ({@link HighDimPlane}: its cells, then the outside).
     */
    static long[] newCounts(int kCount, HighDimPlane plane) {
        return new long[1 + kCount + TailIndex.LENGTH + plane.length()];
    }

    /** The plane histogram of a counts array (cells, then the outside of the grid). */
    static long[] plane(long[] counts, int kCount) {
        return java.util.Arrays.copyOfRange(counts, 1 + kCount + TailIndex.LENGTH, counts.length);
    }

    /** The nearest-component count of row k in a counts array. */
    static long nearest(long[] counts, int k) {
        return counts[1 + k];
    }

    /** The tail histogram of 1/p in a counts array. */
    static long[] tail(long[] counts, int kCount) {
        return java.util.Arrays.copyOfRange(counts, 1 + kCount, 1 + kCount + TailIndex.LENGTH);
    }

    /**
     * Adds particle i of the row-major block x: its floating-point terms here, its integer ones (its plane cell among
     * them) to {@code counts}.
     */
    void add(ClassLawGeometry geometry, HighDimPlane plane, double[] x, int i, double logit, int best, int nearest,
             int cls, long[] counts, int kCount) {
        int xOff = i * offset.length;
        int d = offset.length;
        double[] mc = geometry.mean();
        double[] u = geometry.direction();
        double a = 0.0;
        double q = 0.0;
        for (int j = 0; j < d; j++) {
            double r = x[xOff + j] - mc[j];
            offset[j] += r;
            a += r * u[j];
            q += r * r;
        }
        along.add(a);
        across.add(q - a * a);
        double p = logit >= 0 ? 1.0 / (1.0 + Math.exp(-logit)) : Math.exp(logit) / (1.0 + Math.exp(logit));
        double inv = 1.0 + Math.exp(-logit);
        posterior.add(p);
        inverse.add(inv);
        if (best == cls) {
            counts[0]++;
        }
        counts[1 + nearest]++;
        counts[1 + kCount + ReductionKernel.tailBin(inv, TailIndex.LOW, TailIndex.WIDTH, TailIndex.BINS)]++;
        counts[1 + kCount + TailIndex.LENGTH + plane.slot(x, i)]++;
    }

    /** Merges the floating-point sums of {@code b} after this one's (call in block order). */
    void mergeSums(HighDimSums b) {
        along.merge(b.along);
        across.merge(b.across);
        posterior.merge(b.posterior);
        inverse.merge(b.inverse);
        for (int j = 0; j < offset.length; j++) {
            offset[j] += b.offset[j];
        }
    }

    /**
     * The floating-point part as one array (n, mean, M₂, M₃, M₄ of along, across, posterior and 1/p, then the offset
     * sum), the form a {@link org.gdmc.estimate.BlockTree} node and a state file hold; exact (n ≤ 2⁵³ as a double).
     */
    double[] toArray() {
        double[] a = new double[arrayLength(offset.length)];
        int i = 0;
        for (Moments m : moments()) {
            a[i++] = m.n;
            a[i++] = m.mean;
            a[i++] = m.m2;
            a[i++] = m.m3;
            a[i++] = m.m4;
        }
        System.arraycopy(offset, 0, a, i, offset.length);
        return a;
    }

    /** The sums {@link #toArray} wrote, in dimension d. */
    static HighDimSums fromArray(int d, double[] a) {
        if (a.length != arrayLength(d)) {
            throw new IllegalArgumentException("sums of " + a.length + " numbers; dimension " + d + " has "
                    + arrayLength(d));
        }
        HighDimSums s = new HighDimSums(d);
        int i = 0;
        for (Moments m : s.moments()) {
            m.n = (long) a[i++];
            m.mean = a[i++];
            m.m2 = a[i++];
            m.m3 = a[i++];
            m.m4 = a[i++];
        }
        System.arraycopy(a, i, s.offset, 0, d);
        return s;
    }

    /** The length of {@link #toArray}'s array in dimension d. */
    static int arrayLength(int d) {
        return 4 * 5 + d;
    }

    /** The merge of two arrays of sums, a's range then b's: the tree's merge function. */
    static double[] mergeArrays(int d, double[] a, double[] b) {
        HighDimSums s = fromArray(d, a);
        s.mergeSums(fromArray(d, b));
        return s.toArray();
    }

    private Moments[] moments() {
        return new Moments[] {along, across, posterior, inverse};
    }

    /** Particles counted. */
    long count() {
        return along.n;
    }
}
