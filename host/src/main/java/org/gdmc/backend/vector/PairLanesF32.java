package org.gdmc.backend.vector;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdmc.kernel.PathKernel;

/**
 * One thread's work space for the float32 lanes, and the one-pass pair step ({@link PathLanes}' pairPaths) in float32
 * on a row of {@link PathLanes#ROW} particles: the float32 option's fast path when each group is one Gaussian. The
 * noise is the shared layout's: Philox words and 53-bit uniforms as in float64, each rounded once to float as the
 * float32 kernels round them ({@link PhiloxLanes#uniformPairF32}), then Box–Muller in float ({@link LaneMathF32}).
 * Everything after the uniforms is float arithmetic, twice the lanes of float64 per vector; the estimators still sum
 * in float64.
 */
public final class PairLanesF32 {
    private static final VectorSpecies<Float> S = LaneMathF32.FLOATS;
    private static final int W = S.length();
    private static final int ROW = PathLanes.ROW;

    private final int d;
    private final int pairs;
    private final float[] z;
    private final float[] growth = new float[ROW];
    private final PhiloxRow row;
    /** Per guidance: the row's states, ℓ, monotone flags, ℓ at T and at δ; grown to the sweep's size. */
    private float[][] x = new float[0][];
    private float[][] logit = new float[0][];
    private float[][] monotone = new float[0][];
    private float[][] startLogit = new float[0][];
    private float[][] endLogit = new float[0][];

    PairLanesF32(int d) {
        this.d = d;
        this.pairs = (d + 1) / 2;
        z = new float[2 * pairs * ROW];
        row = new PhiloxRow(ROW, pairs);
    }

    /**
     * Particles first + from … first + to − 1 under every guidance of the sweep, in lockstep: each step's noise is
     * drawn once for all of them; states[g] and obs[g] receive guidance g's.
     */
    void simulate(DiagonalMixturePaths p, long first, int from, int to, double[][] states, double[][] obs) {
        for (int i = from; i < to; i += ROW) {
            row.start(first + i, p.roundKey0, p.roundKey1);
            paths(p, p.pair32, p.pair32.kappa);
            for (int g = 0; g < states.length; g++) {
                write(g, i, Math.min(ROW, to - i), states[g], obs[g]);
            }
        }
    }

    /** The first {@code live} lanes of path g's finished row to particles i, i + 1, … of states and obs. */
    private void write(int g, int i, int live, double[] states, double[] obs) {
        for (int l = 0; l < live; l++) {
            int particle = i + l;
            for (int j = 0; j < d; j++) {
                states[particle * d + j] = x[g][j * ROW + l];
            }
            int o = particle * PathKernel.OBS_LENGTH;
            obs[o + PathKernel.OBS_DATA_LOGIT] = logit[g][l];
            obs[o + PathKernel.OBS_START_LOGIT] = startLogit[g][l];
            obs[o + PathKernel.OBS_END_LOGIT] = endLogit[g][l];
            obs[o + PathKernel.OBS_MONOTONE] = monotone[g][l];
        }
    }

    /**
     * The row's paths under each guidance (κ_gi = kappas[g][i] at step i), as PathLanes' pairPaths: per step the noise
     * (once for all guidances), then per guidance e^ℓ and one pass that moves each lane,
     * y'_j = k_ij y_j + u_ij + κ_gi (1 − p)(e_ij y_j + h_ij) + C z_j, and forms ℓ at the next node from y'.
     */
    private void paths(DiagonalMixturePaths p, PairTablesF32 t, float[][] kappas) {
        int guidances = kappas.length;
        if (x.length < guidances) {
            x = new float[guidances][z.length];
            logit = new float[guidances][ROW];
            monotone = new float[guidances][ROW];
            startLogit = new float[guidances][ROW];
            endLogit = new float[guidances][ROW];
        }
        int n = p.steps;
        noise(0, z);
        for (int g = 0; g < guidances; g++) {
            System.arraycopy(z, 0, x[g], 0, z.length);
            Arrays.fill(monotone[g], 1.0f);
            logit(t, 0, x[g], logit[g]);
            System.arraycopy(logit[g], 0, startLogit[g], 0, ROW);
        }
        for (int i = 0; i < n; i++) {
            noise(i + 1, z);
            for (int g = 0; g < guidances; g++) {
                step(t, i, kappas[g][i], x[g], logit[g], monotone[g]);
            }
        }
        for (int g = 0; g < guidances; g++) {
            System.arraycopy(logit[g], 0, endLogit[g], 0, ROW);
            logit(t, n + 1, x[g], logit[g]);
        }
    }

    /** Step i of one path of the row (states xs, ℓ at node i in ls, monotone flags in flags), with the noise in z. */
    private void step(PairTablesF32 t, int i, float kappa, float[] xs, float[] ls, float[] flags) {
        LaneMathF32.exp(ls, 0, growth, 0, ROW);
        float c = t.coefC[i];
        float offset = t.offset[i + 1];
        int step = i * d;
        int next = (i + 1) * d;
        for (int o = 0; o < ROW; o += W) {
            FloatVector factor = FloatVector.broadcast(S, kappa)
                    .div(FloatVector.fromArray(S, growth, o).add(1.0f));
            FloatVector l = FloatVector.broadcast(S, offset);
            for (int j = 0; j < d; j++) {
                int e = j * ROW + o;
                FloatVector y = FloatVector.fromArray(S, xs, e);
                FloatVector bent = y.fma(t.bend[step + j], t.push[step + j]);
                y = y.fma(t.keep[step + j], t.pull[step + j]).add(bent.mul(factor))
                        .add(FloatVector.fromArray(S, z, e).mul(c));
                y.intoArray(xs, e);
                l = y.fma(t.curvature[next + j], t.slope[next + j]).fma(y, l);
            }
            VectorMask<Float> rose = l.compare(VectorOperators.GE, FloatVector.fromArray(S, ls, o));
            FloatVector.zero(S).blend(FloatVector.fromArray(S, flags, o), rose).intoArray(flags, o);
            l.intoArray(ls, o);
        }
    }

    /** ℓ = c + Σ_j (q_j y_j + b_j) y_j at the node, from the row's states xs into ls. */
    private void logit(PairTablesF32 t, int node, float[] xs, float[] ls) {
        for (int o = 0; o < ROW; o += W) {
            FloatVector l = FloatVector.broadcast(S, t.offset[node]);
            for (int j = 0; j < d; j++) {
                FloatVector y = FloatVector.fromArray(S, xs, j * ROW + o);
                l = y.fma(t.curvature[node * d + j], t.slope[node * d + j]).fma(y, l);
            }
            l.intoArray(ls, o);
        }
    }

    /**
     * Normals 0 … d − 1 of the row's particles at the given noise step, lane-major into out: the uniforms drawn
     * straight to float, each rounded once from its 53 bits (as the float32 kernels' (bits + 1)·2⁻⁵³ in float
     * arithmetic rounds it), then Box–Muller in float.
     */
    private void noise(long step, float[] out) {
        for (int b = 0; b < pairs; b++) {
            int u = 2 * b * ROW;
            PhiloxLanes.uniformPairF32(row, step, b, out, u, u + ROW, ROW);
            LaneMathF32.boxMuller(out, u, u + ROW, ROW);
        }
    }
}
