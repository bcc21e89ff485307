package org.gdmc.study;

import java.util.List;

import org.gdmc.estimate.Estimate;

/** The estimates of one guidance setting of a sweep. */
public record GuidanceResult(String guidance, double strength, double equivalentWeight, List<Estimate> estimates) {
    public GuidanceResult {
        estimates = List.copyOf(estimates);
    }

    /** The estimate of that name, or null. */
    public Estimate find(String name) {
        for (Estimate e : estimates) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
