package org.gdmc.target;

/**
 * Offsets into the packed arrays that describe a K-component Gaussian mixture in d dimensions, shared by the host
 * and the device kernels.
 *
 * <p>{@code params} (double): [log w_k, k &lt; K] [μ_k, K·d] [λ_k, K·d] [U_k row-major, K·d²], where Σ_k = U_k diag(λ_k) U_kᵀ
 * (columns of U_k are eigenvectors). {@code meta} (int): [K, d, class of k (K entries), 1 if Σ_k is diagonal (K entries)];
 * a diagonal component has U_k = I and its d² block is never read.
 */
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

    public static boolean isDiagonal(int[] meta, int k) {
        return meta[2 + components(meta) + k] != 0;
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
