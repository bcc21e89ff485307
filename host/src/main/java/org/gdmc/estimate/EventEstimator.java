package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.mixture.Component;
import org.gdmc.mixture.Mixture;

/**
 * The probabilities of the study's events ({@link Event}): per event, {@code event.NAME} = P(X ∈ A) over the output's
 * finite particles, counted exactly, with the binomial standard error √(p̂(1 − p̂)/n); beside it, without sampling
 * error, {@code event.NAME.class[k]} = P(X ∈ A) for X ~ p₀(· | k), every class k, and {@code event.NAME.data} for
 * X ~ p₀ = Σ_k π_k p₀(· | k), from the components' closed forms (NaN with a note where none is implemented).
 */
public final class EventEstimator implements Estimator {
    private final Mixture target;
    private final List<Event> events;

    public EventEstimator(Mixture target, List<Event> events) {
        this.target = target;
        this.events = List.copyOf(events);
    }

    @Override
    public String name() {
        return "event";
    }

    @Override
    public Reader declare(ReductionPlan.Builder plan) {
        int[] offsets = new int[events.size()];
        for (int e = 0; e < offsets.length; e++) {
            offsets[e] = plan.event(events.get(e).packed());
        }
        List<Estimate> exact = references();
        return sums -> {
            List<Estimate> out = new ArrayList<>();
            for (int e = 0; e < offsets.length; e++) {
                long outside = sums.count(offsets[e], 1);
                long inside = sums.count(offsets[e], 2);
                long n = outside + inside;
                double p = n == 0 ? Double.NaN : (double) inside / n;
                double se = n < 2 ? Double.NaN : Math.sqrt(p * (1 - p) / n);
                out.add(new Estimate("event." + events.get(e).name(), p, se, n));
            }
            out.addAll(exact);
            return out;
        };
    }

    /** The exact probabilities of every event under each class law and under the data law. */
    public List<Estimate> references() {
        List<Estimate> out = new ArrayList<>();
        double total = 0.0;
        for (int k = 0; k < target.classes(); k++) {
            total += target.classWeight(k);
        }
        for (Event ev : events) {
            double data = 0.0;
            for (int k = 0; k < target.classes(); k++) {
                double p = 0.0;
                for (Component c : target.components()) {
                    if (c.cls() == k) {
                        p += c.weight() / target.classWeight(k) * ev.probability(c);
                    }
                }
                data += target.classWeight(k) / total * p;
                out.add(reference("event." + ev.name() + ".class[" + k + "]", p, ev));
            }
            out.add(reference("event." + ev.name() + ".data", data, ev));
        }
        return out;
    }

    private static Estimate reference(String name, double p, Event ev) {
        Estimate e = new Estimate(name, p, 0.0, 0);
        return Double.isNaN(p) ? e.withNote("not computed: no closed form for " + ev + " under a component of this"
                + " class (a correlated Gaussian and a box, a non-isotropic Gaussian and a ball, or a uniform box and an"
                + " oblique half-space or a ball in d > 1)") : e;
    }
}
