package org.gdmc.backend.vector;

import java.util.Arrays;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdmc.kernel.PathKernel;

/**
 * One thread's work space for {@link DiagonalMixturePaths}, and the fused path itself on a row of {@link #ROW}
 * particles (sixteen vectors) at a time. Every per-particle quantity lives lane-major in a small array (entry j of lane
 * l at [j·ROW + l]). Vectors cross no method boundary but {@link #groupScore}'s, which is small enough to be inlined,
 * so nothing is boxed and nothing is allocated per step; the row's vectors are independent, so their latency
 * chains overlap.
 */
public final class PathLanes {
    private static final VectorSpecies<Double> S = PhiloxLanes.DOUBLES;
    private static final int W = PhiloxLanes.WIDTH;
    /** Particles per row. */
    static final int ROW = 16 * W;
    private static final int OWN = 0;
    private static final int OTHER = 1;

    private final int d;
    private final int pairs;
    private final double[] x;
    private final double[] z;
    private final double[] logits;
    private final double[] weights;
    /** Per lane: ℓ at the current node, 1 − p, ℓ at the previous node, the monotone flag, ℓ at T and at δ. */
    private final double[] logit = new double[ROW];
    private final double[] oneMinusP = new double[ROW];
    private final double[] previous = new double[ROW];
    private final double[] monotone = new double[ROW];
    private final double[] startLogit = new double[ROW];
    private final double[] endLogit = new double[ROW];
    /** Per lane and group (own, other): max_k l_k and Σ_k e^{l_k − max}. */
    private final double[] groupMax = new double[2 * ROW];
    private final double[] groupSum = new double[2 * ROW];
    private final PhiloxRow row;
    /** The pair step's per-guidance rows (state, ℓ, monotone flag, ℓ at T and at δ), grown to the sweep's size. */
    private double[][] pairX = new double[0][];
    private double[][] pairLogit = new double[0][];
    private double[][] pairMonotone = new double[0][];
    private double[][] pairStart = new double[0][];
    private double[][] pairEnd = new double[0][];

    PathLanes(int d, int components) {
        this.d = d;
        this.pairs = (d + 1) / 2;
        x = new double[2 * pairs * ROW];
        z = new double[2 * pairs * ROW];
        logits = new double[components * ROW];
        weights = new double[components * ROW];
        row = new PhiloxRow(ROW, pairs);
    }

    /**
     * Particles first + from … first + to − 1 under every guidance of the sweep, states[g] and obs[g] receiving
     * guidance g's. The pair step runs the sweep's paths in lockstep, drawing each step's noise once for all of them;
     * the general step runs one guidance after another.
     */
    void simulate(DiagonalMixturePaths p, long first, int from, int to, double[][] states, double[][] obs) {
        for (int i = from; i < to; i += ROW) {
            row.start(first + i, p.roundKey0, p.roundKey1);
            int live = Math.min(ROW, to - i);
            if (p.pair != null) {
                pairPaths(p.pair, p, p.kappa);
                for (int g = 0; g < p.kappa.length; g++) {
                    write(i, live, pairX[g], pairLogit[g], pairStart[g], pairEnd[g], pairMonotone[g], states[g],
                            obs[g]);
                }
            } else {
                for (int g = 0; g < p.kappa.length; g++) {
                    path(p, p.kappa[g]);
                    write(i, live, x, logit, startLogit, endLogit, monotone, states[g], obs[g]);
                }
            }
        }
    }

    /** The first {@code live} lanes of a finished row to particles i, i + 1, … of states and obs. */
    private void write(int i, int live, double[] xs, double[] dataLogit, double[] start, double[] end, double[] flags,
                       double[] states, double[] obs) {
        for (int l = 0; l < live; l++) {
            int particle = i + l;
            for (int j = 0; j < d; j++) {
                states[particle * d + j] = xs[j * ROW + l];
            }
            int o = particle * PathKernel.OBS_LENGTH;
            obs[o + PathKernel.OBS_DATA_LOGIT] = dataLogit[l];
            obs[o + PathKernel.OBS_START_LOGIT] = start[l];
            obs[o + PathKernel.OBS_END_LOGIT] = end[l];
            obs[o + PathKernel.OBS_MONOTONE] = flags[l];
        }
    }

    /**
     * The whole path of the current row, general step, with κ_i at step i; leaves the data-law logit in
     * {@link #logit}.
     */
    private void path(DiagonalMixturePaths p, double[] kappa) {
        int n = p.steps;
        noise(0, x);
        Arrays.fill(monotone, 1.0);
        Arrays.fill(weights, 1.0);
        Arrays.fill(groupSum, 1.0);
        for (int i = 0; i < n; i++) {
            score(p, i);
            track(i);
            noise(i + 1, z);
            update(p, i, kappa[i]);
        }
        score(p, n);
        track(n);
        System.arraycopy(logit, 0, endLogit, 0, ROW);
        score(p, n + 1);
    }

    /**
     * The row's paths under each guidance (κ_gi = kappas[g][i] at step i) when each group is one Gaussian, from the
     * {@link PairTables}, in lockstep: per step the noise (once for all guidances), then per guidance e^ℓ and one pass
     * that moves each lane, y'_j = (A − B/v_oj) y_j + B α μ_oj / v_oj + κ_gi (1 − p) B ∂ℓ/∂y_j + C z_j, and forms ℓ
     * at the next node from y' as it goes. Path g's rows end in pairX[g], pairLogit[g] (the data-law logit), pairStart[g], pairEnd[g] and
     * pairMonotone[g].
     */
    private void pairPaths(PairTables t, DiagonalMixturePaths p, double[][] kappas) {
        int guidances = kappas.length;
        if (pairX.length < guidances) {
            pairX = new double[guidances][x.length];
            pairLogit = new double[guidances][ROW];
            pairMonotone = new double[guidances][ROW];
            pairStart = new double[guidances][ROW];
            pairEnd = new double[guidances][ROW];
        }
        int n = p.steps;
        noise(0, z);
        for (int g = 0; g < guidances; g++) {
            System.arraycopy(z, 0, pairX[g], 0, z.length);
            Arrays.fill(pairMonotone[g], 1.0);
            pairLogit(t, 0, pairX[g], pairLogit[g]);
            System.arraycopy(pairLogit[g], 0, pairStart[g], 0, ROW);
        }
        for (int i = 0; i < n; i++) {
            noise(i + 1, z);
            for (int g = 0; g < guidances; g++) {
                pairStep(t, p, i, kappas[g][i], pairX[g], pairLogit[g], pairMonotone[g]);
            }
        }
        for (int g = 0; g < guidances; g++) {
            System.arraycopy(pairLogit[g], 0, pairEnd[g], 0, ROW);
            pairLogit(t, n + 1, pairX[g], pairLogit[g]);
        }
    }

    /** Step i of one path of the row (state xs, ℓ at node i in ls, monotone flags in flags), with the noise in z. */
    private void pairStep(PairTables t, DiagonalMixturePaths p, int i, double kappa, double[] xs, double[] ls,
                          double[] flags) {
        LaneMath.exp(ls, 0, oneMinusP, 0, ROW);
        double c = p.coefC[i];
        double offset = t.offset[i + 1];
        int step = i * d;
        int next = (i + 1) * d;
        for (int o = 0; o < ROW; o += W) {
            DoubleVector factor = DoubleVector.broadcast(S, kappa)
                    .div(DoubleVector.fromArray(S, oneMinusP, o).add(1.0));
            DoubleVector l = DoubleVector.broadcast(S, offset);
            for (int j = 0; j < d; j++) {
                int e = j * ROW + o;
                DoubleVector y = DoubleVector.fromArray(S, xs, e);
                DoubleVector bent = y.fma(t.bend[step + j], t.push[step + j]);
                y = y.fma(t.keep[step + j], t.pull[step + j]).add(bent.mul(factor))
                        .add(DoubleVector.fromArray(S, z, e).mul(c));
                y.intoArray(xs, e);
                l = y.fma(t.curvature[next + j], t.slope[next + j]).fma(y, l);
            }
            VectorMask<Double> rose = l.compare(VectorOperators.GE, DoubleVector.fromArray(S, ls, o));
            DoubleVector.zero(S).blend(DoubleVector.fromArray(S, flags, o), rose).intoArray(flags, o);
            l.intoArray(ls, o);
        }
    }

    /** ℓ = c + Σ_j (q_j y_j + b_j) y_j at the node, from the row's states xs into ls. */
    private void pairLogit(PairTables t, int node, double[] xs, double[] ls) {
        for (int o = 0; o < ROW; o += W) {
            DoubleVector l = DoubleVector.broadcast(S, t.offset[node]);
            for (int j = 0; j < d; j++) {
                DoubleVector y = DoubleVector.fromArray(S, xs, j * ROW + o);
                l = y.fma(t.curvature[node * d + j], t.slope[node * d + j]).fma(y, l);
            }
            l.intoArray(ls, o);
        }
    }

    /**
     * y' = A y + B s + C z at step i, with the guided score s = s_O + κ (1 − p)(s_O − s_Ō) and the group scores
     * s_G = Σ_{k∈G} e_k g_k / Σ_{k∈G} e_k, g_kj = −(y_j − α μ_kj) / v_kj, formed lane by lane in registers.
     */
    private void update(DiagonalMixturePaths p, int i, double kappa) {
        double a = p.coefA[i];
        double b = p.coefB[i];
        double c = p.coefC[i];
        for (int o = 0; o < ROW; o += W) {
            DoubleVector factor = DoubleVector.fromArray(S, oneMinusP, o).mul(kappa);
            for (int j = 0; j < d; j++) {
                int e = j * ROW + o;
                DoubleVector y = DoubleVector.fromArray(S, x, e);
                DoubleVector own = groupScore(p, i, p.own, OWN, y, j, o);
                DoubleVector other = p.others.length == 0 ? own : groupScore(p, i, p.others, OTHER, y, j, o);
                DoubleVector drift = own.add(own.sub(other).mul(factor));
                y.mul(a).add(drift.mul(b)).add(DoubleVector.fromArray(S, z, e).mul(c)).intoArray(x, e);
            }
        }
    }

    /** Component j of s_G at the lanes o … o + W of the row, y_j given. */
    private DoubleVector groupScore(DiagonalMixturePaths p, int node, int[] group, int g, DoubleVector y, int j,
                                    int o) {
        int base = node * p.components * d + j;
        if (group.length == 1) {
            int c = base + group[0] * d;
            return y.sub(p.alphaMean[c]).mul(-p.inverseVariance[c]);
        }
        DoubleVector acc = DoubleVector.zero(S);
        for (int k : group) {
            int c = base + k * d;
            acc = y.sub(p.alphaMean[c]).mul(-p.inverseVariance[c])
                    .mul(DoubleVector.fromArray(S, weights, k * ROW + o)).add(acc);
        }
        return acc.div(DoubleVector.fromArray(S, groupSum, g * ROW + o));
    }

    /** Records ℓ at node i: the start value at i = 0, and whether it fell since node i − 1. */
    private void track(int i) {
        if (i == 0) {
            System.arraycopy(logit, 0, startLogit, 0, ROW);
        } else {
            for (int o = 0; o < ROW; o += W) {
                VectorMask<Double> rose = DoubleVector.fromArray(S, logit, o)
                        .compare(VectorOperators.GE, DoubleVector.fromArray(S, previous, o));
                DoubleVector.zero(S).blend(DoubleVector.fromArray(S, monotone, o), rose).intoArray(monotone, o);
            }
        }
        System.arraycopy(logit, 0, previous, 0, ROW);
    }

    /** Normals 0 … d − 1 of the row's particles at the given noise step, lane-major into out. */
    private void noise(long step, double[] out) {
        for (int b = 0; b < pairs; b++) {
            PhiloxLanes.normalPair(row, step, b, out, 2 * b * ROW, (2 * b + 1) * ROW, ROW);
        }
    }

    /**
     * At node i: every l_k into {@link #logits}, the in-group weights, ℓ into {@link #logit} and 1 − p into
     * {@link #oneMinusP}.
     */
    private void score(DiagonalMixturePaths p, int node) {
        int kCount = p.components;
        for (int k = 0; k < kCount; k++) {
            int base = (node * kCount + k) * d;
            double norm = p.logNorm[node * kCount + k];
            for (int o = 0; o < ROW; o += W) {
                DoubleVector quad = DoubleVector.zero(S);
                for (int j = 0; j < d; j++) {
                    DoubleVector diff = DoubleVector.fromArray(S, x, j * ROW + o).sub(p.alphaMean[base + j]);
                    quad = diff.mul(diff).mul(p.inverseVariance[base + j]).add(quad);
                }
                quad.mul(-0.5).add(norm).intoArray(logits, k * ROW + o);
            }
        }
        weigh(p.own, OWN);
        if (p.others.length == 0) {
            Arrays.fill(logit, Double.POSITIVE_INFINITY);
        } else {
            // (a lone member in each group takes pairPaths, so at least one group here has several)
            weigh(p.others, OTHER);
            for (int o = 0; o < ROW; o += W) {
                DoubleVector.fromArray(S, groupSum, OWN * ROW + o)
                        .div(DoubleVector.fromArray(S, groupSum, OTHER * ROW + o)).intoArray(logit, o);
            }
            LaneMath.log(logit, 0, logit, 0, ROW);
            for (int o = 0; o < ROW; o += W) {
                DoubleVector.fromArray(S, groupMax, OWN * ROW + o)
                        .sub(DoubleVector.fromArray(S, groupMax, OTHER * ROW + o))
                        .add(DoubleVector.fromArray(S, logit, o)).intoArray(logit, o);
            }
        }
        LaneMath.exp(logit, 0, oneMinusP, 0, ROW);
        for (int o = 0; o < ROW; o += W) {
            DoubleVector.broadcast(S, 1.0).div(DoubleVector.fromArray(S, oneMinusP, o).add(1.0))
                    .intoArray(oneMinusP, o);
        }
    }

    /**
     * The group's maximum l_k and Σ e^{l_k − max} into {@link #groupMax} and {@link #groupSum} at slot g, and its
     * in-group weights e^{l_k − max} into {@link #weights} (for a lone member both stay 1, without an exp).
     */
    private void weigh(int[] group, int g) {
        if (group.length == 1) {
            // weights and groupSum of a lone member are 1: filled once per row (see path), never written here
            System.arraycopy(logits, group[0] * ROW, groupMax, g * ROW, ROW);
            return;
        }
        for (int o = 0; o < ROW; o += W) {
            DoubleVector max = DoubleVector.fromArray(S, logits, group[0] * ROW + o);
            for (int m = 1; m < group.length; m++) {
                max = max.max(DoubleVector.fromArray(S, logits, group[m] * ROW + o));
            }
            max.intoArray(groupMax, g * ROW + o);
            for (int k : group) {
                DoubleVector.fromArray(S, logits, k * ROW + o).sub(max).intoArray(weights, k * ROW + o);
            }
        }
        for (int k : group) {
            LaneMath.exp(weights, k * ROW, weights, k * ROW, ROW);
        }
        for (int o = 0; o < ROW; o += W) {
            DoubleVector total = DoubleVector.zero(S);
            for (int k : group) {
                total = total.add(DoubleVector.fromArray(S, weights, k * ROW + o));
            }
            total.intoArray(groupSum, g * ROW + o);
        }
    }
}
