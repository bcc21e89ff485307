package org.gdmc.study;

import java.nio.file.Path;

/** A second process for {@link OutputLockTest}: claims the stem in args[0], says "held", and keeps it until stdin ends. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (OutputLock lock = OutputLock.claim(Path.of(args[0]))) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin
            }
        }
    }
}
