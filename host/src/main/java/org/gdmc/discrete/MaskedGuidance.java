package org.gdmc.discrete;

import java.util.Locale;

/**
 * Classifier-free guidance of the masked reverse dynamics, toward class c with weight w ≥ −1.
 *
 * <p>The exact reverse rate of unmasking token i of x to the value v factors as γ(t) q(x_i = v | x), with the
 * schedule's time factor γ(t) = σ(t) α_t/(1 − α_t) and the data law's conditional q (see {@link MaskedMarginals}).
 * Guidance changes only the second factor, to r_i(v | x):
 * <ul>
 *   <li>{@link Rates#GEOMETRIC} (Ye, Rojas and Tao 2025, the default): the rates' unnormalised geometric
 *       interpolation Q̂ = Q̄^(−w) Q̄_c^(1+w), so r_i(v | x) = p(v | x)^(−w) p_c(v | x)^(1+w). The time factors cancel
 *       to γ(t); the r_i do not sum to 1 over v, so guidance also changes how fast a token unmasks.</li>
 *   <li>{@link Rates#RENORMALISED}: the same tilted predictive law renormalised per token,
 *       r_i(v | x) = p(v | x)^(−w) p_c(v | x)^(1+w) / Σ_u p(u | x)^(−w) p_c(u | x)^(1+w); tokens unmask at the
 *       unguided rate γ(t).</li>
 * </ul>
 * w = −1 gives the unconditional dynamics, w = 0 the class-conditional one (0⁰ = 1). In the time
 * g(t) = −log(1 − α_t) the dynamics are homogeneous, with rates r, so the end law is that of the embedded jump chain
 * and does not depend on the schedule.
 *
 * <p>Sequences with p_c(x) = 0 are never reached when w > −1; they have no rates.
 */
public final class MaskedGuidance {
    /** Which guided rates, see the class comment. */
    public enum Rates {
        GEOMETRIC("geometric"), RENORMALISED("renormalised");

        private final String label;

        Rates(String label) {
            this.label = label;
        }

        /** The name used in study files: "geometric" or "renormalised". */
        public String label() {
            return label;
        }

        /** The variant with this label. */
        public static Rates parse(String label) {
            for (Rates r : values()) {
                if (r.label.equals(label)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown guided rates \"" + label + "\"; known: geometric, renormalised");
        }
    }

    /** Precompute every sequence's rates when (V + 1)^L · L · V is at most this (8 bytes each). */
    private static final long CACHE_LIMIT = 1L << 22;

    private final SequenceMixture target;
    private final SequenceSpace space;
    private final int guidedClass;
    private final double w;
    private final Rates variant;
    private final double[] marginal;
    private final double[] classMarginal;
    private final double[] cache;
    private final double[] cacheTotals;

    /**
     * @param w the guidance weight, finite and ≥ −1
     */
    public MaskedGuidance(SequenceMixture target, int guidedClass, double w, Rates variant) {
        this(target, guidedClass, w, variant, null, null);
    }

    /**
     * The largest exponent (1 + w) log p_c − w log p a guided rate may reach: e^600 ≈ 10^260 leaves room for the sum
     * over up to 10^8 (position, token) pairs and the schedule's factors before double precision overflows.
     */
    public static final double LARGEST_LOG_RATE = 600.0;

    /**
     * The largest w ≥ 0 at which every guided rate of the target stays below e^{@value #LARGEST_LOG_RATE}: the guided
     * rate is p_c·(p_c/p)^w with both conditionals at most 1, so only the pairs with p_c &gt; p grow with w, and the
     * bound is LARGEST_LOG_RATE / max log(p_c/p) over reachable states and their unmasked children (+∞ when no
     * child is likelier under the class than under the mixture).
     */
    public static double largestWeight(SequenceMixture target, int guidedClass) {
        SequenceSpace space = target.space();
        double[] marginal = MaskedMarginals.of(space, target.law());
        double[] classMarginal = MaskedMarginals.of(space, target.classLaw(guidedClass));
        int mask = space.mask();
        double worst = 0.0;
        for (int x = 0; x < space.states(); x++) {
            if (!(classMarginal[x] > 0)) {
                continue;
            }
            for (int i = 0; i < space.length(); i++) {
                if (space.token(x, i) != mask) {
                    continue;
                }
                int first = space.with(x, i, mask, 0);
                int stride = space.stride(i);
                for (int v = 0; v < space.vocabulary(); v++) {
                    int child = first + v * stride;
                    double p = marginal[child] / marginal[x];
                    double pc = classMarginal[child] / classMarginal[x];
                    if (p > 0 && pc > p) {
                        worst = Math.max(worst, Math.log(pc) - Math.log(p));
                    }
                }
            }
        }
        return worst > 0 ? LARGEST_LOG_RATE / worst : Double.POSITIVE_INFINITY;
    }

    /** The same target, class and variant at another weight; the marginal tables, which do not depend on w, are shared. */
    public MaskedGuidance atWeight(double weight) {
        return new MaskedGuidance(target, guidedClass, weight, variant, marginal, classMarginal);
    }

    private MaskedGuidance(SequenceMixture target, int guidedClass, double w, Rates variant, double[] marginal,
                           double[] classMarginal) {
        if (guidedClass < 0 || guidedClass >= target.classes()) {
            throw new IllegalArgumentException("class " + guidedClass + " is not one of the target's "
                    + target.classes());
        }
        if (!(w >= -1.0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException("guidance weight w = " + w + "; must be finite and >= -1");
        }
        this.target = target;
        this.space = target.space();
        this.guidedClass = guidedClass;
        this.w = w;
        this.variant = variant;
        this.marginal = marginal != null ? marginal : MaskedMarginals.of(space, target.law());
        this.classMarginal = classMarginal != null ? classMarginal
                : MaskedMarginals.of(space, target.classLaw(guidedClass));
        int width = space.length() * space.vocabulary();
        if ((long) space.states() * width <= CACHE_LIMIT) {
            this.cache = new double[space.states() * width];
            this.cacheTotals = new double[space.states()];
            double[] r = new double[width];
            for (int x = 0; x < space.states(); x++) {
                cacheTotals[x] = compute(x, r);
                System.arraycopy(r, 0, cache, x * width, width);
            }
        } else {
            this.cache = null;
            this.cacheTotals = null;
        }
    }

    public SequenceMixture target() {
        return target;
    }

    public SequenceSpace space() {
        return space;
    }

    public int guidedClass() {
        return guidedClass;
    }

    public double w() {
        return w;
    }

    public Rates variant() {
        return variant;
    }

    /** M(x) of the mixture, see {@link MaskedMarginals}. */
    public double marginal(int state) {
        return marginal[state];
    }

    /** M_c(x) of the guided class. */
    public double classMarginal(int state) {
        return classMarginal[state];
    }

    /** Whether the guided dynamics can reach x: p_c(x) > 0, or p(x) > 0 when w = −1. */
    public boolean reachable(int state) {
        return w == -1.0 ? marginal[state] > 0 : classMarginal[state] > 0;
    }

    /**
     * The guided rates out of x.
     *
     * @param out receives r_i(v | x) at out[i·V + v]; 0 for unmasked tokens and unreachable x. Modified.
     * @return R(x) = Σ_{i, v} r_i(v | x), the total rate in the time g
     * @throws ArithmeticException if a rate overflows (w too large for this target)
     */
    public double rates(int state, double[] out) {
        if (cache != null) {
            int width = out.length;
            System.arraycopy(cache, state * width, out, 0, width);
            return cacheTotals[state];
        }
        return compute(state, out);
    }

    private double compute(int state, double[] out) {
        int vocab = space.vocabulary();
        int mask = space.mask();
        java.util.Arrays.fill(out, 0.0);
        if (!reachable(state)) {
            return 0.0;
        }
        double mx = marginal[state];
        double mcx = classMarginal[state];
        double total = 0.0;
        for (int i = 0; i < space.length(); i++) {
            if (space.token(state, i) != mask) {
                continue;
            }
            int first = space.with(state, i, mask, 0);
            int stride = space.stride(i);
            double token = 0.0;
            for (int v = 0; v < vocab; v++) {
                int child = first + v * stride;
                double p = marginal[child] / mx;
                double r;
                if (!(p > 0)) {
                    r = 0.0;
                } else if (w == -1.0) {
                    r = p;
                } else {
                    double pc = classMarginal[child] / mcx;
                    if (w == 0.0 || !(pc > 0)) {
                        r = pc;
                    } else {
                        r = Math.exp((1.0 + w) * Math.log(pc) - w * Math.log(p));
                    }
                }
                out[i * vocab + v] = r;
                token += r;
            }
            if (variant == Rates.RENORMALISED && token > 0) {
                for (int v = 0; v < vocab; v++) {
                    out[i * vocab + v] /= token;
                }
                token = 1.0;
            }
            total += token;
        }
        if (!Double.isFinite(total)) {
            throw new ArithmeticException(String.format(Locale.ROOT, "the guided rates out of %s overflow at w = %g",
                    space.format(state), w));
        }
        return total;
    }
}
