package org.gdmc.guidance;

import java.util.Arrays;
import java.util.Locale;

/**
 * The score error a study models (see {@link ScorePerturbation} for the maths): its kind, magnitude ε ≥ 0, which
 * scores it affects, and for a bias its unit direction.
 */
public record ScoreError(Kind kind, double epsilon, Scope scope, double[] direction) {
    public enum Kind {
        NONE("none", ScorePerturbation.NONE), BIAS("bias", ScorePerturbation.BIAS),
        RELATIVE("relative", ScorePerturbation.RELATIVE), SMOOTHED("smoothed", ScorePerturbation.SMOOTHED);

        private final String label;
        private final int code;

        Kind(String label, int code) {
            this.label = label;
            this.code = code;
        }

        public String label() {
            return label;
        }
    }

    public enum Scope {
        CONDITIONAL("conditional", ScorePerturbation.CONDITIONAL),
        UNCONDITIONAL("unconditional", ScorePerturbation.UNCONDITIONAL),
        BOTH("both", ScorePerturbation.BOTH);

        private final String label;
        private final int code;

        Scope(String label, int code) {
            this.label = label;
            this.code = code;
        }

        public String label() {
            return label;
        }
    }

    /** Exact scores. */
    public static final ScoreError NONE = new ScoreError(Kind.NONE, 0.0, Scope.BOTH, new double[0]);

    public ScoreError {
        if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        direction = direction.clone();
    }

    @Override
    public double[] direction() {
        return direction.clone();
    }

    /** The packed form for {@link ScorePerturbation#apply} in dimension d; a bias direction is normalised. */
    public double[] packed(int d) {
        double[] p = new double[ScorePerturbation.packedLength(d)];
        p[0] = kind.code;
        p[1] = scope.code;
        p[2] = epsilon;
        if (kind == Kind.BIAS) {
            double norm = 0.0;
            for (double v : direction) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) {
                p[3 + i] = direction[i] / norm;
            }
        }
        return p;
    }

    public String describe() {
        if (kind == Kind.NONE) {
            return "exact scores";
        }
        String s = String.format(Locale.ROOT, "%s score error, epsilon=%s, on %s", kind.label, epsilon, scope.label);
        return kind == Kind.BIAS ? s + ", direction " + Arrays.toString(direction) : s;
    }
}
