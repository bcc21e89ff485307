package org.gdmc.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class written in the kernel subset: static methods on primitives and primitive arrays, no allocation, no
 * objects, no virtual calls, no exceptions, none of the constructs TornadoVM mistranslates ({@code >>>},
 * {@code Math.expm1}, {@code Math.fma}, bit casts; see docs/tornadovm-traps.md). The CPU calls these methods
 * directly and the device kernels inline them, so each piece of per-particle maths is written once.
 *
 * <p>Tests find every marked class: {@code KernelSubsetTest} holds its source to the subset, and the generator
 * ({@code KernelSources}, host's tests; {@code bin/kernel-sources}) makes a float32 copy of it for the CPU
 * ({@code org.gdmc.backend.f32}) and the device ({@code org.gdmc.tornado.f32}) unless {@link #float32()} is false, and
 * the device's float64 copy ({@code org.gdmc.tornado.f64}, with gdmc's own exp, log, sin and cos) unless
 * {@link #float64()} is false; {@code KernelSourcesTest} fails the build when a copy drifts. A new piece is therefore
 * picked up by every path by carrying this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KernelCode {
    /**
     * Whether the class has a generated float32 copy. False for code without floating point (Philox, packed-array
     * offsets) and for code that runs in float64 on every path (the estimators' reductions).
     */
    boolean float32() default true;

    /**
     * Whether the device's float64 kernels use a copy of the class in which {@code Math.exp/log/sin/cos} become gdmc's
     * own {@code KernelMath}. False for code without floating-point maths (Philox, packed-array offsets) and for
     * KernelMath itself.
     */
    boolean float64() default true;
}
