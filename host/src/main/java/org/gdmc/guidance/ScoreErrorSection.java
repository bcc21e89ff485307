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
        return read(node, d, resolved.putObject(NAME), NAME, true);
    }

    /**
     * Reads a score error at {@code at} (the study's {@code scoreError}, or autoguidance's weak model
     * {@code guidance.weak}, which has no scope) into the resolved node {@code re}.
     */
    public static ScoreError read(JsonNode node, int d, ObjectNode re, String at, boolean scoped) {
        ObjectNode e = node == null ? JsonNodeFactory.instance.objectNode() : Fields.object(node, at,
                scoped ? FIELDS : Set.of("type", "epsilon", "direction"));
        String type = Fields.text(e, "type", at, "none");
        ScoreError.Kind kind = Fields.byLabel(ScoreError.Kind.values(), ScoreError.Kind::label, type,
                at + ".type");
        re.put("type", type);
        if (kind == ScoreError.Kind.NONE) {
            Fields.forbid(e, at, List.of("epsilon", "scope", "direction"),
                    "has no effect with type none; set " + at + ".type");
            return ScoreError.NONE;
        }
        double eps = Fields.number(e, "epsilon", at, 0.0);
        if (!(eps >= 0)) {
            throw new ConfigException(at + ".epsilon", "must be >= 0, got " + eps);
        }
        String scopeName = scoped ? Fields.text(e, "scope", at, "both") : "conditional";
        ScoreError.Scope scope = Fields.byLabel(ScoreError.Scope.values(), ScoreError.Scope::label, scopeName,
                at + ".scope");
        double[] dir = new double[d];
        if (e.has("direction")) {
            if (kind != ScoreError.Kind.BIAS) {
                throw new ConfigException(at + ".direction", "applies to a bias only, not to " + type);
            }
            dir = Fields.vector(e.get("direction"), at + ".direction");
            double norm = 0.0;
            for (double v : dir) {
                norm += v * v;
            }
            if (dir.length != d || !(norm > 0)) {
                throw new ConfigException(at + ".direction", "must be a non-zero vector of length " + d + ", got "
                        + java.util.Arrays.toString(dir));
            }
        } else {
            dir[0] = 1.0;
        }
        re.put("epsilon", eps);
        if (scoped) {
            re.put("scope", scopeName);
        }
        if (kind == ScoreError.Kind.BIAS) {
            re.set("direction", Fields.toTree(dir));
        }
        return new ScoreError(kind, eps, scope, dir);
    }
}
