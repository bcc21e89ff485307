package org.gdmc.sampler;

/**
 * A first-order stochastic sampler of the affine form y_{i+1} = A_i y_i + B_i s(y_i, t_i) + C_i z_i; implementations
 * differ only in their coefficients.
 */
public sealed interface AffineSampler extends ReverseSampler
        permits EulerMaruyama, ExponentialIntegrator, DdpmAncestral, Ddim {
    @Override
    default int kernel() {
        return AffineStep.CODE;
    }

    @Override
    default boolean stochastic() {
        return true;
    }

    @Override
    default int order() {
        return 1;
    }
}
