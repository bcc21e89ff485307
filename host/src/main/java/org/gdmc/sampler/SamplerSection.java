package org.gdmc.sampler;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;

/**
 * The {@code sampler} section of a study file: the reverse sampler and its time grid.
 * <pre>
 * sampler:
 *   method: euler-maruyama      # exponential-integrator | ddpm | probability-flow-heun
 *   steps: 200
 *   T: 5.0
 *   delta: 0.001
 *   grid: uniform               # or geometric
 *   start: standard             # y at T ~ N(0, I); exact: the class law pushed through the forward process
 * </pre>
 *
 * @param sampler the discretisation
 * @param grid    its reverse-time grid T = t₀ &gt; … &gt; t_n = δ
 * @param exactStart whether paths start from p_T(· | c) rather than N(0, I)
 */
public record SamplerSection(ReverseSampler sampler, TimeGrid grid, boolean exactStart) {
    /** The section's key in a study file. */
    public static final String NAME = "sampler";
    private static final Set<String> FIELDS = Set.of("method", "steps", "T", "delta", "grid", "start");
    /** The most reverse steps: the step plan keeps a few tables of doubles per step (and per guidance value). */
    public static final int MAX_STEPS = 1_000_000;

    /** Reads the section (null: absent, every default) and writes its resolved form under {@value #NAME}. */
    public static SamplerSection read(JsonNode node, ObjectNode resolved) {
        ObjectNode s = node == null ? JsonNodeFactory.instance.objectNode() : Fields.object(node, NAME, FIELDS);
        String method = Fields.text(s, "method", "sampler", "euler-maruyama");
        ReverseSampler sampler;
        try {
            sampler = ReverseSampler.byName(method);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sampler.method", e.getMessage());
        }
        int steps = Fields.smallInteger(s, "steps", "sampler", 200);
        if (steps < 1 || steps > MAX_STEPS) {
            throw new ConfigException("sampler.steps", "must be in [1, " + MAX_STEPS + "] (the step plan keeps "
                    + "tables per step in memory), got " + steps);
        }
        double horizon = Fields.number(s, "T", "sampler", 5.0);
        double delta = Fields.number(s, "delta", "sampler", 1e-3);
        if (!(delta > 0)) {
            throw new ConfigException("sampler.delta", "the early-stopping time must be > 0, got " + delta);
        }
        if (!(horizon > delta)) {
            throw new ConfigException("sampler.T", "must exceed sampler.delta = " + delta + ", got " + horizon);
        }
        String spacing = Fields.text(s, "grid", "sampler", "uniform");
        GridSpacing gs = switch (spacing) {
            case "uniform" -> GridSpacing.UNIFORM;
            case "geometric" -> GridSpacing.GEOMETRIC;
            default -> throw new ConfigException("sampler.grid", "expected uniform or geometric, got \"" + spacing + "\"");
        };
        TimeGrid grid = TimeGrid.of(gs, horizon, delta, steps);
        String start = Fields.text(s, "start", "sampler", "standard");
        if (!start.equals("standard") && !start.equals("exact")) {
            throw new ConfigException("sampler.start", "expected standard (N(0, I)) or exact (the class law pushed "
                    + "through the forward process), got \"" + start + "\"");
        }
        ObjectNode rs = resolved.putObject(NAME);
        rs.put("method", method);
        rs.put("steps", steps);
        rs.put("T", horizon);
        rs.put("delta", delta);
        rs.put("grid", spacing);
        rs.put("start", start);
        return new SamplerSection(sampler, grid, start.equals("exact"));
    }
}
