package org.gdmc.guidance;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;

/**
 * The {@code scoreError} section of a study file: a modelled error of the model scores (default: exact scores).
 * <pre>
 * scoreError:
 *   type: bias                  # s + ε u; relative: (1 + ε) s; smoothed: exact score of p₀ ∗ N(0, ε² I); none
 *   epsilon: 0.1
 *   scope: both                 # conditional | unconditional | both
 *   direction: [1.0, 0.0]       # bias only; normalised; default e₁
 * </pre>
 */
public final class ScoreErrorSection {
    /** The section's key in a study file. */
    public static final String NAME = "scoreError";
    private static final Set<String> FIELDS = Set.of("type", "epsilon", "scope", "direction");

    private ScoreErrorSection() {
    }

    /**
     * Reads the section (null: absent, exact scores) for a target in d dimensions and writes its resolved form under
     * {@value #NAME}.
     */
    public static ScoreError read(JsonNode node, int d, ObjectNode resolved) {
        ObjectNode e = node == null ? JsonNodeFactory.instance.objectNode() : Fields.object(node, NAME, FIELDS);
        String type = Fields.text(e, "type", NAME, "none");
        ScoreError.Kind kind = Fields.byLabel(ScoreError.Kind.values(), ScoreError.Kind::label, type,
                "scoreError.type");
        ObjectNode re = resolved.putObject(NAME);
        re.put("type", type);
        if (kind == ScoreError.Kind.NONE) {
            Fields.forbid(e, NAME, List.of("epsilon", "scope", "direction"),
                    "has no effect with type none; set scoreError.type");
            return ScoreError.NONE;
        }
        double eps = Fields.number(e, "epsilon", NAME, 0.0);
        if (!(eps >= 0)) {
            throw new ConfigException("scoreError.epsilon", "must be >= 0, got " + eps);
        }
        String scopeName = Fields.text(e, "scope", NAME, "both");
        ScoreError.Scope scope = Fields.byLabel(ScoreError.Scope.values(), ScoreError.Scope::label, scopeName,
                "scoreError.scope");
        double[] dir = new double[d];
        if (e.has("direction")) {
            if (kind != ScoreError.Kind.BIAS) {
                throw new ConfigException("scoreError.direction", "applies to a bias only, not to " + type);
            }
            dir = Fields.vector(e.get("direction"), "scoreError.direction");
            double norm = 0.0;
            for (double v : dir) {
                norm += v * v;
            }
            if (dir.length != d || !(norm > 0)) {
                throw new ConfigException("scoreError.direction", "must be a non-zero vector of length " + d + ", got "
                        + java.util.Arrays.toString(dir));
            }
        } else {
            dir[0] = 1.0;
        }
        re.put("epsilon", eps);
        re.put("scope", scopeName);
        if (kind == ScoreError.Kind.BIAS) {
            re.set("direction", Fields.toTree(dir));
        }
        return new ScoreError(kind, eps, scope, dir);
    }
}
