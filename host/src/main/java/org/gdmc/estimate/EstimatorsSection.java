package org.gdmc.estimate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;
import org.gdmc.mixture.Mixture;

/**
 * The {@code estimators} section of a study file: the settings of the support and entropy estimators and of the 1-D
 * references, with defaults derived from the target.
 * <pre>
 * estimators:
 *   boundaryWidths: [0.02, 0.06, 0.2]   # η: P(within η of the boundary); default 1%, 3%, 10% of the narrowest width
 *   distanceRange: [-1, 1]      # histogram of the signed distance to the boundary; default ± half the narrowest width
 *   distanceBins: 40
 *   knnNeighbours: 4            # k of the k-nearest-neighbour entropy
 *   knnSamples: 100000          # particles per guidance it uses (0 = off; default 100000 in d <= 8, else 0)
 *   exactLaw: false             # 1-D only: TV and entropy against the Fokker–Planck solution of the guided dynamics
 *   profile: {range: [-6, 6], bins: 96}   # 1-D only: the output's density per bin beside the reference laws'
 *   events:                     # P(X in A), sampled (binomial s.e.) and exact under each class law and the data law
 *     - {name: right, halfSpace: {normal: [1, 0], offset: 2}}   # a.x > b
 *     - {name: core, box: {lower: [-1, -1], upper: [1, 1]}}     # lo <= x <= hi
 *     - {name: near, ball: {center: [1, 0], radius: 0.5}}       # |x - c| <= r
 * </pre>
 *
 * @param support  the support estimators' settings
 * @param knn      the k-NN entropy's settings
 * @param exactLaw whether 1-D histograms are also measured against the exact law of the guided dynamics
 * @param profile  the 1-D density profile, or null for none
 * @param events   the regions whose probabilities are estimated (none by default)
 */
public record EstimatorsSection(SupportOptions support, KnnOptions knn, boolean exactLaw, ProfileOptions profile,
                                List<Event> events) {
    /** The section's key in a study file. */
    public static final String NAME = "estimators";
    private static final Set<String> FIELDS = Set.of("boundaryWidths", "distanceRange", "distanceBins",
            "knnNeighbours", "knnSamples", "exactLaw", "profile", "events");
    private static final Set<String> EVENT = Set.of("name", "halfSpace", "box", "ball");
    private static final Set<String> HALF_SPACE = Set.of("normal", "offset");
    private static final Set<String> BOX = Set.of("lower", "upper");
    private static final Set<String> BALL = Set.of("center", "radius");
    private static final Set<String> PROFILE = Set.of("range", "bins");

    /**
     * Reads the section (null: absent, every default) for class cls of the target and writes its resolved form under
     * {@value #NAME}.
     */
    public static EstimatorsSection read(JsonNode node, Mixture target, int cls, ObjectNode resolved) {
        return new EstimatorsSection(supportOptions(node, target, cls, resolved), knnOptions(node, target, resolved),
                exactLaw(node, target, resolved), profile(node, target, resolved), events(node, target, resolved));
    }

    private static SupportOptions supportOptions(JsonNode node, Mixture target, int cls, ObjectNode resolved) {
        ObjectNode e = node == null ? JsonNodeFactory.instance.objectNode() : Fields.object(node, NAME, FIELDS);
        SupportOptions defaults = SupportOptions.defaults(target, cls);
        double[] widths = e.has("boundaryWidths") ? Fields.vector(e.get("boundaryWidths"), "estimators.boundaryWidths")
                : defaults.boundaryWidths();
        for (int i = 0; i < widths.length; i++) {
            if (!(widths[i] > 0)) {
                throw new ConfigException("estimators.boundaryWidths[" + i + "]", "must be > 0, got " + widths[i]);
            }
        }
        double[] range = e.has("distanceRange") ? Fields.vector(e.get("distanceRange"), "estimators.distanceRange")
                : new double[] {defaults.distanceLow(), defaults.distanceHigh()};
        if (range.length != 2 || !(range[1] > range[0])) {
            throw new ConfigException("estimators.distanceRange", "expected [low, high] with high > low, got "
                    + java.util.Arrays.toString(range));
        }
        int bins = Fields.smallInteger(e, "distanceBins", "estimators", defaults.distanceBins());
        if (bins < 1 || bins > 100_000) {
            throw new ConfigException("estimators.distanceBins", "must be in [1, 100000], got " + bins);
        }
        ObjectNode r = resolved.putObject(NAME);
        r.set("boundaryWidths", Fields.toTree(widths));
        r.set("distanceRange", Fields.toTree(range));
        r.put("distanceBins", bins);
        return new SupportOptions(widths, range[0], range[1], bins);
    }

    private static KnnOptions knnOptions(JsonNode node, Mixture target, ObjectNode resolved) {
        ObjectNode e = node == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) node;
        KnnOptions defaults = KnnOptions.defaults(target.dimension());
        int k = Fields.smallInteger(e, "knnNeighbours", "estimators", defaults.neighbours());
        if (k < 1 || k > 1000) {
            throw new ConfigException("estimators.knnNeighbours", "must be in [1, 1000], got " + k);
        }
        int samples = Fields.smallInteger(e, "knnSamples", "estimators", defaults.samples());
        if (samples < 0 || (samples > 0 && samples <= k)) {
            throw new ConfigException("estimators.knnSamples", "must be 0 (off) or more than knnNeighbours = " + k
                    + ", got " + samples);
        }
        ObjectNode r = (ObjectNode) resolved.get(NAME);
        r.put("knnNeighbours", k);
        r.put("knnSamples", samples);
        return new KnnOptions(k, samples);
    }

    private static boolean exactLaw(JsonNode node, Mixture target, ObjectNode resolved) {
        boolean on = node != null && Fields.bool(node, "exactLaw", "estimators", false);
        if (on && target.dimension() != 1) {
            throw new ConfigException("estimators.exactLaw", "the Fokker-Planck reference is 1-D; the target has d="
                    + target.dimension());
        }
        ((ObjectNode) resolved.get(NAME)).put("exactLaw", on);
        return on;
    }

    /** {@code estimators.profile: {range: [low, high], bins: B}} (1-D; each bin at least two density-grid cells). */
    private static ProfileOptions profile(JsonNode node, Mixture target, ObjectNode resolved) {
        JsonNode p = node == null ? null : node.get("profile");
        if (p == null || p.isNull()) {
            return null;
        }
        ObjectNode o = Fields.object(p, "estimators.profile", PROFILE);
        if (target.dimension() != 1) {
            throw new ConfigException("estimators.profile", "the density profile is 1-D; the target has d="
                    + target.dimension());
        }
        double[] range = Fields.vector(o.get("range"), "estimators.profile.range");
        if (range.length != 2 || !(range[1] > range[0])) {
            throw new ConfigException("estimators.profile.range", "expected [low, high] with high > low, got "
                    + java.util.Arrays.toString(range));
        }
        int bins = Fields.smallInteger(o, "bins", "estimators.profile", 64);
        double cell = BinnedDensity.gridOf(target).width(0);
        if (bins < 1 || (range[1] - range[0]) / bins < 2 * cell) {
            throw new ConfigException("estimators.profile.bins", "must be >= 1 with bins at least two density-grid "
                    + "cells wide (" + cell + "), at most " + (int) ((range[1] - range[0]) / (2 * cell))
                    + " over this range; got " + bins);
        }
        ObjectNode r = ((ObjectNode) resolved.get(NAME)).putObject("profile");
        r.set("range", Fields.toTree(range));
        r.put("bins", bins);
        return new ProfileOptions(range[0], range[1], bins);
    }

    /**
     * {@code estimators.events}: a list of {name, and exactly one of halfSpace: {normal, offset}, box: {lower, upper},
     * ball: {center, radius}}, vectors of the target's dimension; names distinct, of letters, digits, '_' and '-'.
     */
    private static List<Event> events(JsonNode node, Mixture target, ObjectNode resolved) {
        JsonNode list = node == null ? null : node.get("events");
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new ConfigException("estimators.events", "expected a list of events, got " + Fields.show(list));
        }
        int d = target.dimension();
        List<Event> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        var r = ((ObjectNode) resolved.get(NAME)).putArray("events");
        for (int i = 0; i < list.size(); i++) {
            String at = "estimators.events[" + i + "]";
            ObjectNode o = Fields.object(list.get(i), at, EVENT);
            String name = Fields.text(o, "name", at, null);
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new ConfigException(at + ".name", "expected 1 to 64 letters, digits, '_' or '-', got "
                        + (name == null ? "nothing" : "\"" + name + "\""));
            }
            if (!names.add(name)) {
                throw new ConfigException(at + ".name", "\"" + name + "\" names an earlier event too");
            }
            List<String> kinds = new ArrayList<>();
            for (String k : List.of("halfSpace", "box", "ball")) {
                if (o.has(k)) {
                    kinds.add(k);
                }
            }
            if (kinds.size() != 1) {
                throw new ConfigException(at, "expected exactly one of halfSpace, box, ball, got "
                        + (kinds.isEmpty() ? "none" : String.join(", ", kinds)));
            }
            String kind = kinds.get(0);
            String path = at + "." + kind;
            Event ev = switch (kind) {
                case "halfSpace" -> {
                    ObjectNode h = Fields.object(o.get(kind), path, HALF_SPACE);
                    double[] a = vectorOf(h, "normal", path, d);
                    double norm = 0.0;
                    for (double v : a) {
                        norm += v * v;
                    }
                    if (!(norm > 0)) {
                        throw new ConfigException(path + ".normal", "must not be the zero vector");
                    }
                    yield Event.halfSpace(name, a, finite(h, "offset", path));
                }
                case "box" -> {
                    ObjectNode b = Fields.object(o.get(kind), path, BOX);
                    double[] lo = vectorOf(b, "lower", path, d);
                    double[] hi = vectorOf(b, "upper", path, d);
                    for (int j = 0; j < d; j++) {
                        if (!(hi[j] > lo[j])) {
                            throw new ConfigException(path + ".upper[" + j + "]", "must exceed lower[" + j + "] = "
                                    + lo[j] + ", got " + hi[j]);
                        }
                    }
                    yield Event.box(name, lo, hi);
                }
                default -> {
                    ObjectNode b = Fields.object(o.get(kind), path, BALL);
                    double[] c = vectorOf(b, "center", path, d);
                    double radius = finite(b, "radius", path);
                    if (!(radius > 0)) {
                        throw new ConfigException(path + ".radius", "must be > 0, got " + radius);
                    }
                    yield Event.ball(name, c, radius);
                }
            };
            out.add(ev);
            ObjectNode e = r.addObject();
            e.put("name", name);
            e.set(kind, o.get(kind));
        }
        return List.copyOf(out);
    }

    /** A vector field of length d with finite entries. */
    private static double[] vectorOf(ObjectNode o, String key, String path, int d) {
        if (!o.has(key)) {
            throw new ConfigException(path + "." + key, "is required");
        }
        double[] v = Fields.vector(o.get(key), path + "." + key);
        if (v.length != d) {
            throw new ConfigException(path + "." + key, "expected " + d + " numbers (the target's dimension), got "
                    + v.length);
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(v[j])) {
                throw new ConfigException(path + "." + key + "[" + j + "]", "must be finite, got " + v[j]);
            }
        }
        return v;
    }

    private static double finite(ObjectNode o, String key, String path) {
        if (!o.has(key)) {
            throw new ConfigException(path + "." + key, "is required");
        }
        double v = Fields.number(o.get(key), path + "." + key);
        if (!Double.isFinite(v)) {
            throw new ConfigException(path + "." + key, "must be finite, got " + v);
        }
        return v;
    }
}
