package org.gdmc.guidance;

import org.gdmc.sampler.StepPlan;

/**
 * How the guided score is formed from one score pass ({@link GuidedScore}, the form) at a strength that may vary along
 * the path ({@link #schedule()}). Implementations are immutable; the kernels read {@link #form()} and the schedule's
 * strength at every node.
 *
 * <p>Both forms belong to the linear family s = s_c + κ (1 − p)(s_c − s_o) with κ the equivalent classifier-free weight
 * ({@link #equivalentWeight(double)}), which is what the CPU's vector lanes run.
 */
public sealed interface Guidance permits ClassifierFreeGuidance, ClassifierGuidance, CfgPlusPlus, PowerLawGuidance,
        RescaledGuidance, ProjectedGuidance, AutoGuidance {
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

    /**
     * The strength the kernels read at node i of the plan (the table entry; the schedule at t_i unless the variant
     * ties it to the integrator, as CFG++ does).
     */
    default double strengthAt(StepPlan plan, int node) {
        return schedule().at(plan.grid().time(node), plan.process());
    }

    /** The form's parameter record ({@link GuidedScore#parametersLength}); zeros for the forms that have none. */
    default double[] parameters(int d) {
        return new double[GuidedScore.parametersLength(d)];
    }

    /**
     * Whether the guided score is s_c + κ (s_c − s_u) with κ read from the strength table alone, as the CPU's vector
     * lanes run it.
     */
    default boolean linear() {
        return GuidedScore.linear(form());
    }

    /**
     * Whether the guided drift is a function of (x, t) alone, so that the continuous-time references (the 1-D
     * Fokker–Planck law) describe the sampler's limit. Not so for momentum (the drift depends on the path) or CFG++
     * (its weight depends on the step).
     */
    default boolean continuousLimit() {
        return true;
    }

    /**
     * Whether the guided score is a smooth function of the model's scores wherever paths go. Not so for the forms
     * that divide by a spread or a norm of the scores (rescaled guidance's std(s_w), APG's ‖D_c‖ and threshold): where
     * that nears 0, float32 and float64 paths part, so their float32 agreement is checked on 99% of the paths.
     */
    default boolean wellConditioned() {
        return true;
    }

    /** The samplers the form is defined for (null: every sampler); the study file refuses the others. */
    default java.util.Set<String> samplers() {
        return null;
    }
}
