package org.gdmc.smc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;
import org.gdmc.guidance.ConstantStrength;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.GuidedScore;
import org.gdmc.guidance.ScoreError;
import org.gdmc.sampler.AffineStep;
import org.gdmc.sampler.ReverseSampler;

/**
 * The {@code sampler.smc} subsection: sequential Monte Carlo sampling of the tilted law q_w of each guidance value.
 * <pre>
 * sampler:
 *   method: euler-maruyama     # or ddpm: SMC moves particles with a stochastic affine step
 *   smc:
 *     island: 1024             # particles per island: a multiple of 1024, at most the batch
 *     ess: 0.5                 # resample an island when its effective sample size falls below ess × island
 *     weights: exact           # or feynman-kac (Skreta et al.'s potential, exact only as the steps shrink)
 *     proposal: guided         # or conditional: move under the conditional score, weigh towards q_w
 *     moves: 0                 # Metropolis-adjusted Langevin steps per particle at every node (resample-move)
 *     stepScales: [1, 0.1]     # multiples of the island's step that its moves take in turn, across nodes; the
 *                              # first is adapted to acceptance 0.574, the smaller let particles on stiff flanks move
 *     target: tilted           # q_w of each guidance value; or {type: annealed, beta: 2} (p(x|c)^beta),
 *                              # {type: annealed-data, beta: 0.5} (p(x)^beta) or product (p(x|c) p(x)), which every
 *                              # guidance value targets alike, the guidance list then naming the proposals
 * </pre>
 * {@code smc: none} (e.g. {@code --set sampler.smc=none}) runs the plain sampler instead.
 */
public final class SmcSection {
    /** The subsection's key under {@code sampler}. */
    public static final String NAME = "smc";
    private static final Set<String> FIELDS = Set.of("island", "ess", "weights", "proposal", "moves", "stepScales",
            "target");
    private static final Set<String> TARGET = Set.of("type", "beta");
    /** Particles per reduction block; an island holds whole blocks. */
    public static final int BLOCK = 1024;

    private SmcSection() {
    }

    /**
     * Reads {@code sampler.smc} (null when the study has none) and writes its resolved form into the resolved sampler
     * section.
     */
    public static SmcOptions read(JsonNode node, ReverseSampler sampler, ObjectNode resolvedSampler) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().equals("none"))) {
            // absent, or switched off from the command line: --set sampler.smc=none
            return null;
        }
        String at = "sampler." + NAME;
        ObjectNode s = Fields.object(node, at, FIELDS);
        if (sampler.kernel() != AffineStep.CODE || !sampler.stochastic()) {
            throw new ConfigException(at, "SMC moves its particles with a stochastic affine step and weighs each "
                    + "step by its Gaussian density; use sampler.method: euler-maruyama or ddpm, not "
                    + sampler.name());
        }
        int island = Fields.smallInteger(s, "island", at, SmcOptions.DEFAULT.island());
        if (island < BLOCK || island % BLOCK != 0) {
            throw new ConfigException(at + ".island", "must be a positive multiple of the reduction block, "
                    + BLOCK + " particles, got " + island);
        }
        double ess = Fields.number(s, "ess", at, SmcOptions.DEFAULT.ess());
        if (!(ess > 0 && ess <= 1)) {
            throw new ConfigException(at + ".ess", "the resampling threshold is a fraction of the island in (0, 1], "
                    + "got " + ess);
        }
        String weights = Fields.text(s, "weights", at, SmcOptions.DEFAULT.weights().key());
        WeightRule rule = Fields.byLabel(WeightRule.values(), WeightRule::key, weights, at + ".weights");
        String proposal = Fields.byLabel(new String[] {"guided", "conditional"}, label -> label,
                Fields.text(s, "proposal", at, SmcOptions.DEFAULT.proposal()), at + ".proposal");
        int moves = Fields.smallInteger(s, "moves", at, SmcOptions.DEFAULT.moves());
        if (moves < 0 || moves > SmcOptions.MAX_MOVES) {
            throw new ConfigException(at + ".moves", "must be in [0, " + SmcOptions.MAX_MOVES + "] Langevin steps "
                    + "per node, got " + moves);
        }
        List<Double> scales = scales(s.get("stepScales"), at + ".stepScales");
        SmcTarget target = target(s.get("target"), at + ".target");
        if (rule == WeightRule.FEYNMAN_KAC && (target.kind() != SmcTarget.Kind.TILTED
                || proposal.equals("conditional"))) {
            throw new ConfigException(at + ".weights", "feynman-kac weighs particles that move under the target's own "
                    + "score, (1+w) s_c - w s_u, which only the tilted target's guided proposal does; use weights: "
                    + "exact with target " + target.kind().key() + " and proposal " + proposal);
        }
        SmcOptions o = new SmcOptions(island, ess, rule, proposal.equals("conditional"), moves, target, scales);
        ObjectNode r = resolvedSampler.putObject(NAME);
        r.put("island", o.island());
        r.put("ess", o.ess());
        r.put("weights", o.weights().key());
        r.put("proposal", o.proposal());
        r.put("moves", o.moves());
        ArrayNode ladder = r.putArray("stepScales");
        o.scales().forEach(ladder::add);
        if (target.kind().annealed()) {
            ObjectNode t = r.putObject("target");
            t.put("type", target.kind().key());
            t.put("beta", target.beta());
        } else {
            r.put("target", target.kind().key());
        }
        return o;
    }

    /**
     * {@code stepScales}: one number or a list of 1 to {@value SmcOptions#MAX_SCALES} multiples of the island's
     * Langevin step, each in (0, 1000] (its moves take them in turn; the first is the adapted one).
     */
    private static List<Double> scales(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return SmcOptions.DEFAULT_SCALES;
        }
        double[] v = Fields.numbers(node, at);
        if (v.length > SmcOptions.MAX_SCALES) {
            throw new ConfigException(at, "at most " + SmcOptions.MAX_SCALES + " step scales, got " + v.length);
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0 && v[i] <= MAX_SCALE)) {
                throw new ConfigException(at + "[" + i + "]", "a step scale is a multiple of the island's adapted "
                        + "Langevin step in (0, " + (int) MAX_SCALE + "], got " + v[i]);
            }
            out.add(v[i]);
        }
        return out;
    }

    /** The largest step scale. */
    static final double MAX_SCALE = 1000.0;

    /** {@code target}: a family's label, or {type, beta} (β &gt; 0, finite, for the annealed families). */
    private static SmcTarget target(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return SmcTarget.TILTED;
        }
        String type;
        double beta = Double.NaN;
        if (node.isTextual()) {
            type = node.asText();
        } else {
            ObjectNode t = Fields.object(node, at, TARGET);
            type = Fields.text(t, "type", at, SmcTarget.Kind.TILTED.key());
            if (t.has("beta")) {
                beta = Fields.number(t, "beta", at, Double.NaN);
            }
        }
        SmcTarget.Kind kind = Fields.byLabel(SmcTarget.Kind.values(), SmcTarget.Kind::key, type, at + ".type");
        if (kind.annealed() && !(beta > 0 && beta <= MAX_BETA)) {
            throw new ConfigException(at + ".beta", "the annealed laws need an inverse temperature in (0, " + MAX_BETA
                    + "], got " + (Double.isNaN(beta) ? "none" : String.valueOf(beta)));
        }
        if (!kind.annealed() && !Double.isNaN(beta)) {
            throw new ConfigException(at + ".beta", "only the annealed targets take beta; " + kind.key() + " got "
                    + beta);
        }
        return new SmcTarget(kind, beta);
    }

    /** The largest inverse temperature of an annealed target. */
    static final double MAX_BETA = 1000.0;

    /**
     * Refuses what SMC cannot weigh: a guidance other than classifier-free or classifier guidance (a variant's step
     * keeps state, such as a momentum, that resampling would not carry), under the tilted target one whose strength
     * is not constant (the tilted law of a schedule is not Q_t's; under the other targets a guidance is only a
     * proposal, which the exact weights allow whatever its schedule), a modelled score error (the weights
     * need the model's own densities), a particle count or batch that is not whole islands.
     */
    public static void check(SmcOptions o, List<Guidance> guidances, ScoreError error, long particles,
                             int batchSize) {
        String at = "sampler." + NAME;
        boolean tilted = o.target().kind() == SmcTarget.Kind.TILTED;
        for (int g = 0; g < guidances.size(); g++) {
            Guidance guidance = guidances.get(g);
            int form = guidance.form();
            boolean plain = form == GuidedScore.CLASSIFIER_FREE || form == GuidedScore.CLASSIFIER;
            if (tilted && (!plain || !(guidance.schedule() instanceof ConstantStrength))) {
                throw new ConfigException("guidance", "SMC targets the tilted law p(x|c)^(1+w) p(x)^(-w) of "
                        + "classifier-free or classifier guidance at a constant strength; "
                        + guidance.describe() + " is neither (" + at + ")");
            }
            if (!plain) {
                throw new ConfigException("guidance", "SMC's proposals are classifier-free or classifier guidance "
                        + "(at any strength schedule); " + guidance.describe() + " is a variant whose step keeps "
                        + "state a resampled particle would not carry (" + at + ".target: "
                        + o.target().kind().key() + ")");
            }
        }
        if (error != null && error.kind() != ScoreError.Kind.NONE) {
            throw new ConfigException("scoreError", "SMC weighs paths with the score model's own densities, which a "
                    + "modelled score error does not have; remove scoreError or " + at);
        }
        if (batchSize > 0 && batchSize < o.island()) {
            throw new ConfigException(at + ".island", "an island of " + o.island() + " particles does not fit a "
                    + "batch of " + batchSize + "; use a smaller island or a larger batchSize");
        }
        if (particles % o.island() != 0) {
            throw new ConfigException("particles", "SMC runs whole islands of " + o.island() + " particles; "
                    + particles + " is not a multiple (" + at + ".island)");
        }
    }
}
