package org.gdmc.study;

/** Told after each batch how far a study has come. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total, seconds) -> { };

    void batchDone(long particlesDone, long particlesTotal, double elapsedSeconds);
}
