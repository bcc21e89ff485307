package org.gdmc.guidance;

/**
 * How the guided score is formed from the scores of the noised mixture (see {@code MixtureScore}).
 * Implementations are immutable; {@link #code()} and {@link #strength()} are what the kernels read.
 */
public sealed interface Guidance permits ClassifierFreeGuidance, ClassifierGuidance {
    /** Kernel code: {@link GuidedScore#CLASSIFIER_FREE} or {@link GuidedScore#CLASSIFIER}. */
    int code();

    /** w for classifier-free guidance, γ for classifier guidance. */
    double strength();

    /** The equivalent classifier-free weight w (γ = 1 + w). */
    double equivalentWeight();

    /** e.g. {@code cfg(w=4.0)}. */
    String describe();
}
