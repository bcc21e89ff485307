package org.gdmc.sampler;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;
import org.gdmc.process.ForwardProcess;

/**
 * The {@code sampler} section of a study file: the reverse sampler and its time grid.
 * <pre>
 * sampler:
 *   method: euler-maruyama      # exponential-integrator | ddpm | ddim | dpm-solver++2m | predictor-corrector
 *                               # | probability-flow-heun
 *   steps: 200
 *   T: 5.0
 *   delta: 0.001
 *   grid: uniform               # or geometric, or log-snr (uniform in log(α/σ))
 *   corrector:                  # predictor-corrector only
 *     steps: 1                  # m >= 0 Langevin steps after each DDIM step (0: DDIM on the conditional score)
 *     rule: beta                # step size ε_i: beta (κ ∫β over the step), sigma2 (κ σ²), constant (κ)
 *     scale: 1.0                # κ > 0
 *   start: standard             # y at T ~ N(0, I); exact: the class law pushed through the forward process
 *   smc: {...}                  # sequential Monte Carlo of the tilted law (read by {@code SmcSection})
 * </pre>
 *
 * @param sampler the discretisation
 * @param grid    its reverse-time grid T = t₀ &gt; … &gt; t_n = δ
 * @param exactStart whether paths start from p_T(· | c) rather than N(0, I)
 */
public record SamplerSection(ReverseSampler sampler, TimeGrid grid, boolean exactStart) {
    /** The section's key in a study file. */
    public static final String NAME = "sampler";
    private static final Set<String> FIELDS = Set.of("method", "steps", "T", "delta", "grid", "start",
            "corrector", "smc");
    private static final Set<String> CORRECTOR = Set.of("steps", "rule", "scale");
    /** The most reverse steps: the step plan keeps a few tables of doubles per step (and per guidance value). */
    public static final int MAX_STEPS = 1_000_000;

    /**
     * Reads the section (null: absent, every default) for the forward process (which a log-SNR grid and a sampler's
     * check of its grid read) and writes its resolved form under {@value #NAME}.
     */
    public static SamplerSection read(JsonNode node, ForwardProcess process, ObjectNode resolved) {
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
        GridSpacing gs = Fields.byLabel(GridSpacing.values(), GridSpacing::key, spacing, "sampler.grid");
        TimeGrid grid = TimeGrid.of(gs, process, horizon, delta, steps);
        ObjectNode corrector = null;
        if (s.has("corrector")) {
            if (!(sampler instanceof PredictorCorrector)) {
                throw new ConfigException("sampler.corrector", "only the predictor-corrector sampler has a corrector; "
                        + "the method is " + method);
            }
            corrector = Fields.object(s.get("corrector"), "sampler.corrector", CORRECTOR);
        }
        if (sampler instanceof PredictorCorrector) {
            sampler = corrector(corrector, steps);
        }
        String problem = sampler.gridProblem(process, grid);
        if (problem != null) {
            throw new ConfigException("sampler.grid", problem + " (grid \"" + spacing + "\", " + steps + " steps)");
        }
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
        if (sampler instanceof PredictorCorrector pc) {
            ObjectNode rc = rs.putObject("corrector");
            rc.put("steps", pc.steps());
            rc.put("rule", pc.rule().key());
            rc.put("scale", pc.scale());
        }
        return new SamplerSection(sampler, grid, start.equals("exact"));
    }

    /** The predictor–corrector sampler of the {@code corrector} subsection (null: every default). */
    private static PredictorCorrector corrector(ObjectNode c, int predictorSteps) {
        if (c == null) {
            return PredictorCorrector.DEFAULT;
        }
        int m = Fields.smallInteger(c, "steps", "sampler.corrector", PredictorCorrector.DEFAULT.steps());
        if (m < 0 || m > PredictorCorrector.MAX_STEPS) {
            throw new ConfigException("sampler.corrector.steps", "must be in [0, " + PredictorCorrector.MAX_STEPS
                    + "] Langevin steps per predictor step, got " + m);
        }
        if ((long) predictorSteps * (m + 1) > MAX_STEPS * 10L) {
            throw new ConfigException("sampler.corrector.steps", m + " corrector steps on each of " + predictorSteps
                    + " steps make " + (long) predictorSteps * (m + 1) + " score evaluations per particle; at most "
                    + MAX_STEPS * 10L);
        }
        String rule = Fields.text(c, "rule", "sampler.corrector", PredictorCorrector.DEFAULT.rule().key());
        PredictorCorrector.Rule r = Fields.byLabel(PredictorCorrector.Rule.values(), PredictorCorrector.Rule::key,
                rule, "sampler.corrector.rule");
        double scale = Fields.number(c, "scale", "sampler.corrector", PredictorCorrector.DEFAULT.scale());
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new ConfigException("sampler.corrector.scale", "the corrector's step scale must be a finite number "
                    + "> 0, got " + scale);
        }
        return new PredictorCorrector(m, r, scale);
    }
}
