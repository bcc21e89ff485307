package org.gdmc.process;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;

/**
 * The {@code process} section of a study file: the forward process dX = −β(t) X dt + √(2β(t)) dB.
 * <pre>
 * process:
 *   schedule: constant          # β(t) = beta; or linear: β(t) = beta0 + beta1·t
 *   beta: 1.0
 * </pre>
 */
public final class ProcessSection {
    /** The section's key in a study file. */
    public static final String NAME = "process";
    private static final Set<String> FIELDS = Set.of("schedule", "beta", "beta0", "beta1");

    private ProcessSection() {
    }

    /** Reads the section (null: absent, every default) and writes its resolved form under {@value #NAME}. */
    public static ForwardProcess read(JsonNode node, ObjectNode resolved) {
        return new ForwardProcess(schedule(node, resolved));
    }

    private static NoiseSchedule schedule(JsonNode node, ObjectNode resolved) {
        ObjectNode p = node == null ? JsonNodeFactory.instance.objectNode() : Fields.object(node, NAME, FIELDS);
        String kind = Fields.text(p, "schedule", "process", "constant");
        ObjectNode rp = resolved.putObject(NAME);
        rp.put("schedule", kind);
        switch (kind) {
            case "constant" -> {
                Fields.forbid(p, "process", List.of("beta0", "beta1"), "belongs to the linear schedule; constant takes beta");
                double beta = Fields.number(p, "beta", "process", 1.0);
                if (!(beta > 0)) {
                    throw new ConfigException("process.beta", "must be > 0, got " + beta);
                }
                rp.put("beta", beta);
                return new ConstantSchedule(beta);
            }
            case "linear" -> {
                Fields.forbid(p, "process", List.of("beta"), "belongs to the constant schedule; linear takes beta0, beta1");
                double b0 = Fields.number(p, "beta0", "process", 0.1);
                double b1 = Fields.number(p, "beta1", "process", 1.0);
                if (!(b0 > 0)) {
                    throw new ConfigException("process.beta0", "must be > 0, got " + b0);
                }
                if (!(b1 >= 0)) {
                    throw new ConfigException("process.beta1", "must be >= 0, got " + b1);
                }
                rp.put("beta0", b0);
                rp.put("beta1", b1);
                return new LinearSchedule(b0, b1);
            }
            default -> throw new ConfigException("process.schedule",
                    "expected constant or linear, got \"" + kind + "\"");
        }
    }
}
