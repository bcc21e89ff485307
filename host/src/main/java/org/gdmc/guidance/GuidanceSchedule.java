package org.gdmc.guidance;

import org.gdmc.process.ForwardProcess;

/**
 * A guidance strength (w for classifier-free guidance, γ for classifier guidance) as a function of the forward time
 * t ∈ [δ, T] along the reverse path. The kernels read it as a table: the path's step at node i (time t_i) uses the
 * strength at t_i, so a schedule costs nothing per particle beyond a constant strength.
 *
 * <p>A schedule has a scale: the number a sweep over {@code guidance.w} (or {@code gamma}) varies, with the same
 * shape at each value, so that a sweep keeps sharing each particle's noise across its values.
 */
public sealed interface GuidanceSchedule permits ConstantStrength, GuidanceInterval, StrengthKnots, StrengthShape {
    /** The strength at forward time t of the process (a schedule on the noise level reads σ_t and α_t from it). */
    double at(double t, ForwardProcess process);

    /** The scale: a constant's value, an interval's strength inside. */
    double scale();

    /** The same shape at another scale. */
    GuidanceSchedule scaledTo(double scale);

    /** The strength's symbol and its shape, e.g. {@code w=4.0}. */
    String describe(String symbol);
}
