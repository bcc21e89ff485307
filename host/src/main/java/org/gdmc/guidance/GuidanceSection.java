package org.gdmc.guidance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;
import org.gdmc.process.ForwardProcess;

/**
 * The {@code guidance} section of a study file: the form, the sweep of its strength, and the strength's schedule along
 * the path.
 * <pre>
 * guidance:
 *   type: classifier-free       # s = (1+w) ∇log p_t(x|c) − w ∇log p_t(x); or: classifier (s = ∇log p_t + γ ∇log p_t(c|x));
 *                               # or a variant of classifier-free guidance: cfg++ (lambda), power-law (exponent),
 *                               # rescaled (rescale), apg (eta, threshold, momentum), autoguidance (weak)
 *   w: [0.0]                    # for classifier-free and the variants; classifier: gamma: [...]; cfg++: lambda: [...]
 *   schedule:                   # optional; default: the same strength at every time
 *     type: interval            # the strength w (or γ) only in an interval, and outside elsewhere
 *     t: [0.2, 1.0]             # low ≤ t ≤ high; or sigma: [0.28, 5.42], low &lt; σ_t/α_t ≤ high
 *     outside: 0                # default: the conditional score (w = 0, γ = 1)
 *   # schedule: {type: knots, t: [0.001, 0.5, 1, 5], values: [1, 1, -0.5, 0]}   w(t) = w · f(t), f piecewise linear
 *   # schedule: {type: linear, from: 0, to: 2}      w · (from + (to − from) u), u = (T − t)/(T − δ); or cosine
 * </pre>
 * Each value of the list is one guidance of the sweep, the same schedule at that strength; all share each particle's
 * noise.
 */
public final class GuidanceSection {
    /** The section's key in a study file. */
    public static final String NAME = "guidance";
    private static final Set<String> FIELDS = Set.of("type", "w", "gamma", "lambda", "schedule", "unconditional",
            "exponent", "rescale", "eta", "threshold", "momentum", "weak");
    /** Each variant's own fields, refused under any other type. */
    private static final Map<String, List<String>> OWN = Map.of(
            "power-law", List.of("exponent"),
            "rescaled", List.of("rescale"),
            "apg", List.of("eta", "threshold", "momentum"),
            "autoguidance", List.of("weak"));
    private static final Set<String> SCHEDULE = Set.of("type", "t", "sigma", "outside", "values", "from", "to");

    private GuidanceSection() {
    }

    /**
     * The largest classifier-free weight (γ − 1 for classifier guidance) a study may ask for: guidance used in practice
     * stays below 100, and at 10^6 the tilted law's log-density still keeps ten digits where log-ratios of the mixture
     * reach 10^4; far beyond, the references' quadrature sees only zeros.
     */
    public static final double LARGEST_WEIGHT = 1e6;

    /**
     * What the section is read against: the target's dimension, the forward process and the sampler's path [δ, T]
     * (knots must lie on it; the named shapes span it) and its method (CFG++ is defined for some samplers only).
     */
    public record Context(int dimension, ForwardProcess process, double horizon, double delta, String sampler) {
    }

    /**
     * Reads the section (null: absent, every default) and writes its resolved form under {@value #NAME}. A list of
     * sections puts several guidance families in one study, e.g. classifier-free guidance beside APG and CFG++: their
     * sweeps run one after the other in one sweep, every value sharing each particle's noise.
     */
    public static List<Guidance> read(JsonNode node, ObjectNode resolved, Context path) {
        if (node != null && node.isArray()) {
            if (node.isEmpty()) {
                throw new ConfigException(NAME, "an empty list: give one guidance section, or a list of them");
            }
            var list = resolved.putArray(NAME);
            List<Guidance> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String at = NAME + "[" + i + "]";
                if (i > 0 && node.get(i).has("unconditional")) {
                    throw new ConfigException(at + ".unconditional", "give the unconditional model once, in "
                            + "guidance[0]: it belongs to the score model every family guides");
                }
                out.addAll(readOne(node.get(i), list.addObject(), path, at));
            }
            return out;
        }
        return readOne(node, resolved.putObject(NAME), path, NAME);
    }

    /** The section (a mapping) of one guidance family at {@code at}, resolved into {@code rg}. */
    private static List<Guidance> readOne(JsonNode node, ObjectNode rg, Context path, String at) {
        ObjectNode g = node == null ? JsonNodeFactory.instance.objectNode() : Fields.object(node, at, FIELDS);
        String type = Fields.text(g, "type", at, "classifier-free");
        rg.put("type", type);
        for (Map.Entry<String, List<String>> e : OWN.entrySet()) {
            if (!e.getKey().equals(type)) {
                for (String f : e.getValue()) {
                    if (g.has(f)) {
                        throw new ConfigException(at + "." + f, "belongs to guidance type " + e.getKey()
                                + ", not " + type);
                    }
                }
            }
        }
        String symbol = switch (type) {
            case "classifier" -> "gamma";
            case "cfg++" -> "lambda";
            case "classifier-free", "power-law", "rescaled", "apg", "autoguidance" -> "w";
            default -> throw new ConfigException(at + ".type", "expected classifier-free, classifier, cfg++, "
                    + "power-law, rescaled, apg or autoguidance, got \"" + type + "\"");
        };
        for (String other : List.of("w", "gamma", "lambda")) {
            if (!other.equals(symbol) && g.has(other)) {
                throw new ConfigException(at + "." + other, "does not apply to guidance type " + type + "; give "
                        + symbol + " (" + (symbol.equals("gamma") ? "the classifier's scale"
                        : symbol.equals("lambda") ? "CFG++'s interpolation weight, 0 to 1" : "the guidance weight")
                        + ")");
            }
        }
        double[] values = g.has(symbol) ? Fields.numbers(g.get(symbol), at + "." + symbol)
                : new double[] {symbol.equals("w") ? 0.0 : 1.0};
        rg.set(symbol, Fields.toTree(values));
        double conditional = symbol.equals("w") ? 0.0 : 1.0;
        GuidanceSchedule shape = schedule(g.get("schedule"), conditional, rg, path, at + ".schedule");
        List<Guidance> out = new ArrayList<>();
        for (double v : values) {
            out.add(variant(type, shape.scaledTo(v), g, rg, path, at));
        }
        for (int i = 0; i < out.size(); i++) {
            checkRange(at, symbol, i, values[i]);
        }
        if (!out.isEmpty() && out.get(0).samplers() != null && !out.get(0).samplers().contains(path.sampler())) {
            throw new ConfigException(at + ".type", type + " is defined for the samplers "
                    + String.join(" and ", new java.util.TreeSet<>(out.get(0).samplers())) + " (its denoise-and-renoise "
                    + "step), not for sampler.method " + path.sampler());
        }
        return out;
    }

    /** The guidance of the type at one scaled schedule, with the type's own fields. */
    private static Guidance variant(String type, GuidanceSchedule schedule, ObjectNode g, ObjectNode rg,
                                    Context path, String at) {
        return switch (type) {
            case "classifier" -> new ClassifierGuidance(schedule);
            case "cfg++" -> new CfgPlusPlus(schedule);
            case "power-law" -> {
                if (!g.has("exponent")) {
                    throw new ConfigException(at + ".exponent", "power-law guidance needs its exponent a in "
                            + "s_c + w |s_c - s_u|^a (s_c - s_u), a >= 0 (0 is classifier-free guidance)");
                }
                double a = Fields.number(g, "exponent", at, 0.0);
                if (!(a >= 0)) {
                    throw new ConfigException(at + ".exponent", "must be >= 0, got " + a);
                }
                rg.put("exponent", a);
                yield new PowerLawGuidance(schedule, a);
            }
            case "rescaled" -> {
                if (path.dimension() < 2) {
                    throw new ConfigException(at + ".type", "rescaled guidance divides standard deviations over "
                            + "the coordinates and needs d >= 2; the target has d = " + path.dimension());
                }
                double phi = Fields.number(g, "rescale", at, 0.7);
                if (!(phi >= 0) || phi > 1) {
                    throw new ConfigException(at + ".rescale", "must be in [0, 1] (the share of the rescaled "
                            + "score), got " + phi);
                }
                rg.put("rescale", phi);
                yield new RescaledGuidance(schedule, phi);
            }
            case "apg" -> {
                double eta = Fields.number(g, "eta", at, 0.0);
                double r = Fields.number(g, "threshold", at, 0.0);
                double beta = Fields.number(g, "momentum", at, 0.0);
                if (!(r >= 0)) {
                    throw new ConfigException(at + ".threshold", "must be >= 0 (0: no norm threshold), got " + r);
                }
                if (!(Math.abs(beta) < 1)) {
                    throw new ConfigException(at + ".momentum", "must be in (-1, 1): the running sum "
                            + "m <- dD + beta m grows without bound otherwise; got " + beta);
                }
                rg.put("eta", eta);
                rg.put("threshold", r);
                rg.put("momentum", beta);
                yield new ProjectedGuidance(schedule, eta, r, beta);
            }
            case "autoguidance" -> {
                if (!g.has("weak")) {
                    throw new ConfigException(at + ".weak", "autoguidance needs its weak model: a score error, "
                            + "e.g. weak: {type: smoothed, epsilon: 0.2}");
                }
                ObjectNode rw = rg.has("weak") ? (ObjectNode) rg.get("weak") : rg.putObject("weak");
                ScoreError weak = ScoreErrorSection.read(g.get("weak"), path.dimension(), rw, at + ".weak", false);
                if (weak.kind() == ScoreError.Kind.NONE || weak.epsilon() == 0.0) {
                    throw new ConfigException(at + ".weak", "the weak model must differ from the model: give a "
                            + "type other than none and epsilon > 0, got " + weak.describe());
                }
                yield new AutoGuidance(schedule, weak);
            }
            default -> new ClassifierFreeGuidance(schedule);
        };
    }

    private static void checkRange(String at, String symbol, int i, double given) {
        String field = at + "." + symbol + "[" + i + "]";
        double w = symbol.equals("w") ? given : given - 1.0;
        if (w > LARGEST_WEIGHT) {
            throw new ConfigException(field, "must be at most " + (symbol.equals("w") ? "1e6" : "1e6 + 1")
                    + ": beyond it the tilted law's log-density (1+w) log p0(x|c) - w log p0(x), which the references "
                    + "integrate, loses every digit; got " + given);
        }
        if (!(w >= -1.0)) {
            throw new ConfigException(field, switch (symbol) {
                case "w" -> "must be >= -1 (w = -1 is the unconditional score)";
                case "gamma" -> "must be >= 0 (gamma = 0 is the unconditional score)";
                default -> "must be >= 0 (lambda = 0 is the unconditional score)";
            } + ": below it the tilted law p0(x|c)^(1+w) p0(x)^(-w) that the study's references compare against is "
                    + "not a probability law; got " + given);
        }
    }

    /**
     * The schedule's shape (at scale 1; each value of the sweep scales it), from {@code guidance.schedule}: absent or
     * {@code type: constant}, the same strength at every time; {@code interval}, a {@link GuidanceInterval} whose
     * strength outside defaults to the form's conditional strength; {@code knots}, a {@link StrengthKnots} table on
     * [δ, T]; {@code linear} or {@code cosine}, a {@link StrengthShape} over the path. A schedule given is written to
     * the resolved form (an absent one is not, so studies without one keep their resolved configuration).
     */
    private static GuidanceSchedule schedule(JsonNode node, double conditional, ObjectNode resolved, Context path,
                                             String at) {
        if (node == null || node.isNull()) {
            return new ConstantStrength(1.0);
        }
        ObjectNode s = Fields.object(node, at, SCHEDULE);
        String type = Fields.text(s, "type", at, "constant");
        ObjectNode rs = resolved.putObject("schedule");
        rs.put("type", type);
        switch (type) {
            case "constant" -> {
                Fields.forbid(s, at, List.of("t", "sigma", "outside", "values", "from", "to"), "belongs to another "
                        + "schedule type; a constant one has no fields");
                return new ConstantStrength(1.0);
            }
            case "interval" -> {
                Fields.forbid(s, at, List.of("values", "from", "to"), "does not apply to an interval schedule");
                GuidanceInterval.Axis axis = axis(s, "an interval needs t: [low, high] (forward time) or sigma: "
                        + "[low, high] (noise level)", at);
                String field = at + "." + axis.label();
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
                double outside = Fields.number(s, "outside", at, conditional);
                rs.set(axis.label(), Fields.toTree(range));
                rs.put("outside", outside);
                return new GuidanceInterval(axis, range[0], range[1], 1.0, outside);
            }
            case "knots" -> {
                Fields.forbid(s, at, List.of("outside", "from", "to"), "does not apply to a knots schedule");
                GuidanceInterval.Axis axis = axis(s, "a knots schedule needs t: [t0, t1, ...] (forward time) or "
                        + "sigma: [...] (noise level), and values: [...]", at);
                String field = at + "." + axis.label();
                double[] x = Fields.vector(s.get(axis.label()), field);
                if (!s.has("values")) {
                    throw new ConfigException(at + ".values", "missing: one strength factor per knot");
                }
                double[] f = Fields.vector(s.get("values"), at + ".values");
                if (x.length < 2) {
                    throw new ConfigException(field, "needs at least two knots, got " + x.length);
                }
                if (f.length != x.length) {
                    throw new ConfigException(at + ".values", "needs one value per knot: " + x.length + " knots, "
                            + f.length + " values");
                }
                double lo = axis.at(path.delta(), path.process());
                double hi = axis.at(path.horizon(), path.process());
                double slack = 1e-12 * hi;
                for (int i = 0; i < x.length; i++) {
                    if (i > 0 && !(x[i] > x[i - 1])) {
                        throw new ConfigException(field + "[" + i + "]", "knots must increase strictly: "
                                + x[i - 1] + " then " + x[i]);
                    }
                    if (x[i] < lo - slack || x[i] > hi + slack) {
                        throw new ConfigException(field + "[" + i + "]", String.format(java.util.Locale.ROOT,
                                "must lie on the sampled path [%s, %s] (%s), got %s", lo, hi,
                                axis == GuidanceInterval.Axis.TIME ? "sampler.delta to sampler.T"
                                        : "sigma_t/alpha_t at sampler.delta and sampler.T", x[i]));
                    }
                }
                rs.set(axis.label(), Fields.toTree(x));
                rs.set("values", Fields.toTree(f));
                return new StrengthKnots(axis, x, f, 1.0);
            }
            case "linear", "cosine" -> {
                Fields.forbid(s, at, List.of("t", "sigma", "outside", "values"), "does not apply to a " + type
                        + " schedule (it spans the path from T to delta; use knots for another range)");
                double from = Fields.number(s, "from", at, 0.0);
                double to = Fields.number(s, "to", at, 2.0);
                rs.put("from", from);
                rs.put("to", to);
                return new StrengthShape(type.equals("linear") ? StrengthShape.Kind.LINEAR : StrengthShape.Kind.COSINE,
                        from, to, path.horizon(), path.delta(), 1.0);
            }
            default -> throw new ConfigException(at + ".type", "expected constant, interval, knots, linear or cosine, "
                    + "got \"" + type + "\"");
        }
    }

    private static GuidanceInterval.Axis axis(ObjectNode s, String missing, String at) {
        if (s.has("t") == s.has("sigma")) {
            throw new ConfigException(at, s.has("t") ? "give t or sigma, not both" : missing);
        }
        return s.has("t") ? GuidanceInterval.Axis.TIME : GuidanceInterval.Axis.NOISE;
    }
}
