package org.gdmc.backend;

import java.util.List;

/** The CPU backend (always available; float64 by default, float32 on request). */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public List<String> devices() {
        return List.of(System.getProperty("os.arch") + " CPU, " + Runtime.getRuntime().availableProcessors()
                + " processors");
    }

    @Override
    public String precisions() {
        return "float64 (the default and the reference: Java's double arithmetic and maths, within 1 ulp of StrictMath), "
                + "float32 (the device's generated float32 kernels, with Java's float functions)";
    }

    /** The vector lanes carry their own exp and log, so they follow the scalar kernel to a few ulps per step. */
    @Override
    public double float64PathBound() {
        return org.gdmc.check.Bounds.F64_PATH;
    }

    @Override
    public BackendOptions.Precision defaultPrecision() {
        return BackendOptions.Precision.FLOAT64;
    }

    @Override
    public Backend open(BackendOptions options) {
        return new CpuBackend(options.threads(), options.precision() == BackendOptions.Precision.FLOAT32);
    }
}
