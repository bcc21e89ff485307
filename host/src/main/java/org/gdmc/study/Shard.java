package org.gdmc.study;

import java.math.BigInteger;

/**
 * Shard {@code index} of {@code count} (0 ≤ index &lt; count): with B = ⌈N / BLOCK⌉ reduction blocks, it holds blocks
 * [⌊index·B/count⌋, ⌊(index + 1)·B/count⌋), so the shards are disjoint, cover every particle once, and each particle
 * keeps its global index and hence its noise.
 */
public record Shard(int index, int count) {
    /** The whole study as one shard. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": expected 0 <= i < n, n >= 1");
        }
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("shard \"" + text + "\": expected i/n, e.g. 0/8");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard \"" + text + "\": expected integers i/n, e.g. 0/8");
        }
    }

    /** First particle of the shard in a study of N particles. */
    public long firstParticle(long particles) {
        return firstBlock(index, particles) * StudyRunner.BLOCK;
    }

    /** One past the shard's last particle. */
    public long endParticle(long particles) {
        return Math.min(particles, firstBlock(index + 1, particles) * StudyRunner.BLOCK);
    }

    private long firstBlock(int i, long particles) {
        long blocks = (particles + StudyRunner.BLOCK - 1) / StudyRunner.BLOCK;
        return BigInteger.valueOf(blocks).multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(count))
                .longValueExact();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
