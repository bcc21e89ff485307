package org.gdmc.estimate;

/**
 * A static k-d tree over n points in d dimensions for exact k-nearest-neighbour queries in the Euclidean norm.
 * Built in O(n log n) by median splits (quickselect) on the axis of widest spread, down to leaves of at most
 * {@value #LEAF} points; a query descends to the query's leaf and backtracks only into nodes whose splitting plane is
 * closer than the current k-th distance, O(log n) on average for low d.
 */
public final class KdTree {
    static final int LEAF = 12;

    private final double[] points;
    private final int d;
    /** Permutation of point indices; every node owns a contiguous range of it. */
    private final int[] order;
    /** Per node, numbered in pre-order (the left child is node + 1): splitting axis, or −1 for a leaf. */
    private final int[] axis;
    private final double[] split;
    private final int[] from;
    private final int[] to;
    private final int[] rightChild;
    /** The points in tree order (row i is point order[i]), so that every leaf reads contiguous memory. */
    private final double[] sorted;
    private int nodes;

    /** @param points n·d coordinates, row-major. Not modified; kept. */
    public KdTree(double[] points, int n, int d) {
        if (n < 1 || d < 1 || points.length < (long) n * d) {
            throw new IllegalArgumentException("need n >= 1 points of d >= 1 coordinates, got n=" + n + ", d=" + d);
        }
        this.points = points;
        this.d = d;
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int capacity = 2 * (n / (LEAF / 2) + 1) + 1;
        this.axis = new int[capacity];
        this.split = new double[capacity];
        this.from = new int[capacity];
        this.to = new int[capacity];
        this.rightChild = new int[capacity];
        build(0, n);
        this.sorted = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(points, order[i] * d, sorted, i * d, d);
        }
    }

    private int build(int lo, int hi) {
        int node = nodes++;
        from[node] = lo;
        to[node] = hi;
        if (hi - lo <= LEAF) {
            axis[node] = -1;
            return node;
        }
        int best = 0;
        double widest = -1.0;
        for (int j = 0; j < d; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = lo; i < hi; i++) {
                double v = points[order[i] * d + j];
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (max - min > widest) {
                widest = max - min;
                best = j;
            }
        }
        int mid = (lo + hi) >>> 1;
        select(lo, hi - 1, mid, best);
        axis[node] = best;
        split[node] = points[order[mid] * d + best];
        build(lo, mid);
        rightChild[node] = build(mid, hi);
        return node;
    }

    /** Hoare quickselect: order[k] holds the k-th smallest coordinate on the axis within [lo, hi]. */
    private void select(int lo, int hi, int k, int ax) {
        while (hi > lo) {
            double pivot = points[order[(lo + hi) >>> 1] * d + ax];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (points[order[i] * d + ax] < pivot) {
                    i++;
                }
                while (points[order[j] * d + ax] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    /** The index of the point at position i of the tree order (points close in it are close in space). */
    public int pointAt(int i) {
        return order[i];
    }

    /**
     * The squared distance from point q (an index into the tree's points) to its k-th nearest other point.
     *
     * @param heap scratch of at least k doubles. Modified.
     */
    public double kthNeighbourDistanceSquared(int q, int k, double[] heap) {
        if (k < 1 || k >= order.length) {
            throw new IllegalArgumentException("need 1 <= k < n = " + order.length + ", got k=" + k);
        }
        java.util.Arrays.fill(heap, 0, k, Double.POSITIVE_INFINITY);
        search(0, q, k, heap);
        return heap[0];
    }

    /** Depth-first search from the node; the heap is a max-heap of the k smallest squared distances so far. */
    private void search(int node, int q, int k, double[] heap) {
        int ax = axis[node];
        if (ax < 0) {
            int qo = q * d;
            for (int i = from[node]; i < to[node]; i++) {
                int p = order[i];
                if (p == q) {
                    continue;
                }
                int po = i * d;
                double s = 0.0;
                for (int j = 0; j < d; j++) {
                    double diff = sorted[po + j] - points[qo + j];
                    s += diff * diff;
                }
                if (s < heap[0]) {
                    replaceTop(heap, k, s);
                }
            }
            return;
        }
        int left = node + 1;
        int right = rightChild[node];
        double gap = points[q * d + ax] - split[node];
        int near = gap < 0 ? left : right;
        int far = gap < 0 ? right : left;
        search(near, q, k, heap);
        if (gap * gap < heap[0]) {
            search(far, q, k, heap);
        }
    }

    private static void replaceTop(double[] heap, int k, double v) {
        heap[0] = v;
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int largest = i;
            if (l < k && heap[l] > heap[largest]) {
                largest = l;
            }
            if (r < k && heap[r] > heap[largest]) {
                largest = r;
            }
            if (largest == i) {
                return;
            }
            double t = heap[i];
            heap[i] = heap[largest];
            heap[largest] = t;
            i = largest;
        }
    }
}
