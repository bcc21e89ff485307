package org.gdmc.backend;

import java.util.List;

import org.gdmc.check.Bounds;
import org.gdmc.check.Check;

/**
 * A backend found at run time through {@link java.util.ServiceLoader}, so that the command line never compiles
 * against device libraries: the CPU backend ships in {@code host}, the TornadoVM backend in the optional
 * {@code tornado-kernels} plug-in.
 */
public interface BackendProvider {
    /** The name users select it by, e.g. {@code cpu} or {@code tornado}. */
    String name();

    /** Null when the backend can run here; otherwise one line saying why not and how to make it available. */
    String unavailableReason();

    /** The devices this backend can use, one line each, in the order {@link BackendOptions#device()} indexes. */
    List<String> devices();

    /** Which precisions this backend supports and how, one line (as {@code gdmc devices} prints it). */
    String precisions();

    /** The precision used when none is asked for. */
    BackendOptions.Precision defaultPrecision();

    /** Opens the backend; the caller closes it. */
    Backend open(BackendOptions options);

    /**
     * Checks of this backend's own kernels on one device, which {@code gdmc selfcheck} runs before the checks every
     * backend answers ({@link org.gdmc.check.BackendChecks}): for a device, its random numbers and maths in-kernel.
     */
    default List<Check> kernelChecks(int device) {
        return List.of();
    }

    /**
     * A device engine for a large-mixture study's paths ({@link org.gdmc.highdim.LargePaths}), or null when this
     * backend has none; the caller closes it.
     *
     * @param capacity most particles per call
     */
    default org.gdmc.highdim.LargePaths openLargePaths(org.gdmc.highdim.HighDimStudySpec spec, BackendOptions options,
                                                       int capacity) {
        return null;
    }

    /** How closely this backend's float64 paths follow the CPU's scalar kernel, per particle (relative). */
    default double float64PathBound() {
        return Bounds.DEVICE_F64_PATH;
    }
}
