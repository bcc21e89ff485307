package org.gdmc.tornado;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.BackendProvider;
import org.gdmc.check.Check;

/**
 * The TornadoVM backend's provider. TornadoVM's runtime classes are touched only when the JVM was launched through
 * TornadoVM's argument file (which sets {@code tornado.load.runtime.implementation}); elsewhere merely loading them
 * throws.
 */
public final class TornadoBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public String unavailableReason() {
        if (System.getProperty("tornado.load.runtime.implementation") == null) {
            return "the JVM was not launched through TornadoVM's argument file; run gdmc through bin/gdmc with "
                    + "TORNADOVM_HOME set (or java @$TORNADOVM_HOME/tornado-argfile ...)";
        }
        return null;
    }

    @Override
    public List<String> devices() {
        TornadoArithmetic.apply();
        return TornadoDevices.describe();
    }

    /**
     * float64 on every TornadoVM backend: the kernels compute exp, log, sin and cos themselves, so PTX's lowering of
     * double transcendentals to single-precision approximations (TornadoVM issue 895) never reaches them, and fast
     * and native maths are off. float32 uses each backend's float functions (OpenCL's within their specified ulps;
     * PTX's approximate instructions), held against the CPU's float32 by {@code gdmc selfcheck}.
     */
    @Override
    public String precisions() {
        return "float64 on OpenCL and PTX alike (gdmc's own double exp/log/sin/cos, within 1 ulp of StrictMath, "
                + "so no backend's maths library decides a result; PTX would lower the library's to single-precision "
                + "approximations), float32 (the default: the backend's float functions, with fast and native maths "
                + "off on OpenCL; PTX's approximate instructions stay within the float32 bound against the CPU)";
    }

    /** float32: consumer GPUs run doubles at a small fraction of the float rate. */
    @Override
    public BackendOptions.Precision defaultPrecision() {
        return BackendOptions.Precision.FLOAT32;
    }

    /**
     * Philox, gdmc's double maths and each score piece in a kernel on the device ({@link DeviceChecks}), and the
     * block sums' work-group tree against its reproduction on the CPU.
     */
    @Override
    public List<Check> kernelChecks(int device) {
        TornadoArithmetic.apply();
        List<Check> checks = new ArrayList<>(DeviceChecks.all(device));
        checks.add(Check.of("block sums by work-group tree (the CPU's reproduction over the device's particles)",
                () -> DeviceChecks.workGroupTree(this, device)));
        return checks;
    }

    /** The tiled large-mixture paths on the device, in the options' precision. */
    @Override
    public org.gdmc.highdim.LargePaths openLargePaths(org.gdmc.highdim.HighDimStudySpec spec,
                                                     BackendOptions options, int capacity) {
        TornadoArithmetic.apply();
        return new LargePathsDevice(spec, TornadoDevices.get(options.device()), capacity,
                options.precision() == BackendOptions.Precision.FLOAT32);
    }

    @Override
    public Backend open(BackendOptions options) {
        TornadoArithmetic.apply();
        return new TornadoBackend(TornadoDevices.get(options.device()),
                options.precision() == BackendOptions.Precision.FLOAT32);
    }
}
