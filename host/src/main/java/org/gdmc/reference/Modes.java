package org.gdmc.reference;

/** The number of modes of a 1-D density given on cells. */
public final class Modes {
    private Modes() {
    }

    /**
     * The number of local maxima of a sequence, with hysteresis: a rise or fall counts once it exceeds 10⁻⁶ of the
     * largest value, so plateaus and rounding-level wiggles in the tails do not add modes. Zero lies beyond both ends.
     */
    public static int count(double[] v) {
        double max = 0.0;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double tol = 1e-6 * max;
        int modes = 0;
        boolean rising = true;
        double anchor = 0.0;
        for (int k = 0; k <= v.length; k++) {
            double x = k < v.length ? v[k] : 0.0;
            if (x > anchor + tol) {
                rising = true;
                anchor = x;
            } else if (x < anchor - tol) {
                if (rising) {
                    modes++;
                }
                rising = false;
                anchor = x;
            } else if (rising ? x > anchor : x < anchor) {
                anchor = x;
            }
        }
        return modes;
    }
}
