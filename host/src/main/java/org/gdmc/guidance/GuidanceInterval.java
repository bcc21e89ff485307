package org.gdmc.guidance;

import java.util.Locale;

import org.gdmc.process.ForwardProcess;

/**
 * Guidance in an interval only (Kynkäänniemi et al. 2024, "Applying guidance in a limited interval improves sample and
 * distribution quality in diffusion models"): the strength {@code inside} while the path is in the interval, and
 * {@code outside} elsewhere (by default the form's conditional strength: w = 0, γ = 1, plain conditional sampling).
 *
 * <ul>
 *   <li>{@link Axis#TIME}: inside when low ≤ t ≤ high (the forward time t ∈ [δ, T]);</li>
 *   <li>{@link Axis#NOISE}: inside when low &lt; σ_t/α_t ≤ high, the noise level as the paper states it (EDM's σ: the
 *       noise-to-signal ratio of the scaled state x_t/α_t = x₀ + (σ_t/α_t) z; the paper's interval (σ_lo, σ_hi] is
 *       open at its low end).</li>
 * </ul>
 * A path's step at node i uses the strength at t_i, so the interval acts on the steps that start inside it.
 *
 * @param axis    what the interval bounds
 * @param low     its lower end, ≥ 0
 * @param high    its upper end, &gt; low
 * @param inside  the strength inside (the schedule's scale)
 * @param outside the strength outside
 */
public record GuidanceInterval(Axis axis, double low, double high, double inside, double outside)
        implements GuidanceSchedule {
    /** What an interval bounds. */
    public enum Axis {
        /** The forward time t. */
        TIME("t"),
        /** The noise level σ_t/α_t. */
        NOISE("sigma");

        private final String label;

        Axis(String label) {
            this.label = label;
        }

        /** The field's name in a study file and in descriptions: {@code t} or {@code sigma}. */
        public String label() {
            return label;
        }

        /** The coordinate this axis reads at forward time t: t itself, or the noise level σ_t/α_t. */
        public double at(double t, ForwardProcess process) {
            return this == TIME ? t : Math.sqrt(process.sigma2(t)) / process.alpha(t);
        }
    }

    public GuidanceInterval {
        if (axis == null) {
            throw new IllegalArgumentException("an interval bounds t or sigma");
        }
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low >= 0) || !(high > low)) {
            throw new IllegalArgumentException("need 0 <= low < high, both finite; got [" + low + ", " + high + "]");
        }
        if (!Double.isFinite(inside) || !Double.isFinite(outside)) {
            throw new IllegalArgumentException("guidance strengths must be finite, got " + inside + " inside and "
                    + outside + " outside");
        }
    }

    @Override
    public double at(double t, ForwardProcess process) {
        double x = axis.at(t, process);
        boolean in = (axis == Axis.TIME ? low <= x : low < x) && x <= high;
        return in ? inside : outside;
    }

    @Override
    public double scale() {
        return inside;
    }

    @Override
    public GuidanceSchedule scaledTo(double scale) {
        return new GuidanceInterval(axis, low, high, scale, outside);
    }

    @Override
    public String describe(String symbol) {
        String range = axis == Axis.TIME ? "[" + low + ", " + high + "]" : "(" + low + ", " + high + "]";
        return String.format(Locale.ROOT, "%s=%s for %s in %s, %s outside", symbol, inside, axis.label(), range,
                outside);
    }
}
