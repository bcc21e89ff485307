package org.gdmc.study;

import java.util.List;

import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.NonFiniteNotes;

/** The estimates of one guidance setting of a sweep, each non-finite one with a note saying why. */
public record GuidanceResult(String guidance, double strength, double equivalentWeight, List<Estimate> estimates) {
    public GuidanceResult {
        estimates = List.copyOf(NonFiniteNotes.explain(estimates));
    }

    /** The estimates whose value or standard error is not finite. */
    public List<Estimate> nonFinite() {
        return estimates.stream().filter(e -> !e.finite()).toList();
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
