package org.gdmc.config;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Strict, path-aware reads from a parsed configuration tree. Every failure is a {@link ConfigException}. */
final class Tree {
    private Tree() {
    }

    private static final java.util.regex.Pattern SPECIAL_FLOAT =
            java.util.regex.Pattern.compile("(?<=^|[\\s\\[,:{])([-+]?\\.(?:nan|NaN|NAN|inf|Inf|INF))(?=$|[\\s\\],}#])");

    /**
     * YAML's special floats (.nan, .inf, -.inf) as quoted text: Jackson's YAML reader rejects them as malformed with no
     * field path, while gdmc rejects every non-finite input anyway and wants to name the field ({@link #number}).
     */
    static String quoteSpecialFloats(String yaml) {
        return SPECIAL_FLOAT.matcher(yaml).replaceAll("\"$1\"");
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String show(JsonNode n) {
        return n == null ? "nothing" : n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
    }

    static ObjectNode object(JsonNode n, String path, Set<String> allowed) {
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
    static void forbid(JsonNode n, String path, java.util.List<String> fields, String why) {
        for (String f : fields) {
            if (n.has(f)) {
                throw new ConfigException(join(path, f), why);
            }
        }
    }

    static double number(JsonNode n, String path) {
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

    static double number(JsonNode parent, String key, String path, double fallback) {
        JsonNode n = parent.get(key);
        return n == null || n.isNull() ? fallback : number(n, join(path, key));
    }

    static long integer(JsonNode n, String path) {
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

    static long integer(JsonNode parent, String key, String path, long fallback) {
        JsonNode n = parent.get(key);
        return n == null || n.isNull() ? fallback : integer(n, join(path, key));
    }

    static int smallInteger(JsonNode parent, String key, String path, int fallback) {
        long v = integer(parent, key, path, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ConfigException(join(path, key), "out of range, got " + v);
        }
        return (int) v;
    }

    static boolean bool(JsonNode parent, String key, String path, boolean fallback) {
        JsonNode n = parent.get(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new ConfigException(join(path, key), "expected true or false, got " + show(n));
        }
        return n.booleanValue();
    }

    static String text(JsonNode parent, String key, String path, String fallback) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw new ConfigException(join(path, key), "expected text, got " + show(n));
        }
        return n.asText();
    }

    static double[] vector(JsonNode n, String path) {
        if (n == null || !n.isArray()) {
            throw new ConfigException(path, "expected a list of numbers, got " + show(n));
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(n.get(i), path + "[" + i + "]");
        }
        return v;
    }

    static double[][] matrix(JsonNode n, String path) {
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
