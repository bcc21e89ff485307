package org.gdmc.tornado;

import org.gdmc.backend.Backend;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.guidance.Guidance;
import org.gdmc.sampler.PathKernel;
import org.gdmc.sampler.StepPlan;

import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;

/**
 * The TornadoVM backend, in float32 (the generated {@code *F32} kernels) or float64: one task graph per (simulation,
 * batch capacity), built once and re-executed for every batch and guidance value. The step plan, mixture, score error and work space stay on the device; only a few ints, longs
 * and the guidance strength go in per execution, and the final states and observables come back.
 */
final class TornadoBackend implements Backend {
    private final TornadoDevice device;
    private final boolean float32;
    private Graph graph;
    private long kernelNanos;

    TornadoBackend(TornadoDevice device, boolean float32) {
        this.device = device;
        this.float32 = float32;
    }

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public String deviceName() {
        return device.getPhysicalDevice().getDeviceName() + " (" + device.getPlatformName() + "), "
                + (float32 ? "float32" : "float64");
    }

    /** Host threads for the estimators' reductions, which run on the CPU from the copied-back batch. */
    @Override
    public int parallelism() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Device time of the kernels run so far, in nanoseconds (0 would mean nothing ran on the device). */
    long kernelNanos() {
        return kernelNanos;
    }

    @Override
    public void simulate(SimulationSpec spec, ParticleBatch batch) {
        if (graph == null || graph.spec != spec || graph.capacity != batch.capacity()) {
            closeGraph();
            graph = float32 ? new Graph32(spec, batch.capacity(), device) : new Graph64(spec, batch.capacity(), device);
        }
        for (int g = 0; g < spec.guidances().size(); g++) {
            Guidance guidance = spec.guidances().get(g);
            graph.ints[PathTasks.I_GUIDANCE] = guidance.code();
            graph.ints[PathTasks.I_COUNT] = batch.count();
            graph.longs[PathTasks.L_FIRST] = batch.first();
            graph.setStrength(guidance.strength());
            TornadoExecutionResult r = graph.plan.execute();
            kernelNanos += r.getProfilerResult().getDeviceKernelTime();
            graph.copyOut(batch, g);
        }
    }

    private void closeGraph() {
        if (graph != null) {
            try {
                graph.plan.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not release the device's memory", e);
            }
            graph = null;
        }
    }

    @Override
    public void close() {
        closeGraph();
    }

    /** The device arrays and execution plan of one (simulation, capacity), in one precision. */
    private abstract static class Graph {
        final SimulationSpec spec;
        final int capacity;
        final int d;
        final int[] ints = new int[PathTasks.INTS];
        final long[] longs = new long[PathTasks.LONGS];
        final long[] words;
        final int workLength;
        TornadoExecutionPlan plan;

        Graph(SimulationSpec spec, int capacity) {
            this.spec = spec;
            this.capacity = capacity;
            this.d = spec.target().dimension();
            StepPlan stepPlan = spec.plan();
            workLength = PathKernel.workLength(d);
            words = new long[capacity * PathKernel.wordsLength()];
            ints[PathTasks.I_KERNEL] = stepPlan.sampler().kernel();
            ints[PathTasks.I_STEPS] = stepPlan.steps();
            ints[PathTasks.I_CLASS] = spec.cls();
            ints[PathTasks.I_DIMENSION] = d;
            ints[PathTasks.I_WORK] = workLength;
            longs[PathTasks.L_SEED] = spec.seed();
        }

        /** Builds the execution plan of the graph on the device. */
        final void install(TaskGraph tg, TornadoDevice device) {
            ImmutableTaskGraph itg = tg.snapshot();
            plan = new TornadoExecutionPlan(itg);
            plan.withDevice(device).withProfiler(ProfilerMode.SILENT);
        }

        /** Sets the guidance strength sent with the next execution. */
        abstract void setStrength(double strength);

        /** Copies the last execution's states and observables into guidance g of the batch. */
        abstract void copyOut(ParticleBatch batch, int g);
    }

    private static final class Graph64 extends Graph {
        private final double[] reals = new double[1];
        private final double[] states;
        private final double[] obs;

        Graph64(SimulationSpec spec, int capacity, TornadoDevice device) {
            super(spec, capacity);
            double[] planArray = spec.plan().packed();
            double[] params = spec.target().packedParams();
            int[] meta = spec.target().packedMeta();
            double[] err = spec.scoreError().packed(d);
            double[] work = new double[capacity * workLength];
            states = new double[capacity * d];
            obs = new double[capacity * PathKernel.OBS_LENGTH];
            install(new TaskGraph("gdmc")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, planArray, params, meta, err, work, words)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, longs, reals)
                    .task("paths", PathTasks::paths, capacity, ints, longs, reals, planArray, params, meta, err,
                            states, obs, work, words)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, states, obs), device);
        }

        @Override
        void setStrength(double strength) {
            reals[0] = strength;
        }

        @Override
        void copyOut(ParticleBatch batch, int g) {
            System.arraycopy(states, 0, batch.states(g), 0, batch.count() * d);
            System.arraycopy(obs, 0, batch.observables(g), 0, batch.count() * PathKernel.OBS_LENGTH);
        }
    }

    private static final class Graph32 extends Graph {
        private final float[] reals = new float[1];
        private final float[] states;
        private final float[] obs;

        Graph32(SimulationSpec spec, int capacity, TornadoDevice device) {
            super(spec, capacity);
            float[] planArray = narrow(spec.plan().packed());
            float[] params = narrow(spec.target().packedParams());
            int[] meta = spec.target().packedMeta();
            float[] err = narrow(spec.scoreError().packed(d));
            float[] work = new float[capacity * workLength];
            states = new float[capacity * d];
            obs = new float[capacity * PathKernel.OBS_LENGTH];
            install(new TaskGraph("gdmc32")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, planArray, params, meta, err, work, words)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, longs, reals)
                    .task("paths", PathTasks::pathsF32, capacity, ints, longs, reals, planArray, params, meta, err,
                            states, obs, work, words)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, states, obs), device);
        }

        @Override
        void setStrength(double strength) {
            reals[0] = (float) strength;
        }

        @Override
        void copyOut(ParticleBatch batch, int g) {
            widen(states, batch.states(g), batch.count() * d);
            widen(obs, batch.observables(g), batch.count() * PathKernel.OBS_LENGTH);
        }

        private static float[] narrow(double[] a) {
            float[] f = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                f[i] = (float) a[i];
            }
            return f;
        }

        private static void widen(float[] from, double[] to, int n) {
            for (int i = 0; i < n; i++) {
                to[i] = from[i];
            }
        }
    }
}
