package org.gdmc.mixture;

import org.gdmc.kernel.KernelCode;

/**
 * Offsets into the packed arrays that describe a K-component mixture in d dimensions, shared by the host and the
 * device kernels.
 *
 * <p>{@code params} (double): [log w_k, k &lt; K] [μ_k, K·d] [λ_k, K·d] [U_k row-major, K·d²], where Σ_k = U_k diag(λ_k) U_kᵀ
 * (columns of U_k are eigenvectors). {@code meta} (int): [K, d, class of k (K entries), kind of k (K entries)].
 * A {@link #DIAGONAL} component has U_k = I and its d² block is never read. A {@link #BOX} component (uniform on
 * Π_j [a_j, b_j]) keeps a in the μ block and b in the λ block; its d² block is never read.
 */
@KernelCode(float32 = false, float64 = false)
public final class MixtureLayout {
    private MixtureLayout() {
    }

    public static int components(int[] meta) {
        return meta[0];
    }

    public static int dimension(int[] meta) {
        return meta[1];
    }

    public static int classOf(int[] meta, int k) {
        return meta[2 + k];
    }

    /**
     * The class label of a separate unconditional model's components ({@link Mixture#withUnconditional}): they make
     * the score pass's unconditional group and enter no class group.
     */
    public static final int UNCONDITIONAL = -1;

    /** A Gaussian with a full covariance. */
    public static final int FULL = 0;
    /** A Gaussian with a diagonal covariance. */
    public static final int DIAGONAL = 1;
    /** A uniform law on a box. */
    public static final int BOX = 2;

    /** {@link #FULL}, {@link #DIAGONAL} or {@link #BOX}. */
    public static int kind(int[] meta, int k) {
        return meta[2 + components(meta) + k];
    }

    /** Offset of a_j of a box component (aliases {@link #mean}). */
    public static int lower(int kCount, int d, int k) {
        return mean(kCount, d, k);
    }

    /** Offset of b_j of a box component (aliases {@link #eigenvalues}). */
    public static int upper(int kCount, int d, int k) {
        return eigenvalues(kCount, d, k);
    }

    public static int logWeight(int k) {
        return k;
    }

    public static int mean(int kCount, int d, int k) {
        return kCount + k * d;
    }

    public static int eigenvalues(int kCount, int d, int k) {
        return kCount + kCount * d + k * d;
    }

    public static int basis(int kCount, int d, int k) {
        return kCount + 2 * kCount * d + k * d * d;
    }

    public static int paramsLength(int kCount, int d) {
        return kCount + 2 * kCount * d + kCount * d * d;
    }

    public static int metaLength(int kCount) {
        return 2 + 2 * kCount;
    }
}
