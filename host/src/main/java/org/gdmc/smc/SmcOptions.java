package org.gdmc.smc;

import java.util.List;

/**
 * How a study samples the tilted law, or another geometric law of the model's densities, by sequential Monte Carlo
 * ({@code sampler.smc}).
 *
 * @param island      particles per island, M: a positive multiple of the reduction block (1024)
 * @param ess         θ in (0, 1]: an island resamples when its effective sample size falls below θM
 * @param weights     how a step is weighted
 * @param conditional whether the particles move under the conditional score (w = 0) rather than under each guidance
 *                    value's own guided score; the target is q_w of the guidance value either way
 * @param moves       Metropolis-adjusted Langevin steps per particle at every node, each leaving that node's target
 *                    invariant (resample-move): 0 for plain sequential importance resampling
 * @param target      the law sampled ({@link SmcTarget#TILTED}: q_w of each guidance value)
 * @param scales      the multiples ρ_0, ρ_1, … of the island's Langevin step ε that its moves take in turn (move r at
 *                    node i takes ε ρ_{(i·moves + r) mod L}); ε follows the acceptance of the moves at ρ_0 only. Each move leaves
 *                    the node's target invariant whatever its ρ, so any ladder is exact; one of several scales lets
 *                    the particles where the target is stiff (a guided law's steep flank) move, which one step sized
 *                    by the island's mean acceptance would leave frozen
 */
public record SmcOptions(int island, double ess, WeightRule weights, boolean conditional, int moves,
                         SmcTarget target, List<Double> scales) {
    /** The most Langevin moves per node. */
    public static final int MAX_MOVES = 1000;
    /** The most step scales in a ladder. */
    public static final int MAX_SCALES = 16;
    /** The default ladder: the adapted step, then a tenth of it. */
    public static final List<Double> DEFAULT_SCALES = List.of(1.0, 0.1);
    /** Islands of one reduction block, resampling at half the island, exact weights, the guided proposal, no moves. */
    public static final SmcOptions DEFAULT = new SmcOptions(1024, 0.5, WeightRule.EXACT, false, 0);

    public SmcOptions {
        scales = List.copyOf(scales);
        if (scales.isEmpty() || scales.size() > MAX_SCALES) {
            throw new IllegalArgumentException("a ladder of 1 to " + MAX_SCALES + " step scales, got "
                    + scales.size());
        }
        for (double s : scales) {
            if (!(s > 0 && s < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("step scales are positive and finite, got " + s);
            }
        }
    }

    /** Targeting the given law with the default ladder of step scales. */
    public SmcOptions(int island, double ess, WeightRule weights, boolean conditional, int moves,
                      SmcTarget target) {
        this(island, ess, weights, conditional, moves, target, DEFAULT_SCALES);
    }

    /** Targeting the tilted law. */
    public SmcOptions(int island, double ess, WeightRule weights, boolean conditional, int moves) {
        this(island, ess, weights, conditional, moves, SmcTarget.TILTED);
    }

    /** The same options with another ladder of step scales. */
    public SmcOptions withScales(List<Double> ladder) {
        return new SmcOptions(island, ess, weights, conditional, moves, target, ladder);
    }

    /**
     * The multiple of the island's step that move r at node i takes: ρ_{k mod L} with k = i·moves + r the island's
     * move count, so the ladder runs on across nodes (with one move a node, the nodes take the scales in turn).
     */
    public double scale(int i, int r) {
        return scales.get(ladderIndex(i, r));
    }

    /** Whether the island's step follows the acceptance of move r at node i (the ladder's first scale). */
    public boolean adapts(int i, int r) {
        return ladderIndex(i, r) == 0;
    }

    private int ladderIndex(int i, int r) {
        return (int) (((long) i * moves + r) % scales.size());
    }

    /** The study's proposal, as the resolved configuration names it. */
    public String proposal() {
        return conditional ? "conditional" : "guided";
    }
}
