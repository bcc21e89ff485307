package org.gdmc.kernel;

/**
 * The contract between a score model and everything that reads its output (the guidance forms, the score errors, the
 * path observables): one evaluation at a point x and forward time t writes, at these offsets of a scratch of
 * {@link #length} doubles,
 * <ul>
 *   <li>the unconditional score s_u = ∇log p_t(x),</li>
 *   <li>the conditional score s_c = ∇log p_t(x | c),</li>
 *   <li>the score of the other classes' mixture s_o = ∇log p_t(x | not c) (zeros when c owns everything),</li>
 *   <li>the log-sums LSE_all = log p_t(x), LSE_c = log π_c p_t(x | c) and LSE_o (−∞ when c owns everything), all up
 *       to one common constant, so that logit p_t(c | x) = LSE_c − LSE_o ({@link #classLogit}).</li>
 * </ul>
 * The rest of the scratch (the first 2d doubles and the slots after the log-sums) is the model's own work space.
 * Slot k of a pass lies at off + k·stride: stride 1 is one particle's contiguous slice (the CPU), a batch's capacity
 * the device's layout by particle (neighbouring work items touch neighbouring addresses). Kernel subset.
 */
@KernelCode
public final class ScorePass {
    private ScorePass() {
    }

    /** Doubles one pass needs in dimension d. */
    public static int length(int d) {
        return 5 * d + 6;
    }

    /** Offset of s_u. */
    public static int unconditional(int d) {
        return 2 * d;
    }

    /** Offset of s_c. */
    public static int conditional(int d) {
        return 3 * d;
    }

    /** Offset of s_o. */
    public static int otherClasses(int d) {
        return 4 * d;
    }

    /** Offset of LSE_all. */
    public static int logAll(int d) {
        return 5 * d;
    }

    /** Offset of LSE_c. */
    public static int logClass(int d) {
        return 5 * d + 1;
    }

    /** Offset of LSE_o. */
    public static int logOther(int d) {
        return 5 * d + 2;
    }

    /**
     * logit p_t(c | x) = LSE_c − LSE_o of the pass at pOff; +∞ when c owns every component. Preferred to log p for
     * comparisons: it keeps full resolution when p is within 1e-16 of 1. Being a difference of two log-sums of size
     * ~|x − αμ|²/(2σ²), its absolute rounding error is about 1e-16 times that: 1e-10 at |x| = 10³.
     */
    public static double classLogit(double[] pass, int pOff, int d) {
        return classLogit(pass, pOff, d, 1);
    }

    /** As {@link #classLogit(double[], int, int)}, element k of the pass at pOff + k·stride. */
    public static double classLogit(double[] pass, int pOff, int d, int stride) {
        return pass[pOff + (5 * d + 1) * stride] - pass[pOff + (5 * d + 2) * stride];
    }
}
