package org.gdmc.smc;

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
 */
public record SmcOptions(int island, double ess, WeightRule weights, boolean conditional, int moves,
                         SmcTarget target) {
    /** Targeting the tilted law. */
    public SmcOptions(int island, double ess, WeightRule weights, boolean conditional, int moves) {
        this(island, ess, weights, conditional, moves, SmcTarget.TILTED);
    }

    /** The most Langevin moves per node. */
    public static final int MAX_MOVES = 1000;
    /** Islands of one reduction block, resampling at half the island, exact weights, the guided proposal, no moves. */
    public static final SmcOptions DEFAULT = new SmcOptions(1024, 0.5, WeightRule.EXACT, false, 0);

    /** The study's proposal, as the resolved configuration names it. */
    public String proposal() {
        return conditional ? "conditional" : "guided";
    }
}
