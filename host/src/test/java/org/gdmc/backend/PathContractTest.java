package org.gdmc.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gdmc.backend.vector.DiagonalMixturePaths;
import org.gdmc.check.PathAgreement;
import org.gdmc.testing.Tolerances;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every path of the CPU backend keeps, run on every example of {@link Pieces} (every sampler, guidance
 * form, schedule, score error and component kind), so that a new piece is held to it by being added there: the
 * vector lanes follow the scalar float64 kernel to rounding where a study takes them, float32 stays within its
 * rounding of float64, and a particle's path does not depend on the batch it runs in or the thread count.
 */
class PathContractTest {
    private static final int STEPS = 60;
    private static final int COUNT = 2048;
    /** Particles across 2³² (both counter words of the noise key in play). */
    private static final long FIRST = (1L << 32) - 1000;

    static List<Pieces.Example> examples() {
        return Pieces.examples(STEPS);
    }

    /** Where the lanes apply they agree with the scalar kernel to rounding, monotone flags included. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theLanesFollowTheScalarKernel(Pieces.Example example) {
        SimulationSpec spec = example.spec();
        try (CpuBackend scalar = CpuBackend.scalarKernel(0, false); CpuBackend cpu = new CpuBackend(0)) {
            PathAgreement a = PathAgreement.of(spec, scalar, cpu, FIRST, COUNT);
            boolean lanes = DiagonalMixturePaths.of(spec) != null;
            assertEquals(lanes, cpu.deviceName(spec).contains("vector lanes"), cpu.deviceName(spec));
            if (lanes) {
                assertTrue(a.worst() < Tolerances.F64_PATH_REL, example + ": lanes against the scalar kernel: " + a);
            } else {
                assertEquals(0.0, a.worst(), example + " runs the scalar kernel itself: " + a);
            }
        }
    }

    /** float32 (the generated kernels, or the float lanes) stays within its rounding of float64, and really ran. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void float32StaysWithinItsRoundingOfFloat64(Pieces.Example example) {
        SimulationSpec spec = example.spec();
        double tol = Tolerances.float32Path(STEPS);
        try (CpuBackend f64 = CpuBackend.scalarKernel(0, false); CpuBackend f32 = new CpuBackend(0, true)) {
            PathAgreement a = PathAgreement.of(spec, f64, f32, FIRST, COUNT, tol);
            boolean all = PathAgreement.everyPathBounded(spec);
            assertTrue(a.statesWithin(spec, tol) && (!all || a.worstPosterior() < tol),
                    example + ": float32 " + a + " vs " + tol);
            assertTrue(a.worstState() > 0.0, example + ": float32 and float64 differ somewhere");
            assertTrue(a.monotoneFlips() < Tolerances.F32_MONOTONE_FLIPS * a.paths(), example + ": float32 " + a);
        }
    }

    /**
     * The recorded path ({@link org.gdmc.kernel.PathKernel#trace}) is the path {@code simulate} draws: the same final
     * state and observables bit for bit, the first and last node logits are the observables', and the monotonicity
     * flag is what the recorded logits say.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theRecordedPathIsThePathSimulated(Pieces.Example example) {
        SimulationSpec spec = example.spec();
        org.gdmc.kernel.PathProgram p = spec.program();
        int d = spec.target().dimension();
        int n = p.steps();
        double[] trace = new double[org.gdmc.kernel.PathKernel.traceLength(d, n)];
        double[] work = new double[org.gdmc.kernel.PathKernel.workLength(d)];
        long[] words = new long[org.gdmc.kernel.PathKernel.wordsLength()];
        int ol = org.gdmc.kernel.PathKernel.OBS_LENGTH;
        for (int g = 0; g < p.guidances(); g++) {
            for (long particle = FIRST; particle < FIRST + 64; particle++) {
                double[] s1 = new double[d];
                double[] o1 = new double[ol];
                double[] s2 = new double[d];
                double[] o2 = new double[ol];
                org.gdmc.kernel.PathKernel.simulate(p.codes(), p.tables(), p.params(), p.meta(), g, spec.seed(),
                        particle, s1, 0, o1, 0, work, 0, words, 0);
                org.gdmc.kernel.PathKernel.trace(p.codes(), p.tables(), p.params(), p.meta(), g, spec.seed(),
                        particle, s2, 0, o2, 0, work, 0, words, 0, trace, 0);
                assertArrayEquals(s1, s2, example + ": final state");
                assertArrayEquals(o1, o2, example + ": observables");
                assertArrayEquals(s1, java.util.Arrays.copyOfRange(trace, n * (d + 1), n * (d + 1) + d));
                assertEquals(o1[org.gdmc.kernel.PathKernel.OBS_START_LOGIT], trace[d]);
                assertEquals(o1[org.gdmc.kernel.PathKernel.OBS_END_LOGIT], trace[n * (d + 1) + d]);
                boolean monotone = true;
                for (int i = 1; i <= n; i++) {
                    monotone &= trace[i * (d + 1) + d] >= trace[(i - 1) * (d + 1) + d];
                }
                assertEquals(o1[org.gdmc.kernel.PathKernel.OBS_MONOTONE] != 0.0, monotone, example + ": flag");
            }
        }
    }

    /** The same particles, in one batch on one thread and in two unaligned batches on two threads: bit for bit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void aPathDoesNotDependOnItsBatchOrThread(Pieces.Example example) {
        SimulationSpec spec = example.spec();
        int g = spec.guidances().size();
        int d = spec.target().dimension();
        int split = 333;
        ParticleBatch whole = new ParticleBatch(g, d, COUNT);
        ParticleBatch head = new ParticleBatch(g, d, split);
        ParticleBatch tail = new ParticleBatch(g, d, COUNT - split);
        whole.reset(FIRST, COUNT);
        head.reset(FIRST, split);
        tail.reset(FIRST + split, COUNT - split);
        try (CpuBackend one = new CpuBackend(1); CpuBackend two = new CpuBackend(2)) {
            one.simulate(spec, whole);
            two.simulate(spec, head);
            two.simulate(spec, tail);
        }
        for (int k = 0; k < g; k++) {
            double[] states = new double[COUNT * d];
            System.arraycopy(head.states(k), 0, states, 0, split * d);
            System.arraycopy(tail.states(k), 0, states, split * d, (COUNT - split) * d);
            assertArrayEquals(whole.states(k), states, example + ": states of guidance " + k);
            int o = org.gdmc.kernel.PathKernel.OBS_LENGTH;
            double[] obs = new double[COUNT * o];
            System.arraycopy(head.observables(k), 0, obs, 0, split * o);
            System.arraycopy(tail.observables(k), 0, obs, split * o, (COUNT - split) * o);
            assertArrayEquals(whole.observables(k), obs, example + ": observables of guidance " + k);
        }
    }
}
