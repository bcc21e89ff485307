package org.gdmc.discrete;

/**
 * The law of the guided sampler at every time: the Kolmogorov forward equation over the (V + 1)^L partially masked
 * sequences, dP(y)/ds = Σ_x P(x) r(x → y) − R(y) P(y), started from the all-masked sequence at s = 0.
 *
 * <p>s = g − g(T) = −log m is the homogeneous time of {@link MaskSchedule}: the law at time t of any schedule is the
 * law at s = −log m(t). Guidance makes the rates as large as p_c^(1+w)/p^w, so the equation is stiff; it is integrated
 * by the 3-stage Radau IIA method (order 5, L-stable, stiffly accurate). Moves only unmask tokens, so the
 * generator is triangular in index order: each step sweeps the sequences downwards, solving a 3 × 3 system for each
 * from its own value and its parents' stage values, with no global solve. Steps start at 10⁻³/max R and grow
 * geometrically; they land on every requested time. The method keeps Σ P = 1 up to rounding, since every stage's
 * inflows and outflows cancel.
 */
public final class ForwardEquation {
    private static final double S6 = Math.sqrt(6.0);
    /** Radau IIA, 3 stages: the Butcher matrix. */
    private static final double[][] A = {
            {(88 - 7 * S6) / 360, (296 - 169 * S6) / 1800, (-2 + 3 * S6) / 225},
            {(296 + 169 * S6) / 1800, (88 + 7 * S6) / 360, (-2 - 3 * S6) / 225},
            {(16 - S6) / 36, (16 + S6) / 36, 1.0 / 9}};

    /** Receives the law at the j-th requested time; the array is reused after the call returns. */
    @FunctionalInterface
    public interface LawConsumer {
        void accept(int j, double[] law);
    }

    private final MaskedGuidance guidance;
    private final double growth;

    /**
     * @param growth the ratio of successive steps, > 1 (the default 1.02 keeps errors near 10⁻¹¹;
     *               smaller is more accurate and slower)
     */
    public ForwardEquation(MaskedGuidance guidance, double growth) {
        if (!(growth > 1.0) || !(growth <= 2.0)) {
            throw new IllegalArgumentException("step growth " + growth + "; must be in (1, 2]");
        }
        this.guidance = guidance;
        this.growth = growth;
    }

    public ForwardEquation(MaskedGuidance guidance) {
        this(guidance, 1.02);
    }

    /**
     * Integrates to each requested time in turn.
     *
     * @param times s_j ≥ 0, finite, non-decreasing (s = −log m; the end law, s = ∞, is {@link EndLaw}'s)
     * @param sink  receives P(s_j) over the (V + 1)^L indices
     * @return the number of Radau steps taken
     */
    public int solve(double[] times, LawConsumer sink) {
        return integrate(times, 0.0, false, sink);
    }

    /**
     * log P(some token is still masked at s_j), accurate relative to its value however small. This is also the TV
     * between the law at s and the output law, since clean sequences are absorbing: ½ Σ_x |P_s(x) − P_∞(x)| puts
     * the masked mass once on the masked sequences and once on the clean ones, which only gain mass.
     *
     * <p>The masked mass decays like e^{−κ s}, κ = min R(x) over reachable masked x, and at large w it is far below
     * the rounding of the full solve. So only the masked sequences are integrated, in the scaled variables
     * P̃ = e^{κ s} P, whose decay rates R − κ ≥ 0 leave nothing to underflow; log P = log Σ P̃ − κ s.
     *
     * @param times as for {@link #solve}
     */
    public double[] logMaskedMass(double[] times) {
        SequenceSpace space = guidance.space();
        double kappa = Double.POSITIVE_INFINITY;
        double[] r = new double[space.length() * space.vocabulary()];
        for (int x = 0; x < space.states(); x++) {
            if (guidance.reachable(x) && space.cleanIndex(x) < 0) {
                kappa = Math.min(kappa, guidance.rates(x, r));
            }
        }
        double shift = kappa;
        double[] out = new double[times.length];
        integrate(times, shift, true, (j, law) -> {
            double sum = 0.0;
            for (int x = 0; x < law.length; x++) {
                sum += law[x];
            }
            out[j] = Math.log(sum) - shift * times[j];
        });
        return out;
    }

    /**
     * Radau IIA steps of dP̃/ds = P̃ A + shift P̃; with {@code maskedOnly} the clean sequences are left out (their
     * entries stay 0), so that a positive shift grows nothing.
     */
    private int integrate(double[] times, double shift, boolean maskedOnly, LawConsumer sink) {
        SequenceSpace space = guidance.space();
        int n = space.states();
        int vocab = space.vocabulary();
        int width = space.length() * vocab;
        double maxRate = 0.0;
        double[] r = new double[width];
        for (int x = 0; x < n; x++) {
            if (guidance.reachable(x)) {
                maxRate = Math.max(maxRate, guidance.rates(x, r));
            }
        }
        double[] p = new double[n];
        double[] b0 = new double[n];
        double[] b1 = new double[n];
        double[] b2 = new double[n];
        p[space.allMasked()] = 1.0;
        double s = 0.0;
        double h = 1e-3 / Math.max(maxRate, 1.0);
        int steps = 0;
        double[] k = new double[3];
        double[][] scratch = new double[3][4];
        for (int j = 0; j < times.length; j++) {
            double target = times[j];
            if (!(target >= s) || !Double.isFinite(target)) {
                throw new IllegalArgumentException("times must be finite and non-decreasing from 0; times[" + j
                        + "] = " + target);
            }
            while (s < target) {
                double step = Math.min(h, target - s);
                if (target - s - step < 1e-3 * step) {
                    step = target - s;
                }
                java.util.Arrays.fill(b0, 0.0);
                java.util.Arrays.fill(b1, 0.0);
                java.util.Arrays.fill(b2, 0.0);
                for (int x = n - 1; x >= 0; x--) {
                    if (p[x] == 0.0 && b0[x] == 0.0 && b1[x] == 0.0 && b2[x] == 0.0) {
                        continue;
                    }
                    if (maskedOnly && space.cleanIndex(x) >= 0) {
                        continue;
                    }
                    double total = guidance.rates(x, r);
                    stages(p[x], total - shift, step, b0[x], b1[x], b2[x], k, scratch);
                    p[x] = k[2];
                    if (total == 0.0) {
                        continue;
                    }
                    for (int i = 0; i < space.length(); i++) {
                        if (space.token(x, i) != space.mask()) {
                            continue;
                        }
                        int first = space.with(x, i, space.mask(), 0);
                        for (int v = 0; v < vocab; v++) {
                            double rate = r[i * vocab + v];
                            if (rate > 0) {
                                int y = first + v * space.stride(i);
                                b0[y] += rate * k[0];
                                b1[y] += rate * k[1];
                                b2[y] += rate * k[2];
                            }
                        }
                    }
                }
                s += step;
                steps++;
                h = step * growth;
            }
            sink.accept(j, p);
        }
        return steps;
    }

    /**
     * The stage values K of one state: K = P·1 + h A (−R K + b), i.e. (I + hR A) K = P·1 + h A b, by Gaussian
     * elimination with partial pivoting ({@code m} is scratch, 3 × 4).
     */
    private static void stages(double p, double rate, double h, double in0, double in1, double in2, double[] k,
                               double[][] m) {
        double z = h * rate;
        for (int a = 0; a < 3; a++) {
            double[] row = A[a];
            m[a][0] = (a == 0 ? 1.0 : 0.0) + z * row[0];
            m[a][1] = (a == 1 ? 1.0 : 0.0) + z * row[1];
            m[a][2] = (a == 2 ? 1.0 : 0.0) + z * row[2];
            m[a][3] = p + h * (row[0] * in0 + row[1] * in1 + row[2] * in2);
        }
        for (int c = 0; c < 3; c++) {
            int pivot = c;
            for (int a = c + 1; a < 3; a++) {
                if (Math.abs(m[a][c]) > Math.abs(m[pivot][c])) {
                    pivot = a;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int a = c + 1; a < 3; a++) {
                double f = m[a][c] / m[c][c];
                for (int e = c; e < 4; e++) {
                    m[a][e] -= f * m[c][e];
                }
            }
        }
        for (int c = 2; c >= 0; c--) {
            double v = m[c][3];
            for (int e = c + 1; e < 3; e++) {
                v -= m[c][e] * k[e];
            }
            k[c] = v / m[c][c];
        }
    }
}
