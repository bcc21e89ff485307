package org.gdmc.guidance;

/**
 * How the guided score is formed from one score pass ({@link GuidedScore}, the form) at a strength that may vary along
 * the path ({@link #schedule()}). Implementations are immutable; the kernels read {@link #form()} and the schedule's
 * strength at every node.
 *
 * <p>Both forms belong to the linear family s = s_c + κ (1 − p)(s_c − s_o) with κ the equivalent classifier-free weight
 * ({@link #equivalentWeight(double)}), which is what the CPU's vector lanes run.
 */
public sealed interface Guidance permits ClassifierFreeGuidance, ClassifierGuidance {
    /** Kernel code of the form: {@link GuidedScore#CLASSIFIER_FREE} or {@link GuidedScore#CLASSIFIER}. */
    int form();

    /** The strength against time: w for classifier-free guidance, γ for classifier guidance. */
    GuidanceSchedule schedule();

    /** The strength's scale (the constant strength, or a schedule's scale), as results and figures report it. */
    default double strength() {
        return schedule().scale();
    }

    /** The classifier-free weight w equivalent to this form at the given strength (γ = 1 + w). */
    double equivalentWeight(double strength);

    /** The equivalent weight at the scale. */
    default double equivalentWeight() {
        return equivalentWeight(strength());
    }

    /** e.g. {@code cfg(w=4.0)}. */
    String describe();
}
