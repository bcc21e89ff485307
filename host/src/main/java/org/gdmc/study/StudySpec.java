package org.gdmc.study;

import java.util.List;

import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.Event;
import org.gdmc.estimate.KnnOptions;
import org.gdmc.estimate.ProfileOptions;
import org.gdmc.estimate.SupportOptions;
import org.gdmc.smc.SmcOptions;

/**
 * A study: N particles of the simulation, processed in batches of at most {@code batchSize} particles (rounded up to
 * whole reduction blocks; 0 leaves the batch to the backend, {@link org.gdmc.backend.Backend#batchSize}), so memory is
 * bounded by the batch, never by N; the estimators' settings, and whether 1-D
 * histograms are also measured against the exact law of the guided dynamics (Fokker–Planck reference), and the 1-D
 * density profile (null: none), and the events whose probabilities are estimated; and, when {@code smc} is not null,
 * sequential Monte Carlo of each guidance value's tilted law instead of the plain sampler (its own weighted estimates
 * replace the estimators').
 */
public record StudySpec(SimulationSpec simulation, long particles, int batchSize, SupportOptions supportOptions,
                        KnnOptions knn, boolean exactLaw, ProfileOptions profile, List<Event> events,
                        SmcOptions smc) {
    /** Without SMC. */
    public StudySpec(SimulationSpec simulation, long particles, int batchSize, SupportOptions supportOptions,
                     KnnOptions knn, boolean exactLaw, ProfileOptions profile, List<Event> events) {
        this(simulation, particles, batchSize, supportOptions, knn, exactLaw, profile, events, null);
    }

    /** What each SMC island reports: the study's boundary widths, events and profile. */
    public org.gdmc.smc.IslandTerms islandTerms() {
        return org.gdmc.smc.IslandTerms.of(simulation.target(), simulation.cls(), supportOptions, events, profile);
    }

    /** The same study run by SMC under the options. */
    public StudySpec withSmc(SmcOptions options) {
        return new StudySpec(simulation, particles, batchSize, supportOptions, knn, exactLaw, profile, events,
                options);
    }

    /** Without events. */
    public StudySpec(SimulationSpec simulation, long particles, int batchSize, SupportOptions supportOptions,
                     KnnOptions knn, boolean exactLaw, ProfileOptions profile) {
        this(simulation, particles, batchSize, supportOptions, knn, exactLaw, profile, List.of());
    }

    /** Without a density profile. */
    public StudySpec(SimulationSpec simulation, long particles, int batchSize, SupportOptions supportOptions,
                     KnnOptions knn, boolean exactLaw) {
        this(simulation, particles, batchSize, supportOptions, knn, exactLaw, null);
    }

    /** With the default estimator settings. */
    public StudySpec(SimulationSpec simulation, long particles, int batchSize) {
        this(simulation, particles, batchSize, SupportOptions.defaults(simulation.target(), simulation.cls()));
    }

    /** With the default k-NN settings. */
    public StudySpec(SimulationSpec simulation, long particles, int batchSize, SupportOptions supportOptions) {
        this(simulation, particles, batchSize, supportOptions,
                KnnOptions.defaults(simulation.target().dimension()), false);
    }

    public StudySpec {
        events = events == null ? List.of() : List.copyOf(events);
        if (particles < 1) {
            throw new IllegalArgumentException("particles must be >= 1, got " + particles);
        }
        if (exactLaw && simulation.target().dimension() != 1) {
            throw new IllegalArgumentException("the exact-law reference is 1-D; the target has d="
                    + simulation.target().dimension());
        }
        if (profile != null && simulation.target().dimension() != 1) {
            throw new IllegalArgumentException("the density profile is 1-D; the target has d="
                    + simulation.target().dimension());
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be >= 1, or 0 for the backend's choice, got "
                    + batchSize);
        }
        if (smc != null && particles % smc.island() != 0) {
            throw new IllegalArgumentException("SMC runs whole islands of " + smc.island() + " particles, not "
                    + particles);
        }
    }
}
