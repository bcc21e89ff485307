package org.gdmc.study;

import java.util.List;

/**
 * The outcome of a study: one {@link GuidanceResult} per guidance of the sweep, in sweep order, and how long it took.
 *
 * @param particleSteps  N × steps × guidances
 * @param wallSeconds    elapsed time of the whole study
 */
public record StudyResult(List<GuidanceResult> results, long particleSteps, double wallSeconds,
                          String backend, String device) {
    public StudyResult {
        results = List.copyOf(results);
    }

    public double particleStepsPerSecond() {
        return particleSteps / wallSeconds;
    }
}
