package org.gdmc.sampler;

import org.gdmc.process.ForwardProcess;

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
        if (spacing == GridSpacing.LOG_SNR) {
            throw new IllegalArgumentException("a log-SNR grid needs the forward process");
        }
        return of(spacing, null, horizon, delta, steps);
    }

    /**
     * The grid of any spacing; the process is read by {@link GridSpacing#LOG_SNR} only. On that grid
     * λ(t) = log(α_t/σ_t) takes n + 1 equally spaced values from λ(T) to λ(δ), and each t_i solves
     * B(t_i) = ½ log(1 + e^{−2λ_i}) (α = e^{−B}, σ² = 1 − α²) by bisection on [δ, T] to the last bit.
     */
    public static TimeGrid of(GridSpacing spacing, ForwardProcess process, double horizon, double delta, int steps) {
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
                case LOG_SNR -> 0.0;
            };
        }
        if (spacing == GridSpacing.LOG_SNR) {
            double first = halfLogSnr(process, horizon);
            double last = halfLogSnr(process, delta);
            for (int i = 1; i < steps; i++) {
                double lambda = first + (double) i / steps * (last - first);
                t[i] = timeAt(process, 0.5 * Math.log1p(Math.exp(-2.0 * lambda)), delta, horizon);
            }
        }
        t[0] = horizon;
        t[steps] = delta;
        return new TimeGrid(t, spacing);
    }

    /** λ(t) = log(α_t/σ_t) = −B(t) − ½ log(1 − e^{−2B(t)}). */
    public static double halfLogSnr(ForwardProcess process, double t) {
        double b = process.schedule().integral(t);
        return -b - 0.5 * Math.log(-Math.expm1(-2.0 * b));
    }

    /** The t in [lo, hi] with B(t) = b (B increasing), by bisection until the bracket cannot shrink. */
    private static double timeAt(ForwardProcess process, double b, double lo, double hi) {
        double a = lo;
        double c = hi;
        while (true) {
            double mid = 0.5 * (a + c);
            if (!(mid > a && mid < c)) {
                return mid;
            }
            if (process.schedule().integral(mid) < b) {
                a = mid;
            } else {
                c = mid;
            }
        }
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
