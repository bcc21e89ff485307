package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The resume command an interrupted run prints is the command the user gave, quoted for a POSIX shell. */
class InterruptionTest {
    @Test
    void theResumeCommandIsTheGivenOneQuotedWithResumeAdded() {
        assertEquals("gdmc run study.yaml --out 'my results/r' --set 'name=it'\\''s' --resume",
                Interruption.resumeCommand("gdmc", List.of("run", "study.yaml", "--out", "my results/r", "--set",
                        "name=it's")));
        assertEquals("bin/gdmc run --resume --w=0,1.5", Interruption.resumeCommand("bin/gdmc",
                List.of("run", "--resume", "--w=0,1.5")), "given once");
        assertEquals("gdmc run '' '$HOME' 'a;b'", Interruption.command("gdmc", List.of("run", "", "$HOME", "a;b")));
    }
}
