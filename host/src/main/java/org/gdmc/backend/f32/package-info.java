/**
 * The CPU backend's float32 path: the per-particle kernels generated from the float64 host code by
 * {@code Float32Sources} (host tests), the same code the device runs in float32, with {@link
 * org.gdmc.backend.f32.FloatMath} for the float functions. Do not edit the {@code *F32} classes; rerun the generator.
 */
package org.gdmc.backend.f32;
