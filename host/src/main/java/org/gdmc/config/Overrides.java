package org.gdmc.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;

/**
 * {@code --set path=value}: sets one field of the configuration tree before validation. The path is dotted with
 * optional list indices ({@code sampler.steps}, {@code target.components[1].weight}); the value is read as a YAML
 * scalar or flow collection ({@code 400}, {@code 1e-3}, {@code geometric}, {@code [0, 1, 4]}).
 */
public final class Overrides {
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private Overrides() {
    }

    public static void apply(ObjectNode root, String path, String value) {
        JsonNode parsed;
        try {
            parsed = YAML.readTree(Fields.quoteSpecialFloats(value));
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        if (parsed == null || parsed.isMissingNode() || parsed.isNull() && !value.isBlank()) {
            parsed = TextNode.valueOf(value);
        }
        set(root, path, parsed);
    }

    /** Sets the field at the dotted path to a parsed value (as {@link #apply}, without reading text). */
    public static void set(ObjectNode root, String path, JsonNode parsed) {
        if (path == null || path.isBlank()) {
            throw new ConfigException("(override)", "empty field path in --set");
        }
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int index = -1;
            String key = part;
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                if (!part.endsWith("]")) {
                    throw new ConfigException(path, "malformed path in --set");
                }
                key = part.substring(0, bracket);
                try {
                    index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
                } catch (NumberFormatException e) {
                    throw new ConfigException(path, "malformed list index in --set");
                }
                if (index < 0) {
                    throw new ConfigException(path, "list index " + index + " in --set: indices start at 0");
                }
            }
            boolean last = i == parts.length - 1;
            if (!(node instanceof ObjectNode obj)) {
                throw new ConfigException(path, "cannot set a field inside a non-mapping value");
            }
            if (index < 0) {
                if (last) {
                    obj.set(key, parsed);
                    return;
                }
                JsonNode child = obj.get(key);
                if (child != null && child.isArray()) {
                    throw new ConfigException(path, "'" + key + "' is a list here: name an element, e.g. " + key
                            + "[0]." + String.join(".", java.util.Arrays.copyOfRange(parts, i + 1, parts.length)));
                }
                if (child == null || !child.isObject()) {
                    child = obj.putObject(key);
                }
                node = child;
            } else {
                JsonNode list = obj.get(key);
                if (!(list instanceof ArrayNode arr) || index >= arr.size() || index < 0) {
                    throw new ConfigException(path, "no list element " + key + "[" + index + "] to set");
                }
                if (last) {
                    arr.set(index, parsed);
                    return;
                }
                node = arr.get(index);
            }
        }
    }
}
