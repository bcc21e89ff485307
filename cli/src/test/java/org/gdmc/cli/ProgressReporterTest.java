package org.gdmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private static String drive(boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressReporter r = new ProgressReporter(out, terminal, 30.0, 200);
        for (int b = 1; b <= 100; b++) {
            r.batchDone(b * 1000L, 100_000L, b * 1.0); // a batch a second
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logLinesAreThrottledAndEndWithTheTotal() {
        String log = drive(false);
        String[] lines = log.split("\n");
        // t = 1 s, then every 30 s (31, 61, 91), then the last batch
        assertEquals(5, lines.length, log);
        assertTrue(lines[0].startsWith("gdmc: 1,000/100,000 particles (1%), 2.00e+05 particle-steps/s"), lines[0]);
        assertTrue(lines[4].contains("100,000/100,000 particles (100%)") && lines[4].contains("elapsed 1 min 40 s"),
                lines[4]);
        assertTrue(lines[1].contains("ETA 1 min 09 s"), lines[1]);
    }

    @Test
    void aTerminalGetsOneBarRedrawnInPlace() {
        String bar = drive(true);
        assertEquals(100, bar.chars().filter(c -> c == '\r').count());
        assertTrue(bar.endsWith("ETA 0 s   \n"), bar.substring(bar.length() - 40));
        assertTrue(bar.contains("[###############...............]  50%"), bar);
    }

    /** A first batch slowed by warm-up (60 s, then 1 s a batch) does not inflate the ETA: 98 batches left, 98 s. */
    @Test
    void theEtaLeavesOutTheFirstBatchsWarmUp() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressReporter r = new ProgressReporter(out, false, 0.0, 200);
        r.batchDone(1000L, 100_000L, 60.0);
        r.batchDone(2000L, 100_000L, 61.0);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].endsWith("ETA estimating"), lines[0]);
        assertTrue(lines[1].endsWith("ETA 1 min 38 s"), lines[1]);
    }

    @Test
    void clockReadsNaturally() {
        assertEquals("42 s", ProgressReporter.clock(42.2));
        assertEquals("3 min 05 s", ProgressReporter.clock(185));
        assertEquals("2 h 07 min", ProgressReporter.clock(2 * 3600 + 7 * 60 + 10));
    }
}
