package org.gdmc.study;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a sweep varies, as its result records it: the swept field's dotted path and its values (YAML scalars), in the
 * order the sweep runs them.
 *
 * @param field  the swept field, e.g. {@code scoreError.epsilon}
 * @param values its values; copied
 */
public record SweepAxis(String field, List<JsonNode> values) {
    public SweepAxis {
        List<JsonNode> copies = new ArrayList<>();
        for (JsonNode v : values) {
            copies.add(v.deepCopy());
        }
        values = List.copyOf(copies);
    }

    @Override
    public List<JsonNode> values() {
        List<JsonNode> copies = new ArrayList<>();
        for (JsonNode v : values) {
            copies.add(v.deepCopy());
        }
        return copies;
    }

    public int size() {
        return values.size();
    }

    /** The i-th value (a copy). */
    public JsonNode value(int i) {
        return values.get(i).deepCopy();
    }

    /** The i-th value as text, for tables and legends. */
    public String label(int i) {
        return values.get(i).asText();
    }

    /** True when every value is a number (the figures then put the field on their x axis). */
    public boolean numeric() {
        return values.stream().allMatch(JsonNode::isNumber);
    }

    /** {@code {field, values}}, as written in result files. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("field", field);
        ArrayNode a = o.putArray("values");
        values.forEach(v -> a.add(v.deepCopy()));
        return o;
    }
}
