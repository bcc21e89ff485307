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
 * The {@code guidance} section of a study file: the form and the sweep of its strength.
 * <pre>
 * guidance:
 *   type: classifier-free       # s = (1+w) ∇log p_t(x|c) − w ∇log p_t(x); or: classifier (s = ∇log p_t + γ ∇log p_t(c|x))
 *   w: [0.0]                    # for classifier-free; for classifier give gamma: [...]
 * </pre>
 * Each value of the list is one guidance of the sweep; all share each particle's noise.
 */
public final class GuidanceSection {
    /** The section's key in a study file. */
    public static final String NAME = "guidance";
    private static final Set<String> FIELDS = Set.of("type", "w", "gamma");

    private GuidanceSection() {
    }

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
                for (double w : ws) {
                    out.add(new ClassifierFreeGuidance(w));
                }
                rg.set("w", Fields.toTree(ws));
            }
            case "classifier" -> {
                if (g.has("w")) {
                    throw new ConfigException("guidance.w", "belongs to classifier-free guidance; use gamma with classifier");
                }
                double[] gs = g.has("gamma") ? Fields.numbers(g.get("gamma"), "guidance.gamma") : new double[] {1.0};
                for (double gamma : gs) {
                    out.add(new ClassifierGuidance(gamma));
                }
                rg.set("gamma", Fields.toTree(gs));
            }
            default -> throw new ConfigException("guidance.type",
                    "expected classifier-free or classifier, got \"" + type + "\"");
        }
        return out;
    }
}
