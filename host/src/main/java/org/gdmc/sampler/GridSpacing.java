package org.gdmc.sampler;

/** How the reverse-time grid from T down to δ is spaced. */
public enum GridSpacing {
    /** t_i = T − i (T − δ)/n. */
    UNIFORM,
    /** t_i = T (δ/T)^(i/n): steps shrink in proportion to t, concentrating work near δ where the dynamics are stiff. */
    GEOMETRIC,
    /**
     * λ(t_i) = λ(T) + (i/n)(λ(δ) − λ(T)) for the half log signal-to-noise ratio λ = log(α_t/σ_t): uniform steps in
     * the variable the exponential-integrator solvers (DPM-Solver, DPM-Solver++) are written in. Needs the forward
     * process ({@link TimeGrid#of(GridSpacing, org.gdmc.process.ForwardProcess, double, double, int)}).
     */
    LOG_SNR;

    /** The name in a study file. */
    public String key() {
        return switch (this) {
            case UNIFORM -> "uniform";
            case GEOMETRIC -> "geometric";
            case LOG_SNR -> "log-snr";
        };
    }
}
