package org.gdmc.tornado;

import java.util.List;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.BackendProvider;

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
        safeCompilerFlags();
        return TornadoDevices.describe();
    }

    /** The OpenCL build options gdmc's kernels need. */
    static final String COMPILER_FLAGS = "-w";
    private static final String FLAGS_PROPERTY = "tornado.opencl.compiler.flags";

    /**
     * TornadoVM builds OpenCL kernels with {@code -cl-fast-relaxed-math} unless told otherwise; that implies
     * {@code -cl-finite-math-only}, under which the device compiler folds every NaN and infinity test to "finite",
     * so diverged particles would be averaged into the estimates instead of counted. Sets {@value #COMPILER_FLAGS}
     * when the user set nothing (before TornadoVM's options are first read), and refuses flags that assume finite
     * maths.
     */
    static void safeCompilerFlags() {
        String flags = System.getProperty(FLAGS_PROPERTY);
        if (flags == null) {
            System.setProperty(FLAGS_PROPERTY, COMPILER_FLAGS);
        } else if (flags.contains("fast-relaxed-math") || flags.contains("finite-math-only")) {
            throw new IllegalStateException("-D" + FLAGS_PROPERTY + "=\"" + flags + "\" assumes finite maths: "
                    + "gdmc could not detect diverged (NaN or infinite) particles on the device; use -D"
                    + FLAGS_PROPERTY + "=" + COMPILER_FLAGS);
        }
    }

    /** float32: consumer GPUs run doubles at a small fraction of the float rate. */
    @Override
    public BackendOptions.Precision defaultPrecision() {
        return BackendOptions.Precision.FLOAT32;
    }

    @Override
    public Backend open(BackendOptions options) {
        safeCompilerFlags();
        return new TornadoBackend(TornadoDevices.get(options.device()),
                options.precision() == BackendOptions.Precision.FLOAT32);
    }
}
