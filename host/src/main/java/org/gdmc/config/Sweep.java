package org.gdmc.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;
import org.gdmc.study.SweepAxis;

/**
 * A sweep over one field of a continuous study, beside its sweep over w:
 * <pre>
 * sweep:
 *   field: scoreError.epsilon      # any field --set can set
 *   values: [0, 0.025, 0.05, 0.1]
 * </pre>
 * The study runs once per value with the field set to it. Each run keeps the study's seed, so particle i draws the
 * same noise at every value (the comparison across values is paired, as across w).
 */
public final class Sweep {
    private static final Set<String> FIELDS = Set.of("field", "values");
    /** Fields a sweep may not vary: w has its own sweep; the others cannot change a figure or name the result. */
    private static final Set<String> FIXED = Set.of("name", "threads", "batchSize", "guidance.w", "guidance.gamma",
            "guidance", "sweep");

    private final SweepAxis axis;

    private Sweep(String field, List<JsonNode> values) {
        this.axis = new SweepAxis(field, values);
    }

    /** The swept field and its values, as the sweep's result records them. */
    public SweepAxis axis() {
        return axis;
    }

    /** Reads and removes the {@code sweep} block of a study tree; null when there is none. */
    public static Sweep take(ObjectNode root) {
        JsonNode node = root.remove("sweep");
        if (node == null) {
            return null;
        }
        ObjectNode s = Fields.object(node, "sweep", FIELDS);
        String field = Fields.text(s, "field", "sweep", null);
        if (field == null || field.isBlank()) {
            throw new ConfigException("sweep.field", "missing: name the field to sweep, e.g. scoreError.epsilon");
        }
        JsonNode list = s.get("values");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ConfigException("sweep.values", "expected a non-empty list of values, got " + Fields.show(list));
        }
        List<JsonNode> values = new ArrayList<>();
        list.forEach(values::add);
        return of(field, values, "sweep");
    }

    /** {@code --sweep FIELD=V1,V2,…}: each value read as a YAML scalar. */
    public static Sweep parse(String option) {
        int eq = option.indexOf('=');
        if (eq <= 0 || eq == option.length() - 1) {
            throw new ConfigException("--sweep", "expected FIELD=V1,V2,..., got \"" + option + "\"");
        }
        List<JsonNode> values = new ArrayList<>();
        for (String v : option.substring(eq + 1).split(",")) {
            ObjectNode holder = JsonNodeFactory.instance.objectNode();
            Overrides.apply(holder, "v", v.strip());
            values.add(holder.get("v"));
        }
        return of(option.substring(0, eq).strip(), values, "--sweep");
    }

    private static Sweep of(String field, List<JsonNode> values, String where) {
        if (FIXED.contains(field)) {
            throw new ConfigException(where.equals("sweep") ? "sweep.field" : where, "cannot sweep " + field
                    + (field.startsWith("guidance") ? ": list the weights in guidance.w (or gamma) instead"
                    : ": it does not change what is sampled"));
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isContainerNode() || values.get(i).isNull()) {
                throw new ConfigException(where.equals("sweep") ? "sweep.values[" + i + "]" : where,
                        "expected a number or a word, got " + Fields.show(values.get(i)));
            }
            for (int j = 0; j < i; j++) {
                if (values.get(j).equals(values.get(i))) {
                    throw new ConfigException(where.equals("sweep") ? "sweep.values[" + i + "]" : where,
                            "repeats the value " + Fields.show(values.get(i)));
                }
            }
        }
        return new Sweep(field, values);
    }

    /** The swept field's dotted path. */
    public String field() {
        return axis.field();
    }

    public int size() {
        return axis.size();
    }

    /** The i-th value as text, for tables and legends. */
    public String label(int i) {
        return axis.label(i);
    }

    /** Sets the swept field of a study tree to the i-th value. */
    public void applyTo(ObjectNode root, int i) {
        Overrides.set(root, field(), axis.value(i));
    }

    /**
     * A point's bad value as the sweep's error: {@code sweep.values[i]}, with the field, the value and the reason.
     * Errors in other fields are returned unchanged.
     */
    public ConfigException blame(ConfigException e, int i) {
        String field = field();
        if (!e.field().equals(field) && !e.field().startsWith(field + ".") && !e.field().startsWith(field + "[")) {
            return e;
        }
        return new ConfigException("sweep.values[" + i + "]", field + " = " + Fields.show(axis.value(i)) + ": "
                + e.reason());
    }
}
