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
 * The TornadoVM backend: one task graph per (simulation, batch capacity), built once and re-executed for every batch
 * and guidance value. The step plan, mixture, score error and work space stay on the device; only a few ints, longs
 * and the guidance strength go in per execution, and the final states and observables come back.
 */
final class TornadoBackend implements Backend {
    private final TornadoDevice device;
    private Graph graph;
    private long kernelNanos;

    TornadoBackend(TornadoDevice device) {
        this.device = device;
    }

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public String deviceName() {
        return device.getPhysicalDevice().getDeviceName() + " (" + device.getPlatformName() + "), float64";
    }

    @Override
    public int parallelism() {
        return 1;
    }

    /** Device time of the kernels run so far, in nanoseconds (0 would mean nothing ran on the device). */
    long kernelNanos() {
        return kernelNanos;
    }

    @Override
    public void simulate(SimulationSpec spec, ParticleBatch batch) {
        if (graph == null || graph.spec != spec || graph.capacity != batch.capacity()) {
            closeGraph();
            graph = new Graph(spec, batch.capacity(), device);
        }
        int d = batch.dimension();
        for (int g = 0; g < spec.guidances().size(); g++) {
            Guidance guidance = spec.guidances().get(g);
            graph.ints[PathTasks.I_GUIDANCE] = guidance.code();
            graph.ints[PathTasks.I_COUNT] = batch.count();
            graph.longs[PathTasks.L_FIRST] = batch.first();
            graph.reals[0] = guidance.strength();
            TornadoExecutionResult r = graph.plan.execute();
            kernelNanos += r.getProfilerResult().getDeviceKernelTime();
            System.arraycopy(graph.states, 0, batch.states(g), 0, batch.count() * d);
            System.arraycopy(graph.obs, 0, batch.observables(g), 0, batch.count() * PathKernel.OBS_LENGTH);
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

    /** The device arrays and execution plan of one (simulation, capacity). */
    private static final class Graph {
        final SimulationSpec spec;
        final int capacity;
        final int[] ints = new int[PathTasks.INTS];
        final long[] longs = new long[PathTasks.LONGS];
        final double[] reals = new double[1];
        final double[] states;
        final double[] obs;
        final TornadoExecutionPlan plan;

        Graph(SimulationSpec spec, int capacity, TornadoDevice device) {
            this.spec = spec;
            this.capacity = capacity;
            int d = spec.target().dimension();
            StepPlan stepPlan = spec.plan();
            double[] planArray = stepPlan.packed();
            double[] params = spec.target().packedParams();
            int[] meta = spec.target().packedMeta();
            double[] err = spec.scoreError().packed(d);
            int workLength = PathKernel.workLength(d);
            double[] work = new double[capacity * workLength];
            long[] words = new long[capacity * PathKernel.wordsLength()];
            states = new double[capacity * d];
            obs = new double[capacity * PathKernel.OBS_LENGTH];
            ints[PathTasks.I_KERNEL] = stepPlan.sampler().kernel();
            ints[PathTasks.I_STEPS] = stepPlan.steps();
            ints[PathTasks.I_CLASS] = spec.cls();
            ints[PathTasks.I_DIMENSION] = d;
            ints[PathTasks.I_WORK] = workLength;
            longs[PathTasks.L_SEED] = spec.seed();
            TaskGraph tg = new TaskGraph("gdmc")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, planArray, params, meta, err, work, words)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, ints, longs, reals)
                    .task("paths", PathTasks::paths, capacity, ints, longs, reals, planArray, params, meta, err,
                            states, obs, work, words)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, states, obs);
            ImmutableTaskGraph itg = tg.snapshot();
            plan = new TornadoExecutionPlan(itg);
            plan.withDevice(device).withProfiler(ProfilerMode.SILENT);
        }
    }
}
