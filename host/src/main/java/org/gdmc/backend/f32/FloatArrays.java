package org.gdmc.backend.f32;

/** The float32 kernels' inputs: packed float64 arrays rounded to float, entry by entry (round to nearest). */
public final class FloatArrays {
    private FloatArrays() {
    }

    /** A new array of the floats nearest a's entries. */
    public static float[] narrow(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
