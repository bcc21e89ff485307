package org.gdmc.estimate;

/**
 * One reported figure: a value with its standard error (NaN where none can be given, e.g. fewer than 2 samples),
 * and the number of particles it rests on.
 */
public record Estimate(String name, double value, double stdError, long count) {
}
