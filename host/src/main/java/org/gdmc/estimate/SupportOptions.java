package org.gdmc.estimate;

import org.gdmc.mixture.Mixture;
import org.gdmc.mixture.Support;

/**
 * Settings of the support estimators: the boundary widths η and the signed-distance histogram's range and bins.
 *
 * @param boundaryWidths η values, each &gt; 0
 * @param distanceLow    lower end of the histogram range
 * @param distanceHigh   upper end
 * @param distanceBins   bins within the range (two overflow bins are added)
 */
public record SupportOptions(double[] boundaryWidths, double distanceLow, double distanceHigh, int distanceBins) {
    public SupportOptions {
        boundaryWidths = boundaryWidths.clone();
    }

    @Override
    public double[] boundaryWidths() {
        return boundaryWidths.clone();
    }

    /** The width of a signed-distance bin, (high − low)/bins. */
    public double distanceWidth() {
        return (distanceHigh - distanceLow) / distanceBins;
    }

    /**
     * η = 1%, 3% and 10% of the narrowest box side, and a histogram over ± half of it (the deepest a point can be) in 40
     * bins; arbitrary but valid values when the class has full support (the estimators are then not used).
     */
    public static SupportOptions defaults(Mixture target, int cls) {
        Support s = Support.of(target, cls);
        double w = s == null ? 1.0 : s.narrowestWidth();
        return new SupportOptions(new double[] {0.01 * w, 0.03 * w, 0.1 * w}, -0.5 * w, 0.5 * w, 40);
    }
}
