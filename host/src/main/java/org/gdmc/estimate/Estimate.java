package org.gdmc.estimate;

/**
 * One reported figure: a value with its standard error (NaN where none can be given, e.g. fewer than 2 samples),
 * the number of particles it rests on, and a note saying why the value or its standard error is not finite ("" when
 * both are, or no note was given; {@link NonFiniteNotes} gives every non-finite estimate one).
 */
public record Estimate(String name, double value, double stdError, long count, String note) {
    public Estimate {
        note = note == null ? "" : note;
    }

    public Estimate(String name, double value, double stdError, long count) {
        this(name, value, stdError, count, "");
    }

    /** Whether the value and its standard error are both finite numbers. */
    public boolean finite() {
        return Double.isFinite(value) && Double.isFinite(stdError);
    }

    public Estimate withNote(String text) {
        return new Estimate(name, value, stdError, count, text);
    }
}
