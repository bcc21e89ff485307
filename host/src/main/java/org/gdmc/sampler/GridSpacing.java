package org.gdmc.sampler;

/** How the reverse-time grid from T down to δ is spaced. */
public enum GridSpacing {
    /** t_i = T − i (T − δ)/n. */
    UNIFORM,
    /** t_i = T (δ/T)^(i/n): steps shrink in proportion to t, concentrating work near δ where the dynamics are stiff. */
    GEOMETRIC
}
