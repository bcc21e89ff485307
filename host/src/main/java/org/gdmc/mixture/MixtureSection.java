package org.gdmc.mixture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;

/**
 * The {@code target} section of a study file: a mixture of Gaussian and uniform components, validated field by field.
 * <pre>
 * target:
 *   type: mixture               # of Gaussian and uniform components
 *   components:                 # K ≥ 1; weights sum to 1; each class label 0..C−1 owns ≥ 1 component
 *     - class: 0
 *       weight: 0.5
 *       mean: [1.0, 0.0]        # d = its length, 1 ≤ d ≤ 64
 *       covariance: [[1, 0], [0, 1]]   # or variance: 1.0 (σ² I), or diagonal: [1, 1]; default variance 1
 *     - class: 1
 *       weight: 0.5
 *       box: [[-3, -1], [0, 1]] # uniform on [−3, −1] × [0, 1]; in d = 1 also intervals: [[a, b], [c, e], …]
 * </pre>
 */
public final class MixtureSection {
    /** The section's key in a study file. */
    public static final String NAME = "target";
    private static final Set<String> TARGET = Set.of("type", "components");
    private static final Set<String> COMPONENT = Set.of("class", "weight", "mean", "covariance", "variance", "diagonal",
            "box", "intervals");

    private MixtureSection() {
    }

    /**
     * Reads the section and writes its resolved form (every component with its covariance or box spelled out) under
     * {@value #NAME} in {@code resolved}.
     */
    public static Mixture read(JsonNode node, ObjectNode resolved) {
        ObjectNode t = Fields.object(node, NAME, TARGET);
        String type = Fields.text(t, "type", NAME, "mixture");
        if (!type.equals("mixture") && !type.equals("gaussian-mixture")) {
            throw new ConfigException("target.type", "unknown target type \"" + type + "\"; known: mixture");
        }
        Mixture target = mixture(t, NAME, false);
        ObjectNode rt = resolved.putObject(NAME);
        rt.put("type", "mixture");
        ArrayNode rc = rt.putArray("components");
        for (Component c : target.components()) {
            write(rc.addObject(), c, true);
        }
        return target;
    }

    /** A component's resolved form: its class (when labelled), weight, and covariance or box spelled out. */
    private static void write(ObjectNode o, Component c, boolean labelled) {
        if (labelled) {
            o.put("class", c.cls());
        }
        o.put("weight", c.weight());
        switch (c) {
            case GaussianComponent g -> {
                o.set("mean", Fields.toTree(g.mean()));
                o.set("covariance", Fields.toTree(g.covariance()));
            }
            case BoxComponent b -> {
                double[][] box = new double[b.dimension()][];
                for (int j = 0; j < box.length; j++) {
                    box[j] = new double[] {b.lower()[j], b.upper()[j]};
                }
                o.set("box", Fields.toTree(box));
            }
        }
    }

    /**
     * A separate unconditional model ({@code guidance.unconditional: {components: [...]}}), written as a target's
     * components without class labels (every component is p_u's), and its resolved form under {@code resolved}.
     */
    public static Mixture readUnconditional(JsonNode node, String path, ObjectNode resolved) {
        ObjectNode t = Fields.object(node, path, Set.of("components"));
        Mixture u = mixture(t, path, true);
        ArrayNode rc = resolved.putArray("components");
        for (Component c : u.components()) {
            write(rc.addObject(), c, false);
        }
        return u;
    }

    private static Mixture mixture(ObjectNode t, String path, boolean unlabelled) {
        JsonNode list = t.get("components");
        if (list == null || !list.isArray()) {
            throw new ConfigException(path + ".components", "expected a list of components, got " + Fields.show(list));
        }
        if (list.isEmpty()) {
            throw new ConfigException(path + ".components", "a mixture needs at least one component (K = 0)");
        }
        List<Component> components = new ArrayList<>();
        List<Integer> entryOf = new ArrayList<>(); // the config entry each built component came from
        for (int k = 0; k < list.size(); k++) {
            components.addAll(component(list.get(k), k, list.size(), path, unlabelled));
            while (entryOf.size() < components.size()) {
                entryOf.add(k);
            }
        }
        try {
            return Mixture.of(components);
        } catch (InvalidTargetException e) {
            throw new ConfigException(configField(e.field(), entryOf, list, path),
                    e.getMessage().substring(e.field().length() + 2));
        }
    }

    /** The components of config entry k: one Gaussian, one box, or one box per interval. */
    private static List<Component> component(JsonNode entry, int k, int entries, String path, boolean unlabelled) {
        String at = path + ".components[" + k + "]";
        ObjectNode c = Fields.object(entry, at, COMPONENT);
        if (unlabelled && c.has("class")) {
            throw new ConfigException(at + ".class", "an unconditional model has no classes: remove the label");
        }
        if (!unlabelled && c.get("class") == null) {
            throw new ConfigException(at + ".class", "required: the class label that owns this component");
        }
        int label = unlabelled ? 0 : Fields.smallInteger(c, "class", at, 0);
        if (label < 0 || label >= entries) {
            throw new ConfigException(at + ".class", "class labels are 0..C-1 and each class owns a component, so "
                    + "with " + entries + " component" + (entries == 1 ? "" : "s") + " a label is at most "
                    + (entries - 1) + "; got " + label);
        }
        if (c.get("weight") == null) {
            throw new ConfigException(at + ".weight", "required");
        }
        double weight = Fields.number(c.get("weight"), at + ".weight");
        if (c.has("box") || c.has("intervals")) {
            return uniform(c, at, label, weight);
        }
        double[] mean = Fields.vector(c.get("mean"), at + ".mean");
        int given = (c.has("covariance") ? 1 : 0) + (c.has("variance") ? 1 : 0) + (c.has("diagonal") ? 1 : 0);
        if (given > 1) {
            throw new ConfigException(at, "give one of covariance, variance or diagonal, not several");
        }
        double[][] cov;
        if (c.has("covariance")) {
            cov = Fields.matrix(c.get("covariance"), at + ".covariance");
        } else if (c.has("diagonal")) {
            double[] diag = Fields.vector(c.get("diagonal"), at + ".diagonal");
            if (diag.length != mean.length) {
                throw new ConfigException(at + ".diagonal", "must have length " + mean.length + ", got " + diag.length);
            }
            cov = new double[diag.length][diag.length];
            for (int i = 0; i < diag.length; i++) {
                if (!(diag[i] > 0)) {
                    throw new ConfigException(at + ".diagonal[" + i + "]", "variance must be > 0, got " + diag[i]);
                }
                cov[i][i] = diag[i];
            }
        } else {
            double v = Fields.number(c, "variance", at, 1.0);
            if (!(v > 0)) {
                throw new ConfigException(at + ".variance", "must be > 0, got " + v);
            }
            cov = GaussianComponent.isotropic(label, weight, mean, v).covariance();
        }
        for (int i = 0; i < mean.length; i++) {
            checkLocation(mean[i], at + ".mean[" + i + "]");
            if (i < cov.length && i < cov[i].length && cov[i][i] > SCALE_LIMIT * SCALE_LIMIT) {
                throw new ConfigException(at + (c.has("covariance") ? ".covariance[" + i + "][" + i + "]"
                        : c.has("diagonal") ? ".diagonal[" + i + "]" : ".variance"), "a variance of at most "
                        + SCALE_LIMIT * SCALE_LIMIT + " (a standard deviation of 1e12), got " + cov[i][i]);
            }
        }
        return List.of(new GaussianComponent(label, weight, mean, cov));
    }

    /**
     * The largest |coordinate| of a mean or a box bound, and the largest standard deviation: beyond them the
     * estimators' ranges (a few standard deviations around every component, cut into up to 65,536 bins), the grids of
     * the references and the squared distances of the scores overflow or lose every digit. A study that needs more can
     * rescale its coordinates.
     */
    public static final double LOCATION_LIMIT = 1e12;
    public static final double SCALE_LIMIT = 1e12;

    private static void checkLocation(double x, String field) {
        if (!(Math.abs(x) <= LOCATION_LIMIT)) {
            throw new ConfigException(field, "must lie within +-" + LOCATION_LIMIT + " (rescale the coordinates), got "
                    + x);
        }
    }

    /** Maps a field of the built mixture ("components[k].lower[0]") to the config entry it came from. */
    private static String configField(String field, List<Integer> entryOf, JsonNode list, String path) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("components\\[(\\d+)\\](.*)").matcher(field);
        if (!m.matches()) {
            return path + "." + field;
        }
        int entry = entryOf.get(Integer.parseInt(m.group(1)));
        String rest = m.group(2);
        if (rest.startsWith(".lower") || rest.startsWith(".upper")) {
            rest = list.get(entry).has("box") ? ".box" : ".intervals";
        }
        return path + ".components[" + entry + "]" + rest;
    }

    /**
     * A uniform component: {@code box: [[a₁, b₁], …, [a_d, b_d]]} (one interval per coordinate), or in d = 1
     * {@code intervals: [[a, b], [c, e], …]}, the uniform law on a union of disjoint intervals, split into one
     * component per interval with weight ∝ length.
     */
    private static List<Component> uniform(ObjectNode c, String at, int label, double weight) {
        Fields.forbid(c, at, List.of("mean", "covariance", "variance", "diagonal"),
                "belongs to a Gaussian component; a uniform one takes box or intervals");
        if (c.has("box") && c.has("intervals")) {
            throw new ConfigException(at, "give box or intervals, not both");
        }
        String field = c.has("box") ? "box" : "intervals";
        double[][] rows = Fields.matrix(c.get(field), at + "." + field);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != 2) {
                throw new ConfigException(at + "." + field + "[" + i + "]", "expected [lower, upper], got "
                        + rows[i].length + " numbers");
            }
            if (!(rows[i][1] > rows[i][0])) {
                throw new ConfigException(at + "." + field + "[" + i + "]", "upper must exceed lower, got ["
                        + rows[i][0] + ", " + rows[i][1] + "]");
            }
            checkLocation(rows[i][0], at + "." + field + "[" + i + "][0]");
            checkLocation(rows[i][1], at + "." + field + "[" + i + "][1]");
        }
        if (field.equals("box")) {
            double[] lo = new double[rows.length];
            double[] hi = new double[rows.length];
            for (int j = 0; j < rows.length; j++) {
                lo[j] = rows[j][0];
                hi[j] = rows[j][1];
            }
            return List.of(new BoxComponent(label, weight, lo, hi));
        }
        double[][] sorted = rows.clone();
        java.util.Arrays.sort(sorted, java.util.Comparator.comparingDouble(r -> r[0]));
        double total = 0.0;
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i][0] < sorted[i - 1][1]) {
                throw new ConfigException(at + ".intervals", "intervals must not overlap: [" + sorted[i - 1][0] + ", "
                        + sorted[i - 1][1] + "] and [" + sorted[i][0] + ", " + sorted[i][1] + "]");
            }
            total += sorted[i][1] - sorted[i][0];
        }
        List<Component> out = new ArrayList<>();
        for (double[] r : rows) {
            out.add(BoxComponent.interval(label, weight * (r[1] - r[0]) / total, r[0], r[1]));
        }
        return out;
    }
}
