package org.gdmc.check;

/** What a check found: whether it passed, and one line saying what was measured or what went wrong. */
public record Finding(boolean passed, String detail) {
    public static Finding pass(String detail) {
        return new Finding(true, detail);
    }

    public static Finding fail(String detail) {
        return new Finding(false, detail);
    }

    /** Passes when ok holds, with the same detail either way. */
    public static Finding when(boolean ok, String detail) {
        return new Finding(ok, detail);
    }
}
