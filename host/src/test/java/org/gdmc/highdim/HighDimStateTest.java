package org.gdmc.highdim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gdmc.config.HighDimStudyConfig;
import org.gdmc.estimate.Estimate;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.Shard;
import org.gdmc.study.StudyResult;
import org.junit.jupiter.api.Test;

/**
 * A large-mixture study split into shards, interrupted and resumed from its saved state, or run on another number of
 * threads gives every estimate and picture bit for bit as one run does.
 */
class HighDimStateTest {
    /** 9 blocks and a partial one: shards and batches fall inside rows and across the sliced-W2 particles. */
    private static final long N = 9 * HighDimStudyRunner.BLOCK + 300;

    /** Four components in two classes (so no exact along-u reference is solved at every finish). */
    private static HighDimStudySpec spec(int threads) {
        com.fasterxml.jackson.databind.node.ObjectNode tree = HighDimStudyTest.pair(16, 1.0, "ddpm", 6, "[0, 2]", N,
                threads);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("target")).put("components", 4);
        return HighDimStudyConfig.parse(tree, Map.of(), null).spec();
    }

    private static HighDimState copy(HighDimState s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.write(new DataOutputStream(bytes));
        return HighDimState.read(s.spec(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    private static void assertSameResult(StudyResult a, StudyResult b) {
        assertEquals(a.results().size(), b.results().size());
        for (int r = 0; r < a.results().size(); r++) {
            GuidanceResult x = a.results().get(r);
            GuidanceResult y = b.results().get(r);
            assertEquals(x.guidance(), y.guidance());
            assertEquals(x.estimates().size(), y.estimates().size());
            for (int k = 0; k < x.estimates().size(); k++) {
                Estimate e = x.estimates().get(k);
                Estimate f = y.estimates().get(k);
                assertEquals(e.name(), f.name());
                assertEquals(Double.doubleToRawLongBits(e.value()), Double.doubleToRawLongBits(f.value()),
                        "row " + r + " " + e.name() + ": " + e.value() + " vs " + f.value());
                assertEquals(Double.doubleToRawLongBits(e.stdError()), Double.doubleToRawLongBits(f.stdError()),
                        "row " + r + " " + e.name() + " s.e.");
            }
        }
        assertEquals(a.densityMaps().size(), b.densityMaps().size());
        for (int r = 0; r < a.densityMaps().size(); r++) {
            assertArrayEquals(a.densityMaps().get(r).counts(), b.densityMaps().get(r).counts());
            assertEquals(a.densityMaps().get(r).outside(), b.densityMaps().get(r).outside());
        }
    }

    @Test
    void shardsMergedGiveOneRunsEstimatesBitForBit() throws Exception {
        StudyResult whole = HighDimStudyRunner.run(spec(2), ProgressListener.NONE);
        for (int n : new int[] {2, 3, 10, 12}) {
            HighDimState merged = null;
            for (int i = 0; i < n; i++) {
                HighDimState s = HighDimState.start(spec(1 + i % 2), new Shard(i, n));
                HighDimStudyRunner.advance(s, ProgressListener.NONE, null, null, x -> { });
                s = copy(s);
                if (merged == null) {
                    merged = s;
                } else {
                    merged.merge(s);
                }
            }
            assertSameResult(whole, merged.finish());
        }
    }

    @Test
    void aRunResumedFromAnyBatchGivesTheSameBits() throws Exception {
        StudyResult whole = HighDimStudyRunner.run(spec(1), ProgressListener.NONE);
        // stop after batch k (2 threads: batches of 8 blocks, two per row), save, read back and go on elsewhere
        for (int stopAfter : new int[] {1, 2, 3, 5}) {
            HighDimState s = HighDimState.start(spec(2), Shard.WHOLE);
            List<HighDimState> saved = new ArrayList<>();
            int[] batches = {0};
            class Stop extends RuntimeException {
            }
            try {
                HighDimStudyRunner.advance(s, ProgressListener.NONE, null, null, x -> {
                    if (++batches[0] == stopAfter) {
                        try {
                            saved.add(copy(x));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                        throw new Stop();
                    }
                });
            } catch (Stop expected) {
                // interrupted
            }
            HighDimState resumed = saved.get(0);
            assertFalse(resumed.done());
            assertTrue(resumed.progress() > 0 && resumed.progress() < resumed.total());
            HighDimStudyRunner.advance(resumed, ProgressListener.NONE, null, null, x -> { });
            assertSameResult(whole, resumed.finish());
        }
    }

    @Test
    void samplesOfAResumedRunEqualThoseOfOneRun() throws Exception {
        HighDimSamples one = new HighDimSamples(3, 1500, 16);
        HighDimStudyRunner.run(spec(2), ProgressListener.NONE, null, one);
        HighDimState s = HighDimState.start(spec(2), Shard.WHOLE);
        List<HighDimState> saved = new ArrayList<>();
        int[] batches = {0};
        try {
            HighDimStudyRunner.advance(s, ProgressListener.NONE, null, new HighDimSamples(3, 1500, 16), x -> {
                if (++batches[0] == 3) {
                    try {
                        saved.add(copy(x));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    throw new IllegalStateException("stop");
                }
            });
        } catch (IllegalStateException expected) {
            assertEquals("stop", expected.getMessage());
        }
        HighDimSamples again = new HighDimSamples(3, 1500, 16);
        HighDimStudyRunner.advance(saved.get(0), ProgressListener.NONE, null, again, x -> { });
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(one.states(r), again.states(r), 0.0, "row " + r);
            assertArrayEquals(one.logits(r), again.logits(r), 0.0, "row " + r);
        }
    }

    @Test
    void incompleteOrMisplacedStatesAreRefused() throws Exception {
        HighDimState a = HighDimState.start(spec(1), new Shard(0, 3));
        HighDimState c = HighDimState.start(spec(1), new Shard(2, 3));
        HighDimStudyRunner.advance(a, ProgressListener.NONE, null, null, x -> { });
        HighDimStudyRunner.advance(c, ProgressListener.NONE, null, null, x -> { });
        assertThrows(IllegalArgumentException.class, () -> a.merge(c));
        assertThrows(IllegalStateException.class, a::finish);
        HighDimState f32 = HighDimState.start(spec(1).inFloat32(true), new Shard(1, 3));
        HighDimStudyRunner.advance(f32, ProgressListener.NONE, null, null, x -> { });
        assertThrows(IllegalArgumentException.class, () -> a.merge(f32));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.write(new DataOutputStream(bytes));
        byte[] b = bytes.toByteArray();
        b[3] ^= 1;
        assertThrows(IOException.class, () -> HighDimState.read(spec(1),
                new DataInputStream(new ByteArrayInputStream(b))));
    }
}
