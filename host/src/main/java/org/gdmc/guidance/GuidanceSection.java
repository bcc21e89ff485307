package org.gdmc.guidance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;

/**
 * The {@code guidance} section of a study file: the form, the sweep of its strength, and the strength's schedule along
 * the path.
 * <pre>
 * guidance:
 *   type: classifier-free       # s = (1+w) ∇log p_t(x|c) − w ∇log p_t(x); or: classifier (s = ∇log p_t + γ ∇log p_t(c|x))
 *   w: [0.0]                    # for classifier-free; for classifier give gamma: [...]
 *   schedule:                   # optional; default: the same strength at every time
 *     type: interval            # the strength w (or γ) only in an interval, and outside elsewhere
 *     t: [0.2, 1.0]             # low ≤ t ≤ high; or sigma: [0.28, 5.42], low &lt; σ_t/α_t ≤ high
 *     outside: 0                # default: the conditional score (w = 0, γ = 1)
 * </pre>
 * Each value of the list is one guidance of the sweep, the same schedule at that strength; all share each particle's
 * noise.
 */
public final class GuidanceSection {
    /** The section's key in a study file. */
    public static final String NAME = "guidance";
    private static final Set<String> FIELDS = Set.of("type", "w", "gamma", "schedule", "unconditional");
    private static final Set<String> SCHEDULE = Set.of("type", "t", "sigma", "outside");
    private static final String AT = "guidance.schedule";

    private GuidanceSection() {
    }

    /**
     * The largest classifier-free weight (γ − 1 for classifier guidance) a study may ask for: guidance used in practice
     * stays below 100, and at 10^6 the tilted law's log-density still keeps ten digits where log-ratios of the mixture
     * reach 10^4; far beyond, the references' quadrature sees only zeros.
     */
    public static final double LARGEST_WEIGHT = 1e6;

    /** Reads the section (null: absent, every default) and writes its resolved form under {@value #NAME}. */
    public static List<Guidance> read(JsonNode node, ObjectNode resolved) {
        ObjectNode g = node == null ? JsonNodeFactory.instance.objectNode() : Fields.object(node, NAME, FIELDS);
        String type = Fields.text(g, "type", NAME, "classifier-free");
        ObjectNode rg = resolved.putObject(NAME);
        rg.put("type", type);
        List<Guidance> out = new ArrayList<>();
        switch (type) {
            case "classifier-free" -> {
                if (g.has("gamma")) {
                    throw new ConfigException("guidance.gamma", "belongs to classifier guidance; use w with classifier-free");
                }
                double[] ws = g.has("w") ? Fields.numbers(g.get("w"), "guidance.w") : new double[] {0.0};
                rg.set("w", Fields.toTree(ws));
                GuidanceSchedule shape = schedule(g.get("schedule"), 0.0, rg);
                for (double w : ws) {
                    out.add(new ClassifierFreeGuidance(shape.scaledTo(w)));
                }
            }
            case "classifier" -> {
                if (g.has("w")) {
                    throw new ConfigException("guidance.w", "belongs to classifier-free guidance; use gamma with classifier");
                }
                double[] gs = g.has("gamma") ? Fields.numbers(g.get("gamma"), "guidance.gamma") : new double[] {1.0};
                rg.set("gamma", Fields.toTree(gs));
                GuidanceSchedule shape = schedule(g.get("schedule"), 1.0, rg);
                for (double gamma : gs) {
                    out.add(new ClassifierGuidance(shape.scaledTo(gamma)));
                }
            }
            default -> throw new ConfigException("guidance.type",
                    "expected classifier-free or classifier, got \"" + type + "\"");
        }
        boolean cfg = type.equals("classifier-free");
        for (int i = 0; i < out.size(); i++) {
            double w = out.get(i).equivalentWeight();
            String field = cfg ? "guidance.w[" + i + "]" : "guidance.gamma[" + i + "]";
            double given = cfg ? w : w + 1.0;
            if (w > LARGEST_WEIGHT) {
                throw new ConfigException(field, "must be at most " + (cfg ? "1e6" : "1e6 + 1") + ": beyond it the "
                        + "tilted law's log-density (1+w) log p0(x|c) - w log p0(x), which the references integrate, "
                        + "loses every digit; got " + given);
            }
            if (!(w >= -1.0)) {
                throw new ConfigException(field, (cfg ? "must be >= -1 (w = -1 is the unconditional score)"
                        : "must be >= 0 (gamma = 0 is the unconditional score)") + ": below it the tilted law "
                        + "p0(x|c)^(1+w) p0(x)^(-w) that the study's references compare against is not a probability "
                        + "law; got " + given);
            }
        }
        return out;
    }

    /**
     * The schedule's shape (at scale 1; each value of the sweep scales it), from {@code guidance.schedule}: absent or
     * {@code type: constant}, the same strength at every time; {@code type: interval}, a {@link GuidanceInterval}
     * whose strength outside defaults to the form's conditional strength. A schedule given is written to the resolved
     * form (an absent one is not, so studies without one keep their resolved configuration).
     */
    private static GuidanceSchedule schedule(JsonNode node, double conditional, ObjectNode resolved) {
        if (node == null || node.isNull()) {
            return new ConstantStrength(1.0);
        }
        ObjectNode s = Fields.object(node, AT, SCHEDULE);
        String type = Fields.text(s, "type", AT, "constant");
        ObjectNode rs = resolved.putObject("schedule");
        rs.put("type", type);
        switch (type) {
            case "constant" -> {
                Fields.forbid(s, AT, List.of("t", "sigma", "outside"), "belongs to an interval schedule; "
                        + "a constant one has no fields");
                return new ConstantStrength(1.0);
            }
            case "interval" -> {
                if (s.has("t") == s.has("sigma")) {
                    throw new ConfigException(AT, s.has("t") ? "give t or sigma, not both"
                            : "an interval needs t: [low, high] (forward time) or sigma: [low, high] (noise level)");
                }
                GuidanceInterval.Axis axis = s.has("t") ? GuidanceInterval.Axis.TIME : GuidanceInterval.Axis.NOISE;
                String field = AT + "." + axis.label();
                double[] range = Fields.vector(s.get(axis.label()), field);
                if (range.length != 2) {
                    throw new ConfigException(field, "expected [low, high], got " + range.length + " numbers");
                }
                if (!(range[0] >= 0)) {
                    throw new ConfigException(field + "[0]", "must be >= 0, got " + range[0]);
                }
                if (!(range[1] > range[0])) {
                    throw new ConfigException(field, "high must exceed low, got [" + range[0] + ", " + range[1] + "]");
                }
                double outside = Fields.number(s, "outside", AT, conditional);
                rs.set(axis.label(), Fields.toTree(range));
                rs.put("outside", outside);
                return new GuidanceInterval(axis, range[0], range[1], 1.0, outside);
            }
            default -> throw new ConfigException(AT + ".type", "expected constant or interval, got \"" + type + "\"");
        }
    }
}
