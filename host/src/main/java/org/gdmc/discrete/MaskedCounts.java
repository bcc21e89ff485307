package org.gdmc.discrete;

/**
 * What a run of one sampler at one weight keeps: integer counts, so that batches, threads and shards add up to the
 * same numbers in any order.
 *
 * <ul>
 *   <li>{@code output[x]}: outputs with clean index x; {@code output[V^L]}: stranded particles;</li>
 *   <li>{@code masked[j]}: particles with a masked token at snapshot j;</li>
 *   <li>{@code snapshot[j][x]}: particles in the partially masked sequence x at snapshot j, or null where the
 *       tables would be too large ({@link #SNAPSHOT_LIMIT}).</li>
 * </ul>
 */
public final class MaskedCounts {
    /** The most snapshot-table entries kept, J · (V + 1)^L. */
    public static final long SNAPSHOT_LIMIT = 1L << 21;

    final long[] output;
    final long[] masked;
    final long[][] snapshot;

    /** Empty tables for the outputs and {@code snapshots} snapshot times. */
    public static MaskedCounts empty(SequenceSpace space, int snapshots) {
        return new MaskedCounts(space, snapshots);
    }

    private MaskedCounts(SequenceSpace space, int snapshots) {
        this.output = new long[space.cleanStates() + 1];
        this.masked = new long[snapshots];
        this.snapshot = (long) snapshots * space.states() <= SNAPSHOT_LIMIT
                ? new long[snapshots][space.states()] : null;
    }

    /** Records one particle. */
    public void add(SequenceSpace space, int[] trail, int out) {
        output[out < 0 ? output.length - 1 : out]++;
        for (int j = 0; j < masked.length; j++) {
            if (space.cleanIndex(trail[j]) < 0) {
                masked[j]++;
            }
            if (snapshot != null) {
                snapshot[j][trail[j]]++;
            }
        }
    }

    /** Adds another's counts to these. */
    public void addAll(MaskedCounts other) {
        for (int x = 0; x < output.length; x++) {
            output[x] += other.output[x];
        }
        for (int j = 0; j < masked.length; j++) {
            masked[j] += other.masked[j];
            if (snapshot != null) {
                for (int x = 0; x < snapshot[j].length; x++) {
                    snapshot[j][x] += other.snapshot[j][x];
                }
            }
        }
    }

    /** The number of particles counted. */
    public long total() {
        long n = 0;
        for (long c : output) {
            n += c;
        }
        return n;
    }
}
