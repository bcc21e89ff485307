package org.gdmc.backend.vector;

/**
 * Whether the fast path can run in this JVM: the {@code jdk.incubator.vector} module must be resolved (the launcher
 * passes {@code --add-modules jdk.incubator.vector}) and {@code -Dgdmc.vector=false} must not be set. Touches no
 * vector class, so it is safe to call when the module is absent.
 */
public final class VectorSupport {
    /** System property that switches the fast path off ({@code -Dgdmc.vector=false}). */
    public static final String PROPERTY = "gdmc.vector";

    private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() {
    }

    public static boolean available() {
        return MODULE && !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }
}
