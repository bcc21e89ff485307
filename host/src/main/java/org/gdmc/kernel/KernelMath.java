package org.gdmc.kernel;

/**
 * exp, log, sin and cos in double precision, in the kernel subset: what the device's float64 kernels (the generated
 * {@code org.gdmc.tornado.f64} copies of every {@link KernelCode} class) call instead of {@code Math}'s, so that a
 * float64 result does not depend on the backend's maths library: TornadoVM's PTX backend lowers
 * {@code Math.exp/log/sin/cos} on doubles to single-precision approximations (TornadoVM issue 895). These run the same
 * on OpenCL and on PTX. No bit casts (the device compilers reject them): exponents are found and applied by multiplying
 * by exact powers of two. The CPU's scalar kernel keeps {@code Math}'s intrinsics (these cost it a fifth of its speed);
 * both are within 1 ulp of {@link StrictMath}, so the device follows the CPU to ~1e−14 per particle.
 *
 * <p>exp and log are the algorithms of the CPU's vector lanes ({@code backend.vector.LaneMath}, which take their
 * constants from here), evaluated without fused multiply-adds: exp by x = k ln 2 + r, |r| ≤ ½ ln 2, and e^r's Taylor
 * series to r¹³ (truncation below 5e−18); log by x = 2^k m, m ∈ [√½, √2), f = m − 1, s = f/(2 + f) and fdlibm's
 * minimax for log(1 + f) = 2 artanh s. sin and cos are fdlibm's Cody–Waite reduction by π/2 (three parts of π/2) and
 * its kernel polynomials (FreeBSD's k_cos). Within 1 ulp of {@link StrictMath} on the stated domains (KernelMathTest).
 */
@KernelCode(float32 = false, float64 = false)
public final class KernelMath {
    /** ln 2 split so that k · LN2_HI is exact for |k| &lt; 2¹¹ (fdlibm). */
    public static final double LN2_HI = 6.93147180369123816490e-01;
    public static final double LN2_LO = 1.90821492927058770002e-10;
    public static final double LOG2_E = 1.44269504088896338700e+00;
    /** Adding then subtracting 1.5·2⁵² rounds a double of magnitude below 2⁵¹ to the nearest integer. */
    public static final double ROUND = 0x1.8p52;
    /** e^x overflows above this and is 0 below {@link #EXP_UNDERFLOW}. */
    public static final double EXP_OVERFLOW = 7.09782712893383973096e+02;
    public static final double EXP_UNDERFLOW = -7.45133219101941108420e+02;

    /** fdlibm's minimax coefficients of log(1 + f) = f − f²/2 + s (f²/2 + R(s²)). */
    public static final double LG1 = 6.666666666666735130e-01;
    public static final double LG2 = 3.999999999940941908e-01;
    public static final double LG3 = 2.857142874366239149e-01;
    public static final double LG4 = 2.222219843214978396e-01;
    public static final double LG5 = 1.818357216161805012e-01;
    public static final double LG6 = 1.531383769920937332e-01;
    public static final double LG7 = 1.479819860511658591e-01;

    /** fdlibm's k_sin coefficients on [−π/4, π/4]. */
    public static final double S1 = -1.66666666666666324348e-01;
    public static final double S2 = 8.33333333332248946124e-03;
    public static final double S3 = -1.98412698298579493134e-04;
    public static final double S4 = 2.75573137070700676789e-06;
    public static final double S5 = -2.50507602534068634195e-08;
    public static final double S6 = 1.58969099521155010221e-10;

    /** fdlibm's k_cos coefficients on [−π/4, π/4]. */
    public static final double C1 = 4.16666666666666019037e-02;
    public static final double C2 = -1.38888888888741095749e-03;
    public static final double C3 = 2.48015872894767294178e-05;
    public static final double C4 = -2.75573143513906633035e-07;
    public static final double C5 = 2.08757232129817482790e-09;
    public static final double C6 = -1.13596475577881948265e-11;

    /** 2/π and π/2 in three parts of 33 bits (fdlibm's e_rem_pio2 "medium" reduction). */
    private static final double INV_PIO2 = 6.36619772367581382433e-01;
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_1T = 6.07710050650619224932e-11;
    private static final double PIO2_2 = 6.07710050630396597660e-11;
    private static final double PIO2_2T = 2.02226624879595063154e-21;
    private static final double PIO2_3 = 2.02226624871116645580e-21;
    private static final double PIO2_3T = 8.47842766036889956997e-32;
    /** sin and cos reduce arguments up to this exactly enough (fdlibm's medium case). */
    public static final double TRIG_MAX = 0x1.0p19 * 1.57079632679489661923;

    private static final double SQRT2 = 1.41421356237309504880;

    private KernelMath() {
    }

    /**
     * eˣ: ∞ above {@link #EXP_OVERFLOW}, 0 below {@link #EXP_UNDERFLOW}, NaN for NaN; subnormal results are rounded
     * once.
     */
    public static double exp(double x) {
        if (!(x == x)) {
            return x;
        }
        if (x > EXP_OVERFLOW) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < EXP_UNDERFLOW) {
            return 0.0;
        }
        double kd = (x * LOG2_E + ROUND) - ROUND;
        double r = (x - kd * LN2_HI) - kd * LN2_LO;
        double p = r * (1.0 / 6227020800.0) + 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
        p = p * r + 1.0 / 720.0;
        p = p * r + 1.0 / 120.0;
        p = p * r + 1.0 / 24.0;
        p = p * r + 1.0 / 6.0;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        int k = (int) kd;
        if (k < -1021) {
            return p * pow2(k + 1000) * 0x1.0p-1000;
        }
        if (k > 1023) {
            return p * pow2(k - 1) * 2.0;
        }
        return p * pow2(k);
    }

    /** 2ʲ for −1022 ≤ j ≤ 1023, exactly: the product of the powers 2^(2^i) of j's binary digits. */
    public static double pow2(int j) {
        double r = 1.0;
        double b = j < 0 ? 0.5 : 2.0;
        int n = j < 0 ? -j : j;
        for (int i = 0; i < 10; i++) {
            if ((n & 1) == 1) {
                r = r * b;
            }
            b = b * b;
            n = n >> 1;
        }
        return r;
    }

    /** ln x: NaN for x &lt; 0 or NaN, −∞ at 0, ∞ at ∞; subnormal x included. */
    public static double log(double x) {
        if (!(x > 0.0)) {
            return x == 0.0 ? Double.NEGATIVE_INFINITY : (x - x) / (x - x);
        }
        if (x > Double.MAX_VALUE) {
            return x;
        }
        int k = 0;
        double m = x;
        if (m < 0x1.0p-1022) {
            m = m * 0x1.0p54;
            k = -54;
        }
        // m = 2^k' m' with 1 ≤ m' < 2, one binary digit of k' at a time (all products exact)
        if (m >= 0x1.0p512) {
            m = m * 0x1.0p-512;
            k = k + 512;
        } else if (m * 0x1.0p512 < 2.0) {
            m = m * 0x1.0p512;
            k = k - 512;
        }
        if (m >= 0x1.0p256) {
            m = m * 0x1.0p-256;
            k = k + 256;
        } else if (m * 0x1.0p256 < 2.0) {
            m = m * 0x1.0p256;
            k = k - 256;
        }
        if (m >= 0x1.0p128) {
            m = m * 0x1.0p-128;
            k = k + 128;
        } else if (m * 0x1.0p128 < 2.0) {
            m = m * 0x1.0p128;
            k = k - 128;
        }
        if (m >= 0x1.0p64) {
            m = m * 0x1.0p-64;
            k = k + 64;
        } else if (m * 0x1.0p64 < 2.0) {
            m = m * 0x1.0p64;
            k = k - 64;
        }
        if (m >= 0x1.0p32) {
            m = m * 0x1.0p-32;
            k = k + 32;
        } else if (m * 0x1.0p32 < 2.0) {
            m = m * 0x1.0p32;
            k = k - 32;
        }
        if (m >= 0x1.0p16) {
            m = m * 0x1.0p-16;
            k = k + 16;
        } else if (m * 0x1.0p16 < 2.0) {
            m = m * 0x1.0p16;
            k = k - 16;
        }
        if (m >= 0x1.0p8) {
            m = m * 0x1.0p-8;
            k = k + 8;
        } else if (m * 0x1.0p8 < 2.0) {
            m = m * 0x1.0p8;
            k = k - 8;
        }
        if (m >= 0x1.0p4) {
            m = m * 0x1.0p-4;
            k = k + 4;
        } else if (m * 0x1.0p4 < 2.0) {
            m = m * 0x1.0p4;
            k = k - 4;
        }
        if (m >= 4.0) {
            m = m * 0.25;
            k = k + 2;
        } else if (m * 4.0 < 2.0) {
            m = m * 4.0;
            k = k - 2;
        }
        if (m >= 2.0) {
            m = m * 0.5;
            k = k + 1;
        } else if (m < 1.0) {
            m = m * 2.0;
            k = k - 1;
        }
        if (m >= SQRT2) {
            m = m * 0.5;
            k = k + 1;
        }
        double f = m - 1.0;
        double s = f / (2.0 + f);
        double z = s * s;
        double w = z * z;
        double t1 = w * (LG2 + w * (LG4 + w * LG6));
        double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
        double hfsq = 0.5 * f * f;
        double kd = k;
        return kd * LN2_HI - ((hfsq - (s * (hfsq + t2 + t1) + kd * LN2_LO)) - f);
    }

    /** sin x for |x| ≤ {@link #TRIG_MAX}. */
    public static double sin(double x) {
        return trig(x, 0);
    }

    /** cos x for |x| ≤ {@link #TRIG_MAX}. */
    public static double cos(double x) {
        return trig(x, 1);
    }

    /**
     * sin x (shift 0) or cos x = sin(x + π/2) (shift 1): x = n π/2 + y with |y| ≤ π/4 by fdlibm's medium reduction
     * (π/2 in three parts, a second and third pass where the first loses bits to cancellation), then k_sin or k_cos of
     * y by the quadrant (n + shift) mod 4.
     */
    private static double trig(double x, int shift) {
        double ax = x < 0.0 ? -x : x;
        if (ax <= 0.7853981633974483) {
            return shift == 0 ? kernelSin(x, 0.0) : kernelCos(x, 0.0);
        }
        double fn = (ax * INV_PIO2 + ROUND) - ROUND;
        double r = ax - fn * PIO2_1;
        double w = fn * PIO2_1T;
        double y0 = r - w;
        // cancellation: redo with the next 33 bits of π/2 when y0 lost more than 16 bits against x
        if (ax > 0x1.0p16 * (y0 < 0.0 ? -y0 : y0)) {
            double t = r;
            w = fn * PIO2_2;
            r = t - w;
            w = fn * PIO2_2T - ((t - r) - w);
            y0 = r - w;
            if (ax > 0x1.0p49 * (y0 < 0.0 ? -y0 : y0)) {
                t = r;
                w = fn * PIO2_3;
                r = t - w;
                w = fn * PIO2_3T - ((t - r) - w);
                y0 = r - w;
            }
        }
        double y1 = (r - y0) - w;
        int n = (int) fn;
        if (x < 0.0) {
            y0 = -y0;
            y1 = -y1;
            n = -n;
        }
        int q = (n + shift) & 3;
        if (q == 0) {
            return kernelSin(y0, y1);
        } else if (q == 1) {
            return kernelCos(y0, y1);
        } else if (q == 2) {
            return -kernelSin(y0, y1);
        }
        return -kernelCos(y0, y1);
    }

    /** fdlibm's k_sin: sin(x + y) for |x| ≤ π/4, y the tail of x. */
    private static double kernelSin(double x, double y) {
        double z = x * x;
        double v = z * x;
        double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        return x - ((z * (0.5 * y - v * r) - y) - v * S1);
    }

    /** fdlibm's k_cos: cos(x + y) for |x| ≤ π/4, y the tail of x. */
    private static double kernelCos(double x, double y) {
        double z = x * x;
        double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
        double hz = 0.5 * z;
        double w = 1.0 - hz;
        return w + (((1.0 - w) - hz) + (z * r - x * y));
    }
}
