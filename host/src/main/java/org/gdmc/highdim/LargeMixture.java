package org.gdmc.highdim;

import java.util.Arrays;

import org.gdmc.mixture.InvalidTargetException;
import org.gdmc.rng.NormalVariates;
import org.gdmc.rng.Philox4x32;

/**
 * A Gaussian mixture of K components in d dimensions, sized for high dimension and many classes (d ≤
 * {@value #MAX_DIMENSION}, K ≤ {@value #MAX_COMPONENTS}, K·d·(1 + r) ≤ {@value #MAX_PARAMETERS} parameters), with
 * C classes each owning any subset of the components:
 * p₀(x) = Σ_k w_k N(x; μ_k, Σ_k), p₀(x | c) ∝ Σ_{k ∈ c} w_k N(x; μ_k, Σ_k), Σ_k of one {@link CovarianceForm}.
 *
 * <p>Storage is what the blocked score reads ({@link BlockScore}): the means as one K × d row-major matrix, the log
 * weights, the per-component isotropic variances s_k², the shared diagonal D, or the low-rank factors as orthonormal
 * directions q_kj (K·r rows of d) with variances λ_kj and their projections q_kj·μ_k. Components are kept sorted by
 * class (stably), so that class c owns the contiguous rows [{@link #classStart}(c), {@link #classEnd}(c)); {@link
 * #sourceIndex} maps a row back to its place in the input.
 */
public final class LargeMixture {
    /** Largest dimension. */
    public static final int MAX_DIMENSION = 4096;
    /** Most components. */
    public static final int MAX_COMPONENTS = 100_000;
    /** Most parameters K·d·(1 + r) (the means and the low-rank directions). */
    public static final long MAX_PARAMETERS = 100_000_000L;
    /** Largest rank of a low-rank covariance. */
    public static final int MAX_RANK = 16;

    private final int d;
    private final int k;
    private final int classes;
    private final CovarianceForm form;
    private final int rank;
    private final int[] classOf;
    private final int[] classStart;
    private final int[] sourceIndex;
    private final double[] logWeights;
    private final double[] means;
    private final double[] meanNorm2;
    private final double[] scale2;
    private final double[] diagonal;
    private final double[] factors;
    private final double[] factorVariances;
    private final double[] factorMeans;
    /** Per row, the class's cumulative weight share up to and including it (1 at the class's last row). */
    private final double[] cumulative;

    private LargeMixture(int d, int classes, CovarianceForm form, int rank, int[] classOf, int[] sourceIndex,
                         double[] logWeights, double[] means, double[] scale2, double[] diagonal, double[] factors,
                         double[] factorVariances) {
        this.d = d;
        this.k = classOf.length;
        this.classes = classes;
        this.form = form;
        this.rank = rank;
        this.classOf = classOf;
        this.sourceIndex = sourceIndex;
        this.logWeights = logWeights;
        this.means = means;
        this.scale2 = scale2;
        this.diagonal = diagonal;
        this.factors = factors;
        this.factorVariances = factorVariances;
        this.classStart = new int[classes + 1];
        for (int i = 0, c = 0; c <= classes; c++) {
            while (i < k && classOf[i] < c) {
                i++;
            }
            classStart[c] = i;
        }
        this.meanNorm2 = new double[k];
        for (int i = 0; i < k; i++) {
            double s = 0.0;
            for (int j = 0; j < d; j++) {
                s += means[i * d + j] * means[i * d + j];
            }
            meanNorm2[i] = s;
        }
        this.cumulative = new double[k];
        for (int c = 0; c < classes; c++) {
            double total = 0.0;
            for (int i = classStart[c]; i < classStart[c + 1]; i++) {
                total += Math.exp(logWeights[i]);
            }
            double acc = 0.0;
            for (int i = classStart[c]; i < classStart[c + 1]; i++) {
                acc += Math.exp(logWeights[i]);
                cumulative[i] = i == classStart[c + 1] - 1 ? 1.0 : acc / total;
            }
        }
        this.factorMeans = new double[k * rank];
        for (int i = 0; i < k; i++) {
            for (int r = 0; r < rank; r++) {
                double s = 0.0;
                int q = (i * rank + r) * d;
                for (int j = 0; j < d; j++) {
                    s += factors[q + j] * means[i * d + j];
                }
                factorMeans[i * rank + r] = s;
            }
        }
    }

    /**
     * Validates and builds a mixture. Arrays are indexed by the input's component order and copied.
     *
     * @param d               the dimension
     * @param classOf         the class of each component, in [0, C); every class must own a component
     * @param weights         w_k &gt; 0, finite (normalised here)
     * @param means           K × d, row-major, finite
     * @param form            the covariance form
     * @param scale2          s_k² &gt; 0 per component (isotropic, low-rank); ignored otherwise
     * @param diagonal        D_j &gt; 0 (shared diagonal); ignored otherwise
     * @param factors         low-rank directions: K·r rows of d (row r of component k at (k r + r)·d), orthonormal
     *                        within a component ({@link #orthonormalise} makes them so); ignored otherwise
     * @param factorVariances λ_kr ≥ 0 for each direction (low-rank); ignored otherwise
     * @throws InvalidTargetException naming the field (relative to {@code target}) and the value
     */
    public static LargeMixture of(int d, int[] classOf, double[] weights, double[] means, CovarianceForm form,
                                  double[] scale2, double[] diagonal, int rank, double[] factors,
                                  double[] factorVariances) {
        int kCount = classOf.length;
        if (d < 1 || d > MAX_DIMENSION) {
            throw new InvalidTargetException("dimension", "must be in [1, " + MAX_DIMENSION + "], got " + d);
        }
        if (kCount < 1 || kCount > MAX_COMPONENTS) {
            throw new InvalidTargetException("components", "must be in [1, " + MAX_COMPONENTS + "], got " + kCount);
        }
        int r = form == CovarianceForm.LOW_RANK ? rank : 0;
        if (form == CovarianceForm.LOW_RANK && (rank < 1 || rank > MAX_RANK)) {
            throw new InvalidTargetException("covariance.rank", "must be in [1, " + MAX_RANK + "], got " + rank);
        }
        checkSize(kCount, d, r);
        if (weights.length != kCount || means.length != (long) kCount * d) {
            throw new InvalidTargetException("means", "must hold K x d = " + kCount + " x " + d + " values, got "
                    + means.length + " means and " + weights.length + " weights");
        }
        int classes = 0;
        for (int i = 0; i < kCount; i++) {
            if (classOf[i] < 0) {
                throw new InvalidTargetException("classes[" + i + "]", "must be >= 0, got " + classOf[i]);
            }
            classes = Math.max(classes, classOf[i] + 1);
        }
        boolean[] owned = new boolean[classes];
        double total = 0.0;
        for (int i = 0; i < kCount; i++) {
            owned[classOf[i]] = true;
            if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
                throw new InvalidTargetException("weights[" + i + "]", "must be finite and > 0, got " + weights[i]);
            }
            total += weights[i];
        }
        for (int c = 0; c < classes; c++) {
            if (!owned[c]) {
                throw new InvalidTargetException("classes", "class " + c + " owns no component; labels must be 0.."
                        + (classes - 1) + " with every class used");
            }
        }
        for (int i = 0; i < means.length; i++) {
            if (!Double.isFinite(means[i])) {
                throw new InvalidTargetException("means[" + i / d + "][" + i % d + "]", "must be finite, got "
                        + means[i]);
            }
        }
        if (form != CovarianceForm.SHARED_DIAGONAL) {
            for (int i = 0; i < kCount; i++) {
                if (!(scale2[i] > 0) || Double.isInfinite(scale2[i])) {
                    throw new InvalidTargetException("covariance.variance[" + i + "]", "must be finite and > 0, got "
                            + scale2[i]);
                }
            }
        } else {
            if (diagonal.length != d) {
                throw new InvalidTargetException("covariance.diagonal", "must hold d = " + d + " values, got "
                        + diagonal.length);
            }
            for (int j = 0; j < d; j++) {
                if (!(diagonal[j] > 0) || Double.isInfinite(diagonal[j])) {
                    throw new InvalidTargetException("covariance.diagonal[" + j + "]", "must be finite and > 0, got "
                            + diagonal[j]);
                }
            }
        }
        if (r > 0) {
            for (int i = 0; i < kCount * r; i++) {
                if (!(factorVariances[i] >= 0) || Double.isInfinite(factorVariances[i])) {
                    throw new InvalidTargetException("covariance.factorVariance", "must be finite and >= 0, got "
                            + factorVariances[i]);
                }
            }
        }
        // sort by class, stably
        Integer[] order = new Integer[kCount];
        for (int i = 0; i < kCount; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(classOf[a], classOf[b]));
        int[] cls = new int[kCount];
        int[] src = new int[kCount];
        double[] lw = new double[kCount];
        double[] mu = new double[kCount * d];
        double[] s2 = form == CovarianceForm.SHARED_DIAGONAL ? null : new double[kCount];
        double[] q = new double[kCount * r * d];
        double[] lam = new double[kCount * r];
        double logTotal = Math.log(total);
        for (int i = 0; i < kCount; i++) {
            int o = order[i];
            cls[i] = classOf[o];
            src[i] = o;
            lw[i] = Math.log(weights[o]) - logTotal;
            System.arraycopy(means, o * d, mu, i * d, d);
            if (s2 != null) {
                s2[i] = scale2[o];
            }
            if (r > 0) {
                System.arraycopy(factors, o * r * d, q, i * r * d, r * d);
                System.arraycopy(factorVariances, o * r, lam, i * r, r);
            }
        }
        return new LargeMixture(d, classes, form, r, cls, src, lw, mu, s2,
                form == CovarianceForm.SHARED_DIAGONAL ? diagonal.clone() : null, q, lam);
    }

    /** Refuses K·d·(1 + r) over {@value #MAX_PARAMETERS}. */
    public static void checkSize(long kCount, long d, long r) {
        long parameters = kCount * d * (1 + r);
        if (parameters > MAX_PARAMETERS) {
            throw new InvalidTargetException("components", String.format(java.util.Locale.ROOT,
                    "K x d x (1 + rank) = %d x %d x %d = %,d parameters, more than the %,d a target may hold",
                    kCount, d, 1 + r, parameters, MAX_PARAMETERS));
        }
    }

    /** Bytes the parameters take in memory (means, directions and their companions). */
    public static long parameterBytes(long kCount, long d, long r) {
        return 8L * (kCount * d * (1 + r) + kCount * (4 + 2 * r));
    }

    /**
     * Gram–Schmidt on each component's r rows of d in place (twice, for orthogonality to rounding); a row that
     * vanishes against the earlier ones is zeroed and its variance must then be 0 to matter. Used to turn any factor
     * U_k (rows = columns of U_k) into directions; the variances become λ = the squared norms when the rows are
     * already orthogonal.
     */
    public static void orthonormalise(double[] rows, int kCount, int r, int d) {
        for (int c = 0; c < kCount; c++) {
            for (int a = 0; a < r; a++) {
                int pa = (c * r + a) * d;
                for (int pass = 0; pass < 2; pass++) {
                    for (int b = 0; b < a; b++) {
                        int pb = (c * r + b) * d;
                        double dot = 0.0;
                        for (int j = 0; j < d; j++) {
                            dot += rows[pa + j] * rows[pb + j];
                        }
                        for (int j = 0; j < d; j++) {
                            rows[pa + j] -= dot * rows[pb + j];
                        }
                    }
                }
                double norm = 0.0;
                for (int j = 0; j < d; j++) {
                    norm += rows[pa + j] * rows[pa + j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < d; j++) {
                    rows[pa + j] = norm > 1e-12 ? rows[pa + j] / norm : 0.0;
                }
            }
        }
    }

    public int dimension() {
        return d;
    }

    public int components() {
        return k;
    }

    public int classes() {
        return classes;
    }

    public CovarianceForm form() {
        return form;
    }

    /** r (0 unless low-rank). */
    public int rank() {
        return rank;
    }

    /** Class of row i. */
    public int classOf(int i) {
        return classOf[i];
    }

    /** First row of class c. */
    public int classStart(int c) {
        return classStart[c];
    }

    /** One past the last row of class c. */
    public int classEnd(int c) {
        return classStart[c + 1];
    }

    /** The input index of row i. */
    public int sourceIndex(int i) {
        return sourceIndex[i];
    }

    /** log w_i (normalised over all components). */
    public double logWeight(int i) {
        return logWeights[i];
    }

    /** π_c = Σ_{k ∈ c} w_k. */
    public double classWeight(int c) {
        double s = 0.0;
        for (int i = classStart(c); i < classEnd(c); i++) {
            s += Math.exp(logWeights[i]);
        }
        return s;
    }

    /** The means, K × d row-major (rows sorted by class); callers must not modify it. */
    public double[] means() {
        return means;
    }

    private volatile float[] meansF32;
    private volatile float[] factorsF32;

    /** The means rounded to float, made on first use and shared (the float32 products read them). */
    public float[] meansF32() {
        float[] f = meansF32;
        if (f == null) {
            synchronized (this) {
                if (meansF32 == null) {
                    meansF32 = org.gdmc.backend.f32.FloatArrays.narrow(means);
                }
                f = meansF32;
            }
        }
        return f;
    }

    /** The low-rank directions rounded to float, made on first use and shared. */
    public float[] factorsF32() {
        float[] f = factorsF32;
        if (f == null) {
            synchronized (this) {
                if (factorsF32 == null) {
                    factorsF32 = org.gdmc.backend.f32.FloatArrays.narrow(factors);
                }
                f = factorsF32;
            }
        }
        return f;
    }

    /** ‖μ_i‖². */
    public double meanNorm2(int i) {
        return meanNorm2[i];
    }

    /** s_i² (isotropic and low-rank). */
    public double scale2(int i) {
        return scale2[i];
    }

    /** D_j (shared diagonal). */
    public double diagonal(int j) {
        return diagonal[j];
    }

    /** The low-rank directions, K·r rows of d; callers must not modify it. */
    public double[] factors() {
        return factors;
    }

    /** λ_ir. */
    public double factorVariance(int i, int r) {
        return factorVariances[i * rank + r];
    }

    /** q_ir · μ_i at i·r + r (low-rank; empty otherwise); callers must not modify it. */
    public double[] factorMeans() {
        return factorMeans;
    }

    /** q_ir · μ_i. */
    public double factorMean(int i, int r) {
        return factorMeans[i * rank + r];
    }

    /** uᵀ Σ_i u. */
    public double varianceAlong(int i, double[] u) {
        switch (form) {
            case ISOTROPIC:
                return scale2[i] * dot(u, 0, u, 0, d);
            case SHARED_DIAGONAL: {
                double s = 0.0;
                for (int j = 0; j < d; j++) {
                    s += u[j] * u[j] * diagonal[j];
                }
                return s;
            }
            default: {
                double s = scale2[i] * dot(u, 0, u, 0, d);
                for (int r = 0; r < rank; r++) {
                    double p = dot(factors, (i * rank + r) * d, u, 0, d);
                    s += factorVariances[i * rank + r] * p * p;
                }
                return s;
            }
        }
    }

    /** tr Σ_i. */
    public double trace(int i) {
        switch (form) {
            case ISOTROPIC:
                return d * scale2[i];
            case SHARED_DIAGONAL: {
                double s = 0.0;
                for (int j = 0; j < d; j++) {
                    s += diagonal[j];
                }
                return s;
            }
            default: {
                double s = d * scale2[i];
                for (int r = 0; r < rank; r++) {
                    s += factorVariances[i * rank + r];
                }
                return s;
            }
        }
    }

    /** The class law's mean m_c = Σ_{k ∈ c} w_k μ_k / π_c. */
    public double[] classMean(int c) {
        double[] m = new double[d];
        double pi = classWeight(c);
        for (int i = classStart(c); i < classEnd(c); i++) {
            double w = Math.exp(logWeights[i]) / pi;
            for (int j = 0; j < d; j++) {
                m[j] += w * means[i * d + j];
            }
        }
        return m;
    }

    /** The data law's mean Σ_k w_k μ_k. */
    public double[] mean() {
        double[] m = new double[d];
        for (int i = 0; i < k; i++) {
            double w = Math.exp(logWeights[i]);
            for (int j = 0; j < d; j++) {
                m[j] += w * means[i * d + j];
            }
        }
        return m;
    }

    /** uᵀ Cov_c u = Σ_{k ∈ c} (w_k/π_c)(uᵀΣ_k u + (u·μ_k)²) − (u·m_c)² under the class law. */
    public double classVarianceAlong(int c, double[] u) {
        double pi = classWeight(c);
        double s = 0.0;
        for (int i = classStart(c); i < classEnd(c); i++) {
            double w = Math.exp(logWeights[i]) / pi;
            double p = dot(means, i * d, u, 0, d);
            s += w * (varianceAlong(i, u) + p * p);
        }
        double pm = dot(classMean(c), 0, u, 0, d);
        return s - pm * pm;
    }

    /** tr Cov_c = Σ_{k ∈ c} (w_k/π_c)(tr Σ_k + ‖μ_k‖²) − ‖m_c‖². */
    public double classTrace(int c) {
        double pi = classWeight(c);
        double s = 0.0;
        for (int i = classStart(c); i < classEnd(c); i++) {
            s += Math.exp(logWeights[i]) / pi * (trace(i) + meanNorm2[i]);
        }
        double[] m = classMean(c);
        return s - dot(m, 0, m, 0, d);
    }

    /** Doubles of work space {@link #draw} needs. */
    public int drawWorkLength() {
        return d + rank + 2;
    }

    /** Words of scratch {@link #draw} needs. */
    public static int drawWords() {
        return 4;
    }

    /**
     * An exact draw from the class law p₀(· | c), keyed by (seed, index): a uniform from Philox block (index, step 0,
     * block {@value #PICK_BLOCK}) picks the component by inverting the class's weight CDF (a binary search over the
     * cumulative shares); normals of (seed, index,
     * step 1) give x = μ_k + s_k z (isotropic), μ_k + √D ∘ z (shared diagonal), or μ_k + s_k z + Σ_r √λ_kr z'_r q_kr
     * (low-rank, z' the normals after the first d).
     *
     * @param out  receives x at out[off .. off + d)
     * @param work at least {@link #drawWorkLength} doubles
     */
    public void draw(int c, long seed, long index, double[] out, int off, double[] work, long[] words) {
        long k0 = seed & 0xFFFFFFFFL;
        long k1 = (seed >>> 32) & 0xFFFFFFFFL;
        Philox4x32.block(index & 0xFFFFFFFFL, (index >>> 32) & 0xFFFFFFFFL, 0, PICK_BLOCK, k0, k1, words, 0);
        double u = NormalVariates.uniform(words[0], words[1]);
        // the first row of the class whose cumulative share exceeds u (binary search; the last row takes the rest)
        int lo = classStart(c);
        int hi = classEnd(c) - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (u < cumulative[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        int pick = lo;
        NormalVariates.fill(seed, index, 1, work, 0, d + rank, words);
        for (int j = 0; j < d; j++) {
            double sd = form == CovarianceForm.SHARED_DIAGONAL ? Math.sqrt(diagonal[j]) : Math.sqrt(scale2[pick]);
            out[off + j] = means[pick * d + j] + sd * work[j];
        }
        for (int r = 0; r < rank; r++) {
            double a = Math.sqrt(factorVariances[pick * rank + r]) * work[d + r];
            int q = (pick * rank + r) * d;
            for (int j = 0; j < d; j++) {
                out[off + j] += a * factors[q + j];
            }
        }
    }

    /** The Philox block index of the component pick in {@link #draw}. */
    static final int PICK_BLOCK = 0x7FFF_FFFF;

    static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s = 0.0;
        for (int j = 0; j < n; j++) {
            s += a[aOff + j] * b[bOff + j];
        }
        return s;
    }
}
