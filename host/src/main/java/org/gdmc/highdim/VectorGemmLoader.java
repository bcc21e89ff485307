package org.gdmc.highdim;

/** Loads {@link VectorGemm} only when asked, so that a JVM without the Vector API never touches its classes. */
final class VectorGemmLoader {
    private VectorGemmLoader() {
    }

    /** The vector implementation, or null when this CPU's preferred double vector does not hold 8 lanes. */
    static Gemm load() {
        return VectorGemm.supported() ? new VectorGemm() : null;
    }

    /** The float32 vector implementation, or null when the preferred float vector does not hold 16 lanes. */
    static GemmF32 loadF32() {
        return VectorGemmF32.supported() ? new VectorGemmF32() : null;
    }
}
