package org.gdmc.mixture;

import java.util.Arrays;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import org.gdmc.kernel.ScorePass;

/**
 * A mixture p₀ = Σ_k w_k p_k in d dimensions of Gaussian components N(μ_k, Σ_k) and uniform components on boxes
 * Π_j [a_j, b_j], each owned by one class; the class law p₀(· | c) is the mixture of its components with weights
 * w_k / π_c, π_c = Σ_{k∈c} w_k.
 *
 * <p>Under the forward process X_t = α X₀ + σ Z a Gaussian component becomes N(α μ_k, α² Σ_k + σ² I) and a box
 * component the product over j of the densities [Φ((x_j − α a_j)/σ) − Φ((x_j − α b_j)/σ)] / (α (b_j − a_j)).
 * Gaussian covariances are checked positive definite by Cholesky and stored in their eigenbasis,
 * Σ_k = U_k diag(λ_k) U_kᵀ, so that α² Σ_k + σ² I needs no factorisation per time. Immutable.
 */
public final class Mixture implements Target {
    /** Largest supported dimension. */
    public static final int MAX_DIMENSION = 64;
    /** Tolerance on |Σ w_k − 1|. */
    public static final double WEIGHT_SUM_TOLERANCE = 1e-9;
    /** Largest tolerated relative asymmetry |Σ_ij − Σ_ji| / max|Σ|. */
    private static final double SYMMETRY_TOLERANCE = 1e-12;

    private final int dimension;
    private final int classes;
    private final double[] classWeights;
    private final List<Component> components;
    private final double[] params;
    private final int[] meta;
    private final Mixture unconditional;

    private Mixture(int dimension, List<? extends Component> components) {
        this(dimension, components, null);
    }

    /** The data law of the components, packed with the separate unconditional model's (null for none). */
    private Mixture(int dimension, List<? extends Component> components, Mixture unconditional) {
        this.dimension = dimension;
        this.components = List.copyOf(components);
        this.unconditional = unconditional;
        int kData = components.size();
        List<Component> packed = new java.util.ArrayList<>(components);
        if (unconditional != null) {
            packed.addAll(unconditional.components());
        }
        int kCount = packed.size();
        int maxClass = 0;
        for (Component c : this.components) {
            maxClass = Math.max(maxClass, c.cls());
        }
        this.classes = maxClass + 1;
        this.classWeights = new double[classes];
        this.params = new double[MixtureLayout.paramsLength(kCount, dimension)];
        this.meta = new int[MixtureLayout.metaLength(kCount)];
        meta[0] = kCount;
        meta[1] = dimension;
        for (int k = 0; k < kCount; k++) {
            Component c = packed.get(k);
            boolean data = k < kData;
            if (data) {
                classWeights[c.cls()] += c.weight();
            }
            params[MixtureLayout.logWeight(k)] = Math.log(c.weight());
            meta[2 + k] = data ? c.cls() : MixtureLayout.UNCONDITIONAL;
            int lam = MixtureLayout.eigenvalues(kCount, dimension, k);
            int u = MixtureLayout.basis(kCount, dimension, k);
            switch (c) {
                case BoxComponent b -> {
                    meta[2 + kCount + k] = MixtureLayout.BOX;
                    System.arraycopy(b.lower(), 0, params, MixtureLayout.lower(kCount, dimension, k), dimension);
                    System.arraycopy(b.upper(), 0, params, MixtureLayout.upper(kCount, dimension, k), dimension);
                }
                case GaussianComponent g -> {
                    System.arraycopy(g.mean(), 0, params, MixtureLayout.mean(kCount, dimension, k), dimension);
                    boolean diagonal = g.isDiagonal();
                    meta[2 + kCount + k] = diagonal ? MixtureLayout.DIAGONAL : MixtureLayout.FULL;
                    if (diagonal) {
                        for (int i = 0; i < dimension; i++) {
                            params[lam + i] = g.covariance()[i][i];
                            params[u + i * dimension + i] = 1.0;
                        }
                    } else {
                        spectral(g.covariance(), k, params, lam, u);
                    }
                }
            }
        }
    }

    /**
     * Validates and builds a mixture.
     *
     * @throws InvalidTargetException naming the first offending field: no components, dimension outside
     *                                [1, 64], a class label &lt; 0 or a class with no component, a weight that is not finite and
     *                                positive, weights not summing to 1, a mean, covariance or bound of the wrong size or not
     *                                finite, an asymmetric or non-positive-definite covariance, a box with upper ≤ lower
     */
    public static Mixture of(List<? extends Component> components) {
        if (components == null || components.isEmpty()) {
            throw new InvalidTargetException("components", "a mixture needs at least one component (K = 0)");
        }
        int d = components.get(0).dimension();
        if (d < 1 || d > MAX_DIMENSION) {
            throw new InvalidTargetException("components[0]",
                    "dimension must be in [1, " + MAX_DIMENSION + "], got " + d);
        }
        double sum = 0.0;
        int maxClass = 0;
        for (int k = 0; k < components.size(); k++) {
            Component c = components.get(k);
            String at = "components[" + k + "]";
            if (c.cls() < 0) {
                throw new InvalidTargetException(at + ".class", "must be >= 0, got " + c.cls());
            }
            maxClass = Math.max(maxClass, c.cls());
            if (!Double.isFinite(c.weight()) || !(c.weight() > 0)) {
                throw new InvalidTargetException(at + ".weight", "must be finite and > 0, got " + c.weight());
            }
            sum += c.weight();
            switch (c) {
                case GaussianComponent g -> {
                    checkVector(at + ".mean", g.mean(), d);
                    checkCovariance(at + ".covariance", g.covariance(), d);
                }
                case BoxComponent b -> {
                    checkVector(at + ".lower", b.lower(), d);
                    checkVector(at + ".upper", b.upper(), d);
                    for (int j = 0; j < d; j++) {
                        if (!(b.upper()[j] > b.lower()[j])) {
                            throw new InvalidTargetException(at + ".upper[" + j + "]", "must exceed lower[" + j
                                    + "] = " + b.lower()[j] + ", got " + b.upper()[j]);
                        }
                    }
                }
            }
        }
        if (Math.abs(sum - 1.0) > WEIGHT_SUM_TOLERANCE) {
            throw new InvalidTargetException("components[*].weight", "weights must sum to 1, got " + sum);
        }
        boolean[] owned = new boolean[maxClass + 1];
        for (Component c : components) {
            owned[c.cls()] = true;
        }
        for (int c = 0; c <= maxClass; c++) {
            if (!owned[c]) {
                throw new InvalidTargetException("components[*].class",
                        "class labels must be 0.." + maxClass + " with no gaps; no component has class " + c);
            }
        }
        return new Mixture(d, components);
    }

    private static void checkVector(String field, double[] v, int d) {
        if (v == null || v.length != d) {
            throw new InvalidTargetException(field, "must have length " + d + " (the dimension), got "
                    + (v == null ? "nothing" : v.length));
        }
        for (int i = 0; i < d; i++) {
            if (!Double.isFinite(v[i])) {
                throw new InvalidTargetException(field + "[" + i + "]", "must be finite, got " + v[i]);
            }
        }
    }

    private static void checkCovariance(String field, double[][] s, int d) {
        if (s == null || s.length != d) {
            throw new InvalidTargetException(field, "must be " + d + "x" + d + ", got "
                    + (s == null ? "nothing" : s.length + " rows"));
        }
        double scale = 0.0;
        for (int i = 0; i < d; i++) {
            if (s[i] == null || s[i].length != d) {
                throw new InvalidTargetException(field + "[" + i + "]", "row must have length " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(s[i][j])) {
                    throw new InvalidTargetException(field + "[" + i + "][" + j + "]", "must be finite, got " + s[i][j]);
                }
                scale = Math.max(scale, Math.abs(s[i][j]));
            }
        }
        for (int i = 0; i < d; i++) {
            if (!(s[i][i] > 0)) {
                throw new InvalidTargetException(field + "[" + i + "][" + i + "]",
                        "variance must be > 0, got " + s[i][i]);
            }
            for (int j = 0; j < i; j++) {
                if (Math.abs(s[i][j] - s[j][i]) > SYMMETRY_TOLERANCE * scale) {
                    throw new InvalidTargetException(field, "must be symmetric: [" + i + "][" + j + "]=" + s[i][j]
                            + " but [" + j + "][" + i + "]=" + s[j][i]);
                }
            }
        }
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(new DMatrixRMaj(s))) {
            throw new InvalidTargetException(field, "is not positive definite (Cholesky failed): "
                    + Arrays.deepToString(s));
        }
    }

    private void spectral(double[][] cov, int k, double[] out, int lamOff, int uOff) {
        int d = dimension;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(new DMatrixRMaj(cov))) {
            throw new InvalidTargetException("components[" + k + "].covariance", "eigendecomposition failed");
        }
        for (int j = 0; j < d; j++) {
            double lambda = eig.getEigenvalue(j).getReal();
            if (!(lambda > 0)) {
                throw new InvalidTargetException("components[" + k + "].covariance",
                        "is not positive definite (eigenvalue " + lambda + ")");
            }
            out[lamOff + j] = lambda;
            DMatrixRMaj v = eig.getEigenVector(j);
            double norm = NormOps_DDRM.normF(v);
            for (int i = 0; i < d; i++) {
                out[uOff + i * d + j] = v.get(i) / norm;
            }
        }
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public double classWeight(int cls) {
        return classWeights[cls];
    }

    public int componentCount() {
        return components.size();
    }

    public List<Component> components() {
        return components;
    }

    /** Whether every component of class {@code cls} is a box, i.e. p₀(· | c) has compact support. */
    public boolean hasCompactSupport(int cls) {
        for (Component c : components) {
            if (c.cls() == cls && !(c instanceof BoxComponent)) {
                return false;
            }
        }
        return true;
    }

    /** The class mean E[X₀ | c]. */
    public double[] classMean(int cls) {
        return mean(c -> c == cls);
    }

    /** The mean of the other classes' law E[X₀ | class ≠ c], or null when c is the only class. */
    public double[] otherClassesMean(int cls) {
        return classes < 2 ? null : mean(c -> c != cls);
    }

    /** Σ w_k μ_k / Σ w_k over the components whose class passes the test. */
    private double[] mean(java.util.function.IntPredicate classTest) {
        double[] m = new double[dimension];
        double total = 0.0;
        for (Component c : components) {
            if (classTest.test(c.cls())) {
                double[] ck = c.center();
                for (int j = 0; j < dimension; j++) {
                    m[j] += c.weight() * ck[j];
                }
                total += c.weight();
            }
        }
        for (int j = 0; j < dimension; j++) {
            m[j] /= total;
        }
        return m;
    }

    /**
     * This data law with a separate unconditional model p_u (every component of u, whatever its class label): the
     * score pass's unconditional score and log-density become p_u's ({@link MixtureScore}), so classifier-free
     * guidance combines s_c with ∇log p_u,t and the tilted law is p₀(x | c)^{1+w} p_u(x)^{−w}; the classes, their
     * weights and the class posterior p₀(c | x) stay this law's.
     *
     * @throws InvalidTargetException when u's dimension differs
     */
    public Mixture withUnconditional(Mixture u) {
        if (u.dimension() != dimension) {
            throw new InvalidTargetException("components[0]", "the unconditional model has dimension "
                    + u.dimension() + ", the target " + dimension);
        }
        return new Mixture(dimension, components, u.unconditional == null ? u : new Mixture(u.dimension,
                u.components));
    }

    /** The separate unconditional model, or null when p(x) is this mixture. */
    public Mixture unconditional() {
        return unconditional;
    }

    /** The packed parameters ({@link MixtureLayout}); a copy. */
    public double[] packedParams() {
        return params.clone();
    }

    /** The packed metadata ({@link MixtureLayout}); a copy. */
    public int[] packedMeta() {
        return meta.clone();
    }

    @Override
    public double logDensity(double alpha, double sigma2, double[] x) {
        return logDensity(alpha, sigma2, x, -1);
    }

    @Override
    public double logDensity(double alpha, double sigma2, double[] x, int cls) {
        double[] scratch = new double[ScorePass.length(dimension)];
        MixtureScore.evaluate(params, meta, Math.max(cls, 0), alpha, sigma2, x, 0, scratch, 0);
        if (cls < 0) {
            return scratch[ScorePass.logAll(dimension)];
        }
        return scratch[ScorePass.logClass(dimension)] - Math.log(classWeights[cls]);
    }

    @Override
    public String describe() {
        return "mixture(d=" + dimension + ", K=" + components.size() + ", classes=" + classes + ")"
                + (unconditional == null ? "" : " with a separate unconditional model of K="
                + unconditional.components.size());
    }
}
