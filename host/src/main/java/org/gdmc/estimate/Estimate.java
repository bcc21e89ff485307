package org.gdmc.estimate;

/**
 * One reported figure: a value with its standard error (NaN where none can be given, e.g. fewer than 2 samples),
 * the number of particles it rests on, a note saying why the value or its standard error is not finite ("" when
 * both are, or no note was given; {@link NonFiniteNotes} gives every non-finite estimate one), and, for the means of
 * per-particle summands, whether its standard error can be trusted ({@link Reliability}; null for other estimates).
 */
public record Estimate(String name, double value, double stdError, long count, String note, Reliability reliability) {
    public Estimate {
        note = note == null ? "" : note;
    }

    public Estimate(String name, double value, double stdError, long count) {
        this(name, value, stdError, count, "", null);
    }

    public Estimate(String name, double value, double stdError, long count, String note) {
        this(name, value, stdError, count, note, null);
    }

    /** Whether the value and its standard error are both finite numbers. */
    public boolean finite() {
        return Double.isFinite(value) && Double.isFinite(stdError);
    }

    /** Whether a reliability diagnostic says the standard error is not to be trusted. */
    public boolean unreliable() {
        return reliability != null && !reliability.reliable();
    }

    public Estimate withNote(String text) {
        return new Estimate(name, value, stdError, count, text, reliability);
    }

    public Estimate withReliability(Reliability r) {
        return new Estimate(name, value, stdError, count, note, r);
    }
}
