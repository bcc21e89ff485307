package org.gdmc.testing;

/** Tolerances shared by the tests, in one place. */
public final class Tolerances {
    /** Statistical tests accept |estimate − truth| ≤ SIGMAS · s.e. (+ any stated bias bound). */
    public static final double SIGMAS = 5.0;
    /** Relative agreement of two double computations of the same quantity by different routes. */
    public static final double F64_REL = 1e-12;

    private Tolerances() {
    }
}
