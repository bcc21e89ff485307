package org.gdmc.estimate;

/**
 * The density profile of a 1-D output: {@code bins} equal bins over [low, high), each the union of the density grid's
 * cells whose centres fall in it (so every bin's estimate and its reference masses cover the same cells).
 *
 * @param low  lower end of the profiled range
 * @param high upper end, &gt; low
 * @param bins number of bins, ≥ 1
 */
public record ProfileOptions(double low, double high, int bins) {
    public ProfileOptions {
        if (!(high > low) || bins < 1 || !Double.isFinite(high - low)) {
            throw new IllegalArgumentException("need low < high and bins >= 1, got [" + low + ", " + high + ") in "
                    + bins + " bins");
        }
    }

    /** Width of one bin. */
    public double binWidth() {
        return (high - low) / bins;
    }
}
