package org.gdmc.cli;

import java.util.ArrayList;
import java.util.List;

import org.gdmc.backend.Backend;
import org.gdmc.backend.BackendOptions;
import org.gdmc.backend.BackendProvider;
import org.gdmc.backend.Backends;
import org.gdmc.fields.ConfigException;

import picocli.CommandLine.Option;

/** The backend options shared by the commands that simulate. */
final class BackendOptionsMixin {
    /** What to tell a user who asks for the TornadoVM backend where it is not installed. */
    static final String TORNADO_HINT = "the tornado backend needs a TornadoVM SDK (5.2.0-jdk25, on a JDK 25): install "
            + "it (at /opt/tornadovm/sdk, or set TORNADOVM_HOME to it) and run gdmc through bin/gdmc, which builds the "
            + "tornado-kernels plug-in and launches through TornadoVM's argument file (see the README, 'GPU users')";

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "cpu",
            description = "cpu (default) or tornado; `gdmc devices` lists what this machine has")
    String backend;

    @Option(names = "--device", paramLabel = "INDEX", defaultValue = "0",
            description = "device index of the backend, as `gdmc devices` lists them (default 0)")
    int device;

    @Option(names = "--precision", paramLabel = "P",
            description = "float32 or float64 (default: float64 on the cpu, float32 on a device)")
    String precision;

    /** Whether the command line asks for anything but the CPU backend in float64. */
    boolean requested() {
        return !backend.equals("cpu") || device != 0 || (precision != null && !precision.equals("float64"));
    }

    Backend open(int threads) {
        return open(threads, false);
    }

    /**
     * The backend; with {@code float64Only} (an SMC study, whose log-weights sum a whole path's log-density ratios)
     * in float64 whatever the backend's default, an explicit {@code --precision float32} refused with one line.
     */
    Backend open(int threads, boolean float64Only) {
        if (float64Only) {
            refuseFloat32ForSmc();
        }
        BackendProvider p = Backends.find(backend);
        if (p == null) {
            List<String> names = new ArrayList<>();
            for (BackendProvider q : Backends.all()) {
                names.add(q.name());
            }
            throw new ConfigException("--backend", "\"" + backend + "\" is not available here (available: "
                    + String.join(", ", names) + ")" + (backend.equals("tornado") ? "; " + TORNADO_HINT : ""));
        }
        String why = p.unavailableReason();
        if (why != null) {
            throw new ConfigException("--backend", backend + ": " + why);
        }
        if (device >= p.devices().size()) {
            throw new ConfigException("--device", "backend " + backend + " has devices 0.." + (p.devices().size() - 1)
                    + ", got " + device);
        }
        BackendOptions.Precision prec = float64Only ? BackendOptions.Precision.FLOAT64
                : precision == null ? p.defaultPrecision() : precision(precision);
        try {
            return p.open(new BackendOptions(threads, device, prec));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--precision", e.getMessage());
        }
    }

    /**
     * The backend's device engine for a large-mixture study's paths; refused with one line when the backend has none
     * or is not available here.
     */
    org.gdmc.highdim.LargePaths openLargePaths(org.gdmc.highdim.HighDimStudySpec spec, int capacity) {
        BackendProvider p = Backends.find(backend);
        if (p == null || p.unavailableReason() != null) {
            throw new ConfigException("--backend", "\"" + backend + "\" is not available here"
                    + (p == null ? "" : ": " + p.unavailableReason()) + (backend.equals("tornado") ? "; "
                    + TORNADO_HINT : ""));
        }
        if (device >= p.devices().size()) {
            throw new ConfigException("--device", "backend " + backend + " has devices 0.." + (p.devices().size() - 1)
                    + ", got " + device);
        }
        org.gdmc.highdim.LargePaths paths;
        try {
            BackendOptions.Precision prec = precision == null ? p.defaultPrecision() : precision(precision);
            paths = p.openLargePaths(spec, new BackendOptions(0, device, prec), capacity);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--backend", backend + ": " + e.getMessage());
        }
        if (paths == null) {
            throw new ConfigException("--backend", backend + " has no engine for large-mixture studies; use the cpu");
        }
        return paths;
    }

    /** Refuses an explicit {@code --precision float32} for an SMC study, which runs in float64 on every backend. */
    void refuseFloat32ForSmc() {
        if (precision != null && !precision.equals("float64")) {
            throw new ConfigException("--precision", "sampler.smc runs in float64 only (an island's log-weights sum "
                    + "log-density ratios along whole paths, which float32 cannot carry to the accuracy log Z needs); "
                    + "got " + precision);
        }
    }

    /** The precision a --precision value names. */
    static BackendOptions.Precision precision(String name) {
        return switch (name) {
            case "float64" -> BackendOptions.Precision.FLOAT64;
            case "float32" -> BackendOptions.Precision.FLOAT32;
            default -> throw new ConfigException("--precision", "expected float64 or float32, got " + name);
        };
    }
}
