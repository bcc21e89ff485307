/**
 * The CPU backend's fast path: whole guided paths of mixtures of diagonal Gaussians, fused over all steps and run on
 * a vector's worth of particles at once with the JDK Vector API ({@code jdk.incubator.vector}). One lane is one
 * particle; every operation is lane-wise, so a particle's path does not depend on its lane, its neighbours, the
 * batch or the thread. The noise is the shared layout of {@link org.gdmc.rng.NormalVariates}, drawn from the same
 * Philox words; the paths agree with {@link org.gdmc.kernel.PathKernel} to rounding (the vector log, exp, sin and
 * cos are not the scalar ones bit for bit).
 */
package org.gdmc.backend.vector;
