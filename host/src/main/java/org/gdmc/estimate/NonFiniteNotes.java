package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives every estimate whose value or standard error is not a finite number a note saying why, so no NaN or infinity
 * reaches a result unexplained. Particles whose state is not finite are left out of every estimate and counted
 * ({@link NonFiniteCounter}); what remains are estimates whose per-particle term is infinite although the particle is
 * finite (1/p0(c|X) when p0(c|X) underflows to 0 far on the other class's side; a logit of ±∞), estimates no particle
 * entered, and standard errors that do not exist (fewer than 2 particles, an infinite variance, an infinite quantile).
 */
public final class NonFiniteNotes {
    /** What an estimate family averages or sorts per particle, and what makes that infinite for a finite X. */
    private record Term(String what, String cause) {
    }

    /** The families, by name prefix (the longest prefix wins). */
    private static final Map<String, Term> TERMS = Map.ofEntries(
            Map.entry("posterior.", new Term("p0(c|X)", "")),
            Map.entry("reciprocalPosterior.", new Term("1/p0(c|X)",
                    "p0(c|X) underflows to 0 where X lies far on the other class's side")),
            Map.entry("path.", new Term("the change of p_t(c|X_t) along the path", "")),
            Map.entry("paired.", new Term("the paired difference of p0(c|X) against the unguided run", "")),
            Map.entry("mean[", new Term("the coordinate of X", "X is beyond 1e154, where its square overflows")),
            Map.entry("projection.", new Term("the projection of X on the class means' direction",
                    "X lies beyond the binned range, the means' span widened by 12 component standard deviations")),
            Map.entry("density.", new Term("the output's histogram", "every particle fell outside its grid")),
            Map.entry("profile", new Term("the output's histogram along the class means' line",
                    "every particle fell outside its grid")),
            Map.entry("knn.", new Term("the log-distance from X to its k-th nearest neighbour",
                    "neighbours coincide (distance 0) or are too far apart for a double")),
            Map.entry("support.", new Term("the distance from X to the class's support", "")),
            Map.entry("tiltedLaw.", new Term("the tilted law's density", "")));

    private static final Term GENERIC = new Term("the per-particle term", "");

    private NonFiniteNotes() {
    }

    /**
     * The estimates, each non-finite one without a note given one; {@code nonFinite.count}, when among them, says
     * how many particles were left out.
     */
    public static List<Estimate> explain(List<Estimate> estimates) {
        long leftOut = -1;
        for (Estimate e : estimates) {
            if (e.name().equals("nonFinite.count")) {
                leftOut = Math.round(e.value());
            }
        }
        List<Estimate> out = new ArrayList<>(estimates.size());
        for (Estimate e : estimates) {
            out.add(e.finite() || !e.note().isEmpty() ? e : e.withNote(note(e, leftOut)));
        }
        return out;
    }

    /** Why this estimate's value or standard error is not finite. */
    static String note(Estimate e, long leftOut) {
        Term t = term(e.name());
        String cause = t.cause().isEmpty() ? "" : " (" + t.cause() + ")";
        boolean quantile = e.name().matches(".*\\.q\\d+$") || e.name().endsWith(".median");
        String particles = leftOut > 0 ? "; " + leftOut + " particles that left the range of a double are left out "
                + "of every estimate" : leftOut == 0 ? "; every particle itself is finite" : "";
        if (e.count() == 0) {
            return "no particle entered this estimate" + cause + particles;
        }
        if (Double.isNaN(e.value())) {
            return "undefined: " + t.what() + " is infinite or undefined for at least one particle" + cause
                    + ", and a mean over such a term has no value" + particles;
        }
        if (Double.isInfinite(e.value())) {
            String sign = e.value() > 0 ? "+∞" : "-∞";
            return quantile ? sign + ": at least this quantile's share of particles have " + t.what() + " at " + sign
                    + cause + "; an infinite quantile has no standard error" + particles
                    : sign + ": " + t.what() + " is infinite for at least one particle" + cause + particles;
        }
        if (e.count() < 2) {
            return "no standard error from " + e.count() + " particle";
        }
        return quantile ? "no standard error: a neighbouring quantile of " + t.what() + " is infinite" + particles
                : "no standard error: " + t.what() + " has no finite variance here" + cause + particles;
    }

    private static Term term(String name) {
        String best = "";
        for (String prefix : TERMS.keySet()) {
            if (name.startsWith(prefix) && prefix.length() > best.length()) {
                best = prefix;
            }
        }
        return best.isEmpty() ? GENERIC : TERMS.get(best);
    }
}
