package org.gdmc.guidance;

import java.util.Locale;

import org.gdmc.process.ForwardProcess;

/**
 * A named shape over the sampling path. With u = (T − t)/(T − δ) the progress of the reverse path (0 at its start
 * t = T, 1 at its end t = δ),
 * <ul>
 *   <li>{@link Kind#LINEAR}: f(u) = from + (to − from) u;</li>
 *   <li>{@link Kind#COSINE}: f(u) = from + (to − from) (1 − cos πu)/2;</li>
 * </ul>
 * and w(t) = scale · f(u(t)). The defaults from = 0, to = 2 are the increasing "linear" and "cosine" schedules of
 * Wang et al. 2024 (w_t = 2w(1 − t/T) and w(1 + cos(πt/T)) on their [0, T]), both averaging w over the path;
 * from = 2, to = 0 ramps down.
 *
 * @param kind    the shape
 * @param from    f at the start of the path (t = T)
 * @param to      f at its end (t = δ)
 * @param horizon T
 * @param delta   δ
 * @param scale   the factor applied to the shape
 */
public record StrengthShape(Kind kind, double from, double to, double horizon, double delta, double scale)
        implements GuidanceSchedule {
    /** The named shapes. */
    public enum Kind {
        LINEAR("linear"),
        COSINE("cosine");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public StrengthShape {
        if (kind == null || !Double.isFinite(from) || !Double.isFinite(to) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("a shape needs finite from, to and scale; got " + from + ", " + to
                    + ", " + scale);
        }
        if (!(horizon > delta) || !(delta >= 0) || !Double.isFinite(horizon)) {
            throw new IllegalArgumentException("need 0 <= delta < T, got [" + delta + ", " + horizon + "]");
        }
    }

    @Override
    public double at(double t, ForwardProcess process) {
        double u = Math.min(1.0, Math.max(0.0, (horizon - t) / (horizon - delta)));
        double g = kind == Kind.LINEAR ? u : 0.5 * (1.0 - Math.cos(Math.PI * u));
        return scale * (from + (to - from) * g);
    }

    @Override
    public GuidanceSchedule scaledTo(double s) {
        return new StrengthShape(kind, from, to, horizon, delta, s);
    }

    @Override
    public String describe(String symbol) {
        return String.format(Locale.ROOT, "%s=%s x %s %s->%s", symbol, scale, kind.label(), from, to);
    }
}
