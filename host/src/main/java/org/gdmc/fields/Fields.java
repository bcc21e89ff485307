package org.gdmc.fields;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Strict, path-aware reads from a parsed study tree (YAML or JSON), shared by every section's reader: each read names
 * the field's dotted path, and every failure is a {@link ConfigException} naming that field and the value given.
 */
public final class Fields {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fields() {
    }

    /** A value (a number, an array of numbers or of rows) as a tree, for a section's resolved form. */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** The constant whose label is {@code value}, or a ConfigException naming the field and listing the labels. */
    public static <E> E byLabel(E[] values, java.util.function.Function<E, String> label, String value, String field) {
        java.util.List<String> known = new java.util.ArrayList<>();
        for (E v : values) {
            if (label.apply(v).equals(value)) {
                return v;
            }
            known.add(label.apply(v));
        }
        throw new ConfigException(field, "expected one of " + String.join(", ", known) + ", got \"" + value + "\"");
    }

    private static final java.util.regex.Pattern SPECIAL_FLOAT =
            java.util.regex.Pattern.compile("(?<=^|[\\s\\[,:{])([-+]?\\.(?:nan|NaN|NAN|inf|Inf|INF))(?=$|[\\s\\],}#])");

    /**
     * YAML's special floats (.nan, .inf, -.inf) as quoted text: Jackson's YAML reader rejects them as malformed with no
     * field path, while gdmc rejects every non-finite input anyway and wants to name the field ({@link #number}).
     */
    public static String quoteSpecialFloats(String yaml) {
        return SPECIAL_FLOAT.matcher(yaml).replaceAll("\"$1\"");
    }

    public static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public static String show(JsonNode n) {
        return n == null ? "nothing" : n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
    }

    public static ObjectNode object(JsonNode n, String path, Set<String> allowed) {
        if (n == null || !n.isObject()) {
            throw new ConfigException(path.isEmpty() ? "(top level)" : path, "expected a mapping of fields, got " + show(n));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!allowed.contains(key)) {
                throw new ConfigException(join(path, key), "unknown field; known fields here: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return (ObjectNode) n;
    }

    /** Refuses each listed field that {@code n} has, as path.field with the reason {@code why}. */
    public static void forbid(JsonNode n, String path, java.util.List<String> fields, String why) {
        for (String f : fields) {
            if (n.has(f)) {
                throw new ConfigException(join(path, f), why);
            }
        }
    }

    public static double number(JsonNode n, String path) {
        if (n == null || !n.isNumber()) {
            if (n != null && n.isTextual()) {
                String t = n.asText().trim().toLowerCase();
                if (t.equals("nan") || t.equals(".nan") || t.contains("inf")) {
                    throw new ConfigException(path, "must be a finite number, got " + show(n));
                }
            }
            throw new ConfigException(path, "expected a number, got " + show(n));
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            throw new ConfigException(path, "must be a finite number, got " + v);
        }
        return v;
    }

    public static double number(JsonNode parent, String key, String path, double fallback) {
        JsonNode n = parent.get(key);
        return n == null || n.isNull() ? fallback : number(n, join(path, key));
    }

    public static long integer(JsonNode n, String path) {
        if (n != null && n.isNumber() && !n.isIntegralNumber()) {
            double v = n.doubleValue();
            if (Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 9.007199254740992E15) {
                return (long) v;    // 1e6 written in scientific notation
            }
        }
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new ConfigException(path, "expected an integer, got " + show(n));
        }
        return n.longValue();
    }

    public static long integer(JsonNode parent, String key, String path, long fallback) {
        JsonNode n = parent.get(key);
        return n == null || n.isNull() ? fallback : integer(n, join(path, key));
    }

    public static int smallInteger(JsonNode parent, String key, String path, int fallback) {
        long v = integer(parent, key, path, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ConfigException(join(path, key), "must fit a 32-bit integer (magnitude below 2^31 = "
                    + "2147483648), got " + v);
        }
        return (int) v;
    }

    public static boolean bool(JsonNode parent, String key, String path, boolean fallback) {
        JsonNode n = parent.get(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new ConfigException(join(path, key), "expected true or false, got " + show(n));
        }
        return n.booleanValue();
    }

    public static String text(JsonNode parent, String key, String path, String fallback) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw new ConfigException(join(path, key), "expected text, got " + show(n));
        }
        return n.asText();
    }

    public static double[] vector(JsonNode n, String path) {
        if (n == null || !n.isArray()) {
            throw new ConfigException(path, "expected a list of numbers, got " + show(n));
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(n.get(i), path + "[" + i + "]");
        }
        return v;
    }

    /** One number or a non-empty list of numbers (a sweep of guidance strengths, say). */
    public static double[] numbers(JsonNode n, String path) {
        double[] v = n.isArray() ? vector(n, path) : new double[] {number(n, path)};
        if (v.length == 0) {
            throw new ConfigException(path, "needs at least one value");
        }
        return v;
    }

    public static double[][] matrix(JsonNode n, String path) {
        if (n == null || !n.isArray()) {
            throw new ConfigException(path, "expected a list of rows, got " + show(n));
        }
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(n.get(i), path + "[" + i + "]");
        }
        return m;
    }
}
