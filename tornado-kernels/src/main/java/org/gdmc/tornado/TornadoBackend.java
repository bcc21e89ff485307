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
            graph = new Graph(spec, batch.capacity(), device, float32);
        }
        int d = batch.dimension();
        for (int g = 0; g < spec.guidances().size(); g++) {
            Guidance guidance = spec.guidances().get(g);
            graph.ints[PathTasks.I_GUIDANCE] = guidance.code();
            graph.ints[PathTasks.I_COUNT] = batch.count();
            graph.longs[PathTasks.L_FIRST] = batch.first();
            graph.reals[0] = guidance.strength();
            graph.reals32[0] = (float) guidance.strength();
            TornadoExecutionResult r = graph.plan.execute();
            kernelNanos += r.getProfilerResult().getDeviceKernelTime();
            if (float32) {
                widen(graph.states32, batch.states(g), batch.count() * d);
                widen(graph.obs32, batch.observables(g), batch.count() * PathKernel.OBS_LENGTH);
            } else {
                System.arraycopy(graph.states, 0, batch.states(g), 0, batch.count() * d);
                System.arraycopy(graph.obs, 0, batch.observables(g), 0, batch.count() * PathKernel.OBS_LENGTH);
            }
        }
    }

    private static void widen(float[] from, double[] to, int n) {
        for (int i = 0; i < n; i++) {
            to[i] = from[i];
        }
    }

    private static float[] narrow(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
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

    /** The device arrays and execution plan of one (simulation, capacity). */
    private static final class Graph {
        final SimulationSpec spec;
        final int capacity;
        final int[] ints = new int[PathTasks.INTS];
        final long[] longs = new long[PathTasks.LONGS];
        final double[] reals = new double[1];
        final float[] reals32 = new float[1];
        final double[] states;
        final double[] obs;
        final float[] states32;
        final float[] obs32;
        final TornadoExecutionPlan plan;

        Graph(SimulationSpec spec, int capacity, TornadoDevice device, boolean float32) {
            this.spec = spec;
            this.capacity = capacity;
            int d = spec.target().dimension();
            StepPlan stepPlan = spec.plan();
            double[] planArray = stepPlan.packed();
            double[] params = spec.target().packedParams();
            int[] meta = spec.target().packedMeta();
            double[] err = spec.scoreError().packed(d);
            int workLength = PathKernel.workLength(d);
            long[] words = new long[capacity * PathKernel.wordsLength()];
            states = float32 ? null : new double[capacity * d];
            obs = float32 ? null : new double[capacity * PathKernel.OBS_LENGTH];
            states32 = float32 ? new float[capacity * d] : null;
            obs32 = float32 ? new float[capacity * PathKernel.OBS_LENGTH] : null;
            ints[PathTasks.I_KERNEL] = stepPlan.sampler().kernel();
            ints[PathTasks.I_STEPS] = stepPlan.steps();
            ints[PathTasks.I_CLASS] = spec.cls();
            ints[PathTasks.I_DIMENSION] = d;
            ints[PathTasks.I_WORK] = workLength;
            longs[PathTasks.L_SEED] = spec.seed();
            TaskGraph tg;
            if (float32) {
                float[] plan32 = narrow(planArray);
                float[] params32 = narrow(params);
                float[] err32 = narrow(err);
                float[] work = new float[capacity * workLength];
                tg = new TaskGraph("gdmc32")
                        .transferToDevice(DataTransferMode.FIRST_EXECUTION, plan32, params32, meta, err32, work, words)
                        .transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, longs, reals32)
                        .task("paths", PathTasks::pathsF32, capacity, ints, longs, reals32, plan32, params32, meta,
                                err32, states32, obs32, work, words)
                        .transferToHost(DataTransferMode.EVERY_EXECUTION, states32, obs32);
            } else {
                double[] work = new double[capacity * workLength];
                tg = new TaskGraph("gdmc")
                        .transferToDevice(DataTransferMode.FIRST_EXECUTION, planArray, params, meta, err, work, words)
                        .transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, longs, reals)
                        .task("paths", PathTasks::paths, capacity, ints, longs, reals, planArray, params, meta, err,
                                states, obs, work, words)
                        .transferToHost(DataTransferMode.EVERY_EXECUTION, states, obs);
            }
            ImmutableTaskGraph itg = tg.snapshot();
            plan = new TornadoExecutionPlan(itg);
            plan.withDevice(device).withProfiler(ProfilerMode.SILENT);
        }
    }
}
