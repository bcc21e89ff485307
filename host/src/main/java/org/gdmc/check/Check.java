package org.gdmc.check;

import java.util.function.Supplier;

/** One named check of a backend against the CPU reference, as {@code gdmc selfcheck} runs it. */
public interface Check {
    /** What is checked, in a few words. */
    String name();

    /** Runs the check: passed with what was measured, or failed with why. */
    Finding run();

    /** A check from a name and a body. */
    static Check of(String name, Supplier<Finding> body) {
        return new Named(name, body);
    }

    /** A check given by a name and a body. */
    record Named(String name, Supplier<Finding> body) implements Check {
        @Override
        public Finding run() {
            return body.get();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
