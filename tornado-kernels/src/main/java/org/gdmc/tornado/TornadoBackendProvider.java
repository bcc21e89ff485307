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
        return TornadoDevices.describe();
    }

    /** float32: consumer GPUs run doubles at a small fraction of the float rate. */
    @Override
    public BackendOptions.Precision defaultPrecision() {
        return BackendOptions.Precision.FLOAT32;
    }

    @Override
    public Backend open(BackendOptions options) {
        return new TornadoBackend(TornadoDevices.get(options.device()),
                options.precision() == BackendOptions.Precision.FLOAT32);
    }
}
