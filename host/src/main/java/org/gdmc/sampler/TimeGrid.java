package org.gdmc.sampler;

/**
 * The decreasing reverse-time grid T = t₀ > t₁ > … > t_n = δ > 0 on which a sampler steps.
 */
public final class TimeGrid {
    private final double[] times;
    private final GridSpacing spacing;

    private TimeGrid(double[] times, GridSpacing spacing) {
        this.times = times;
        this.spacing = spacing;
    }

    /**
     * @param horizon T > δ
     * @param delta   early-stopping time δ > 0
     * @param steps   n ≥ 1
     */
    public static TimeGrid of(GridSpacing spacing, double horizon, double delta, int steps) {
        if (!(delta > 0) || !(horizon > delta) || !Double.isFinite(horizon)) {
            throw new IllegalArgumentException("need 0 < delta < T, got delta=" + delta + ", T=" + horizon);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        double[] t = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double f = (double) i / steps;
            t[i] = switch (spacing) {
                case UNIFORM -> horizon - f * (horizon - delta);
                case GEOMETRIC -> horizon * Math.pow(delta / horizon, f);
            };
        }
        t[0] = horizon;
        t[steps] = delta;
        return new TimeGrid(t, spacing);
    }

    public int steps() {
        return times.length - 1;
    }

    /** t_i, for 0 ≤ i ≤ n. */
    public double time(int i) {
        return times[i];
    }

    public double horizon() {
        return times[0];
    }

    public double delta() {
        return times[times.length - 1];
    }

    public GridSpacing spacing() {
        return spacing;
    }
}
