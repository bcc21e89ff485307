package org.gdmc.highdim;

/**
 * How the components of a {@link LargeMixture} spread about their means, each with a noised covariance whose score,
 * log-density and determinant have closed forms that cost O(d) (or O(r d)) per component:
 * <ul>
 *   <li>{@link #ISOTROPIC}: Σ_k = s_k² I;</li>
 *   <li>{@link #SHARED_DIAGONAL}: Σ_k = D, one diagonal for every component;</li>
 *   <li>{@link #LOW_RANK}: Σ_k = U_k U_kᵀ + s_k² I with rank U_k ≤ {@value LargeMixture#MAX_RANK}, kept as
 *       U_k U_kᵀ = Q_k diag(λ_k) Q_kᵀ with orthonormal Q_k (Woodbury and the matrix determinant lemma).</li>
 * </ul>
 */
public enum CovarianceForm {
    ISOTROPIC("isotropic"),
    SHARED_DIAGONAL("shared-diagonal"),
    LOW_RANK("low-rank");

    private final String key;

    CovarianceForm(String key) {
        this.key = key;
    }

    /** The name used in study files. */
    public String key() {
        return key;
    }
}
