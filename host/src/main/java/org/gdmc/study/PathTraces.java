package org.gdmc.study;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.ProjectionQuantiles;
import org.gdmc.estimate.ReductionKernel;
import org.gdmc.guidance.Guidance;
import org.gdmc.kernel.PathKernel;
import org.gdmc.kernel.PathProgram;

/**
 * The paths of a study's first particles under every guidance value, for pictures: at a subset of the nodes
 * t_0 = T &gt; … &gt; t_n = δ, each path's position π_i = uᵀy_i on the direction that separates the class means
 * (u = (m_c − m_other)/|m_c − m_other|, {@link ProjectionQuantiles#direction}; in 1-D the coordinate itself, signed
 * so that class c lies at larger π) and the exact class posterior p_{t_i}(c | y_i) = σ(ℓ_i) along it, with whether
 * ℓ never decreased along the whole path (the kernel's own monotonicity flag, over every node, not only the kept
 * ones).
 *
 * <p>They are recorded by the path kernel itself ({@link PathKernel#trace}, the code the CPU backend runs) for the
 * first particles only: the noise is keyed by (seed, particle, step), so they are the study's own particles at every
 * w, and memory is one path's (n + 1)(d + 1) doubles plus the kept values, count × nodes × 2 per guidance value,
 * whatever N. They are drawn in float64; on a float32 or device run the study's particles follow the same paths to
 * that run's rounding.
 *
 * @param particles the particles recorded, 0 … count − 1 of the study's range
 * @param nodes     the node indices kept (0 and n always among them), increasing
 * @param times     t at each kept node
 * @param direction u (length d)
 * @param rows      one per guidance value, in sweep order
 */
public record PathTraces(long first, int particles, int[] nodes, double[] times, double[] direction, List<Row> rows) {
    /** Paths recorded by default and at most. */
    public static final int DEFAULT_PATHS = 200;
    public static final int MAX_PATHS = 2000;
    /** Nodes kept per path at most (evenly spaced in the node index, the ends included). */
    public static final int MAX_NODES = 100;

    /**
     * One guidance value's paths.
     *
     * @param position  position[p][k]: path p's uᵀy at kept node k
     * @param posterior posterior[p][k]: p_{t}(c | y) there
     * @param monotone  monotone[p]: ℓ never decreased along path p (every node, δ included)
     */
    public record Row(Guidance guidance, double[][] position, double[][] posterior, boolean[] monotone) {
    }

    /** The paths of particles [first, first + count) under every guidance value of the spec. */
    public static PathTraces record(SimulationSpec spec, long first, int count) {
        if (count < 1 || count > MAX_PATHS) {
            throw new IllegalArgumentException("paths: need 1 to " + MAX_PATHS + " particles, got " + count);
        }
        PathProgram program = spec.program();
        int d = program.dimension();
        int n = program.steps();
        int[] nodes = keptNodes(n, MAX_NODES);
        double[] times = new double[nodes.length];
        for (int k = 0; k < nodes.length; k++) {
            times[k] = spec.plan().grid().time(nodes[k]);
        }
        double[] u = ProjectionQuantiles.direction(spec.target(), spec.cls());
        double[] trace = new double[PathKernel.traceLength(d, n)];
        double[] work = new double[PathKernel.workLength(d)];
        long[] words = new long[PathKernel.wordsLength()];
        double[] state = new double[d];
        double[] obs = new double[PathKernel.OBS_LENGTH];
        List<Row> rows = new ArrayList<>();
        for (int g = 0; g < program.guidances(); g++) {
            double[][] position = new double[count][nodes.length];
            double[][] posterior = new double[count][nodes.length];
            boolean[] monotone = new boolean[count];
            for (int p = 0; p < count; p++) {
                PathKernel.trace(program.codes(), program.tables(), program.params(), program.meta(), g, spec.seed(),
                        first + p, state, 0, obs, 0, work, 0, words, 0, trace, 0);
                for (int k = 0; k < nodes.length; k++) {
                    int at = nodes[k] * (d + 1);
                    double s = 0.0;
                    for (int j = 0; j < d; j++) {
                        s += u[j] * trace[at + j];
                    }
                    position[p][k] = s;
                    posterior[p][k] = ReductionKernel.sigmoid(trace[at + d]);
                }
                monotone[p] = obs[PathKernel.OBS_MONOTONE] != 0.0;
            }
            rows.add(new Row(spec.guidances().get(g), position, posterior, monotone));
        }
        return new PathTraces(first, count, nodes, times, u, rows);
    }

    /** At most {@code most} node indices of 0 … n spread evenly, 0 and n included, increasing and distinct. */
    static int[] keptNodes(int n, int most) {
        int m = Math.min(n + 1, most);
        int[] out = new int[m];
        for (int k = 0; k < m; k++) {
            out[k] = m == 1 ? 0 : (int) Math.round(k * (double) n / (m - 1));
        }
        return out;
    }
}
