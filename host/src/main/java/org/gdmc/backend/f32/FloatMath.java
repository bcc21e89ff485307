package org.gdmc.backend.f32;

/**
 * The float functions the CPU's generated float32 kernels call, where the device kernels call TornadoMath: each is
 * the double function rounded to float, so within one float ulp of the exact value (Math's result is within one
 * double ulp of it). A device's own float functions may be a few ulp off (OpenCL allows exp and log 3 ulp), so the
 * CPU and a device agree in float32 to rounding, not bit for bit.
 */
public final class FloatMath {
    /** π rounded to float. */
    public static final float PI = (float) Math.PI;

    private FloatMath() {
    }

    public static float exp(float x) {
        return (float) Math.exp(x);
    }

    public static float log(float x) {
        return (float) Math.log(x);
    }

    /** Correctly rounded: the double square root of a float rounds to the float square root. */
    public static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }

    public static float cos(float x) {
        return (float) Math.cos(x);
    }

    public static float sin(float x) {
        return (float) Math.sin(x);
    }
}
