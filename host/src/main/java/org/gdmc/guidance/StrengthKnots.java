package org.gdmc.guidance;

import java.util.Arrays;
import java.util.Locale;

import org.gdmc.process.ForwardProcess;

/**
 * A strength drawn as a piecewise-linear table: knots x₀ &lt; x₁ &lt; … &lt; x_m on the forward time t or on the noise
 * level σ_t/α_t, with shape values f₀ … f_m, and
 * <pre>
 *   w(t) = scale · f(x(t)),   f linear between neighbouring knots, f = f₀ below x₀ and f = f_m above x_m.
 * </pre>
 * The scale is the swept strength ({@code guidance.w}); with {@code w: [1]} the values are the strengths themselves.
 * This covers ramps, a negative-guidance window (Ventura, Achilli, Ambrogioni, Lucibello 2026) and any drawn shape.
 *
 * @param axis   what the knots are placed on
 * @param knots  strictly increasing, finite, ≥ 0
 * @param values the shape at each knot, finite
 * @param scale  the factor applied to the shape
 */
public record StrengthKnots(GuidanceInterval.Axis axis, double[] knots, double[] values, double scale)
        implements GuidanceSchedule {
    public StrengthKnots {
        if (axis == null || knots.length < 2 || knots.length != values.length) {
            throw new IllegalArgumentException("need at least two knots, each with a value; got " + knots.length
                    + " knots and " + values.length + " values");
        }
        for (int i = 0; i < knots.length; i++) {
            if (!Double.isFinite(knots[i]) || !(knots[i] >= 0) || !Double.isFinite(values[i])) {
                throw new IllegalArgumentException("knot " + i + " (" + knots[i] + ", " + values[i]
                        + ") is not a finite point with x >= 0");
            }
            if (i > 0 && !(knots[i] > knots[i - 1])) {
                throw new IllegalArgumentException("knots must increase strictly: " + knots[i - 1] + " then "
                        + knots[i]);
            }
        }
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("a guidance strength must be finite, got " + scale);
        }
        knots = knots.clone();
        values = values.clone();
    }

    @Override
    public double at(double t, ForwardProcess process) {
        return scale * shape(axis.at(t, process));
    }

    /** f(x): the linear interpolant of the knots, constant beyond the ends. */
    double shape(double x) {
        int m = knots.length - 1;
        if (!(x > knots[0])) {
            return values[0];
        }
        if (x >= knots[m]) {
            return values[m];
        }
        int hi = Arrays.binarySearch(knots, x);
        if (hi >= 0) {
            return values[hi];
        }
        hi = -hi - 1;
        int lo = hi - 1;
        double u = (x - knots[lo]) / (knots[hi] - knots[lo]);
        return values[lo] + u * (values[hi] - values[lo]);
    }

    @Override
    public GuidanceSchedule scaledTo(double s) {
        return new StrengthKnots(axis, knots, values, s);
    }

    @Override
    public String describe(String symbol) {
        StringBuilder b = new StringBuilder(symbol).append('=').append(scale).append(" x knots on ")
                .append(axis.label()).append(' ');
        for (int i = 0; i < knots.length; i++) {
            b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "(%s, %s)", knots[i], values[i]));
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StrengthKnots k && k.axis == axis && Arrays.equals(k.knots, knots)
                && Arrays.equals(k.values, values) && Double.compare(k.scale, scale) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(knots) + Arrays.hashCode(values)) + Double.hashCode(scale) + axis.hashCode();
    }
}
