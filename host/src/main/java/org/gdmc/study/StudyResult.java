package org.gdmc.study;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.EstimatorSet;
import org.gdmc.estimate.ReducedSums;
import org.gdmc.reference.ReferenceLaw;

/**
 * The outcome of a study: one {@link GuidanceResult} per guidance of the sweep, in sweep order, and how long it took.
 *
 * @param particleSteps  N × steps × guidances
 * @param wallSeconds    elapsed time of the whole study
 * @param sums           the merged sums behind each guidance's estimates, read by {@code estimators}; for
 *                       comparisons and merges, not written to result files
 * @param maps           each row's density picture where the runner made them itself (the large-mixture studies),
 *                       else null: {@link #densityMaps} makes them from the sums
 */
public record StudyResult(List<GuidanceResult> results, long particleSteps, double wallSeconds,
                          String backend, String device, EstimatorSet estimators, List<ReducedSums> sums,
                          List<org.gdmc.estimate.DensityMap> maps) {
    public StudyResult {
        results = List.copyOf(results);
        sums = List.copyOf(sums);
        maps = maps == null ? null : List.copyOf(maps);
    }

    /** A result whose pictures, if any, come from its estimators' sums ({@link #densityMaps}). */
    public StudyResult(List<GuidanceResult> results, long particleSteps, double wallSeconds, String backend,
                       String device, EstimatorSet estimators, List<ReducedSums> sums) {
        this(results, particleSteps, wallSeconds, backend, device, estimators, sums, null);
    }

    /**
     * Each guidance value's output histogram for pictures ({@link org.gdmc.estimate.PicturedDensity#map}: the 2-D
     * output, or its projection onto a plane for d &gt; 2), all in one window; null when there are none (1-D, a
     * result without sums or without the density estimates, such as SMC's).
     */
    public List<org.gdmc.estimate.DensityMap> densityMaps() {
        if (maps != null) {
            return maps;
        }
        if (estimators == null || sums.size() != results.size() || results.isEmpty()
                || (results.get(0).find("density.outsideGrid") == null
                && results.get(0).find("plane.outsideGrid") == null)) {
            return null;
        }
        org.gdmc.estimate.PicturedDensity density = estimators.find(org.gdmc.estimate.PicturedDensity.class);
        if (density == null) {
            return null;
        }
        double[] w = results.stream().mapToDouble(GuidanceResult::equivalentWeight).toArray();
        org.gdmc.estimate.DensityWindow window = density.window(sums, w);
        if (window == null) {
            return null;
        }
        List<org.gdmc.estimate.DensityMap> maps = new ArrayList<>();
        for (int g = 0; g < sums.size(); g++) {
            maps.add(density.map(sums.get(g), w[g], window));
        }
        return maps;
    }

    /** The estimates of guidance g's sums against a reference law, e.g. {@code density.tv<label>}. */
    public List<Estimate> against(int guidance, ReferenceLaw law, String label) {
        return estimators.against(sums.get(guidance), law, label);
    }

    /**
     * The estimates that compare each guidance's sums with those of the same guidance in another result of the same
     * study (e.g. another backend), named with the label; one list per guidance.
     */
    public List<List<Estimate>> compare(StudyResult other, String label) {
        List<List<Estimate>> out = new ArrayList<>();
        for (int g = 0; g < sums.size(); g++) {
            out.add(estimators.compare(sums.get(g), other.sums.get(g), label));
        }
        return out;
    }

    public double particleStepsPerSecond() {
        return particleSteps / wallSeconds;
    }
}
