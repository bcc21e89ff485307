package org.gdmc.estimate;

import java.util.List;

/** An estimator whose 2-D histogram a study draws as density pictures ({@link DensityMap}). */
public interface PicturedDensity extends Estimator {
    /** The window every guidance value's picture shows (their sums and equivalent weights), or null for none. */
    DensityWindow window(List<ReducedSums> sums, double[] weights);

    /** One guidance value's histogram in the window, with the reference laws' masses where known. */
    DensityMap map(ReducedSums sums, double w, DensityWindow window);
}
