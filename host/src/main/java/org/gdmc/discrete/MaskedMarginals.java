package org.gdmc.discrete;

/**
 * The marginal masses of a law q over clean sequences, extended to every partially masked sequence:
 * M(x) = Σ over the completions y of x's masked tokens of q(y). M(all masked) = 1, M(clean y) = q(y), and the
 * conditional law of a masked token i given x's unmasked tokens is q(x_i = v | x) = M(x with x_i = v)/M(x).
 */
public final class MaskedMarginals {
    private MaskedMarginals() {
    }

    /**
     * Sweeps the indices upwards: a sequence with a masked token i sums its V children with token i unmasked, whose
     * indices are smaller and so already done. Cost (V + 1)^L · V additions.
     *
     * @param law q over the V^L clean indices
     * @return M over the (V + 1)^L partially masked indices
     */
    public static double[] of(SequenceSpace space, double[] law) {
        if (law.length != space.cleanStates()) {
            throw new IllegalArgumentException(law.length + " masses for " + space.cleanStates() + " sequences");
        }
        int mask = space.mask();
        double[] m = new double[space.states()];
        for (int x = 0; x < m.length; x++) {
            int masked = -1;
            for (int i = space.length() - 1; i >= 0 && masked < 0; i--) {
                if (space.token(x, i) == mask) {
                    masked = i;
                }
            }
            if (masked < 0) {
                m[x] = law[space.cleanIndex(x)];
                continue;
            }
            int stride = space.stride(masked);
            int first = x - mask * stride;
            double s = 0.0;
            for (int v = 0; v < mask; v++) {
                s += m[first + v * stride];
            }
            m[x] = s;
        }
        return m;
    }
}
