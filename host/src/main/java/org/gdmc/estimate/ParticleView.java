package org.gdmc.estimate;

import org.gdmc.sampler.PathKernel;

/**
 * A block of simulated particles as the estimators read it: final states (row-major, d per particle), path
 * observables ({@link PathKernel} OBS_* layout), a finiteness mask, and the observables of the same particles under
 * the sweep's reference guidance (the first of the sweep) for paired differences. Not modified by estimators.
 */
public record ParticleView(int dimension, double[] states, double[] observables, boolean[] finite,
                           double[] referenceObservables, boolean[] referenceFinite, int from, int to) {

    public double observable(int particle, int which) {
        return observables[particle * PathKernel.OBS_LENGTH + which];
    }

    public double referenceObservable(int particle, int which) {
        return referenceObservables[particle * PathKernel.OBS_LENGTH + which];
    }
}
