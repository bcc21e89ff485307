package org.gdmc.backend.vector;

import java.util.Arrays;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.guidance.ScoreError;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;
import org.gdmc.mixture.MixtureLayout;
import org.gdmc.sampler.AffineStep;

/**
 * A study the fast path runs, with everything about time precomputed per node: a mixture of Gaussians with diagonal
 * covariances Σ_k = diag(λ_k), exact scores, a stochastic affine sampler (y' = A y + B s + C z).
 *
 * <p>At node i (forward time t_i; node n + 1 is the data law) component k is N(α μ_k, diag(v_k)) with
 * v_kj = α² λ_kj + σ². The tables hold α μ_kj, 1 / v_kj and log w_k − ½ Σ_j log v_kj, so that a step costs
 * no logarithm for the log-determinants: l_k(x) = log w_k − ½ Σ_j [log v_kj + (x_j − α μ_kj)² / v_kj] (the
 * common −(d/2) log 2π cancels in every ratio used).
 *
 * <p>With the own class's components O and the others' Ō, ℓ = logit p_t(c | x) = LSE_O(l) − LSE_Ō(l), the group
 * scores s_O = Σ_{k∈O} r_k g_k and s_Ō (g_k = −(x − α μ_k) / v_k, r the in-group responsibilities), and
 * 1 − p = 1 / (1 + e^ℓ). Both guidances are then one formula: s_u = p s_O + (1 − p) s_Ō, so
 * CFG's s_O + w (s_O − s_u) and the classifier's s_u + γ (1 − p)(s_O − s_Ō) are s_O + κ (1 − p)(s_O − s_Ō)
 * with κ = w and κ = γ − 1, the guidance's equivalent weight at its strength at each step (a schedule is a per-step
 * table of κ, read from the {@link PathProgram}, as are the step coefficients A, B, C).
 *
 * <p>When each group is one Gaussian, ℓ is a quadratic in x whose gradient is s_O − s_Ō, and the whole step folds
 * into the per-node {@link PairTables}: no responsibilities, no logarithm, one exp.
 */
public final class DiagonalMixturePaths {
    final int d;
    final int components;
    final int steps;
    final int[] own;
    final int[] others;
    /** α μ_kj at [(i K + k) d + j], nodes i = 0 … n + 1. */
    final double[] alphaMean;
    /** 1 / v_kj, laid out as {@link #alphaMean}. */
    final double[] inverseVariance;
    /** log w_k − ½ Σ_j log v_kj at [i K + k]. */
    final double[] logNorm;
    final double[] coefA;
    final double[] coefB;
    final double[] coefC;
    /** The one-pass step's tables when each group is one Gaussian, else null. */
    final PairTables pair;
    /** {@link #pair} in float32, for the float32 lanes; null with it. */
    final PairTablesF32 pair32;
    /** κ per guidance of the sweep and step: its equivalent classifier-free weight at the step's strength. */
    final double[][] kappa;
    /** Philox round keys of the seed: rounds 0 … 9. */
    final long[] roundKey0;
    final long[] roundKey1;

    private DiagonalMixturePaths(SimulationSpec spec, PathProgram program) {
        int[] meta = program.meta();
        double[] params = program.params();
        d = MixtureLayout.dimension(meta);
        components = MixtureLayout.components(meta);
        steps = program.steps();
        int n = steps;
        own = groupOf(meta, spec.cls(), true);
        others = groupOf(meta, spec.cls(), false);
        int nodes = n + 2;
        alphaMean = new double[nodes * components * d];
        inverseVariance = new double[nodes * components * d];
        logNorm = new double[nodes * components];
        for (int i = 0; i < nodes; i++) {
            double alpha = program.alpha(i);
            double sigma2 = program.sigma2(i);
            for (int k = 0; k < components; k++) {
                int mu = MixtureLayout.mean(components, d, k);
                int lam = MixtureLayout.eigenvalues(components, d, k);
                double logDet = 0.0;
                for (int j = 0; j < d; j++) {
                    double v = alpha * alpha * params[lam + j] + sigma2;
                    alphaMean[(i * components + k) * d + j] = alpha * params[mu + j];
                    inverseVariance[(i * components + k) * d + j] = 1.0 / v;
                    logDet += Math.log(v);
                }
                logNorm[i * components + k] = params[MixtureLayout.logWeight(k)] - 0.5 * logDet;
            }
        }
        coefA = program.coefficients(0);
        coefB = program.coefficients(1);
        coefC = program.coefficients(2);
        pair = own.length == 1 && others.length == 1
                ? new PairTables(d, components, steps, own[0], others[0], alphaMean, inverseVariance, logNorm, coefA,
                        coefB)
                : null;
        kappa = new double[program.guidances()][];
        for (int g = 0; g < kappa.length; g++) {
            kappa[g] = program.equivalentWeights(g);
        }
        pair32 = pair == null ? null : new PairTablesF32(pair, coefC, kappa);
        roundKey0 = new long[PhiloxLanes.ROUNDS];
        roundKey1 = new long[PhiloxLanes.ROUNDS];
        PhiloxLanes.keys(spec.seed(), roundKey0, roundKey1);
    }

    /**
     * The fast path for this study, or null when it does not apply: the Vector API is absent or switched off, a
     * component is a box or has a full covariance, the scores carry a modelled error, or the sampler is not a
     * stochastic affine one.
     */
    public static DiagonalMixturePaths of(SimulationSpec spec, PathProgram program) {
        if (!VectorSupport.available() || !supports(spec)) {
            return null;
        }
        return new DiagonalMixturePaths(spec, program);
    }

    /** As {@link #of(SimulationSpec, PathProgram)}, compiling the spec's program. */
    public static DiagonalMixturePaths of(SimulationSpec spec) {
        return of(spec, spec.program());
    }

    /**
     * Whether the study is one the fast path runs (regardless of the JVM): diagonal Gaussians, exact scores, a
     * one-pass integrator, the standard start, p(x) the mixture itself and a guidance linear in s_c − s_u (an exact
     * start, a separate unconditional model or a non-linear variant runs on the scalar kernel).
     */
    public static boolean supports(SimulationSpec spec) {
        int[] meta = spec.target().packedMeta();
        for (int k = 0; k < MixtureLayout.components(meta); k++) {
            if (MixtureLayout.kind(meta, k) != MixtureLayout.DIAGONAL) {
                return false;
            }
        }
        return spec.scoreError().kind() == ScoreError.Kind.NONE
                && !spec.plan().exactStart()
                && spec.target().unconditional() == null
                && spec.plan().sampler().kernel() == AffineStep.CODE
                && spec.guidances().stream().allMatch(org.gdmc.guidance.Guidance::linear)
                && groupOf(meta, spec.cls(), true).length > 0;
    }

    /**
     * Simulates particles first + from … first + to − 1 under every guidance of the spec, as {@link PathKernel#simulate}
     * does: guidance g's final states at states[g][i d …], its observables at obs[g][i OBS_LENGTH …]. When each group
     * is one Gaussian the sweep's paths run in lockstep and each step's noise is drawn once for all of them (the same
     * normals every guidance's path uses anyway), so a sweep of G values costs far less than G runs.
     *
     * @param lanes the calling thread's work space for this study's d and K. Modified.
     */
    public void simulate(long first, int from, int to, double[][] states, double[][] obs, PathLanes lanes) {
        lanes.simulate(this, first, from, to, states, obs);
    }

    /** A work space for one thread. */
    public PathLanes newLanes() {
        return new PathLanes(d, components);
    }

    /**
     * Whether each group is one Gaussian, so that the lanes take the one-pass step ({@link PairTables}); only such
     * studies have float32 lanes.
     */
    public boolean hasPairStep() {
        return pair32 != null;
    }

    /**
     * As {@link #simulate}, in float32 ({@link PairLanesF32}); only when {@link #hasPairStep}. The results agree with
     * the float32 kernels' ({@code PathKernelF32}) to float rounding.
     */
    public void simulateF32(long first, int from, int to, double[][] states, double[][] obs, PairLanesF32 lanes) {
        lanes.simulate(this, first, from, to, states, obs);
    }

    /** A float32 work space for one thread. */
    public PairLanesF32 newLanesF32() {
        return new PairLanesF32(d);
    }

    private static int[] groupOf(int[] meta, int cls, boolean own) {
        int kCount = MixtureLayout.components(meta);
        int count = 0;
        int[] group = new int[kCount];
        for (int k = 0; k < kCount; k++) {
            if ((MixtureLayout.classOf(meta, k) == cls) == own) {
                group[count++] = k;
            }
        }
        return Arrays.copyOf(group, count);
    }
}
