package org.gdmc.highdim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.gdmc.estimate.BlockTree;
import org.gdmc.estimate.DensityMap;
import org.gdmc.estimate.Estimate;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.Shard;
import org.gdmc.study.StateFiles;
import org.gdmc.study.StudyResult;

/**
 * What a large-mixture study has reduced so far, for the particles [first, target) of every row (the exact class law,
 * then each guidance value): a whole study, one shard of it, or a checkpoint. Rows run one after another; rows before
 * {@link #row()} cover the whole range and row {@link #row()} covers [first, {@link #end()}).
 *
 * <p>Per row: the floating-point sums of each block of {@value HighDimStudyRunner#BLOCK} particles (taken in particle
 * order) on a {@link BlockTree} over the global block index, the integer counts, and the sliced-W2 projections of the
 * particles below {@link SlicedWasserstein#kept()} by their global index. None of these depends on how the particles
 * were split into threads, batches, shards or interrupted runs, so a merged or resumed state, and every estimate read
 * from it, is bit-identical to one run's. Memory: per row a few thousand numbers, d + K counts, at most
 * {@value SlicedWasserstein#MAX_KEPT} × {@value SlicedWasserstein#DIRECTIONS} projections and 2 log₂ B tree nodes of
 * d + 20 numbers, whatever N.
 */
public final class HighDimState implements StateFiles.Body {
    /** Marks a large-mixture state in a state file. */
    private static final int KIND = 0x48444D53;

    private final HighDimStudySpec spec;
    private final long first;
    private long target;
    private int row;
    private long end;
    private final BlockTree[] trees;
    private final long[][] counts;
    private final double[][] projections;
    private double wallSeconds;
    private final Set<String> backends = new LinkedHashSet<>();
    private final Set<String> devices = new LinkedHashSet<>();

    private HighDimState(HighDimStudySpec spec, long first, long target) {
        if (first % HighDimStudyRunner.BLOCK != 0 || first < 0 || target < first || target > spec.particles()) {
            throw new IllegalArgumentException("particles [" + first + ", " + target + ") are not a block-aligned "
                    + "range of the study's " + spec.particles());
        }
        this.spec = spec;
        this.first = first;
        this.target = target;
        this.end = first;
        int rows = rows(spec);
        int d = spec.target().dimension();
        int kept = new SlicedWasserstein(d, spec.particles(), spec.seed()).kept();
        trees = new BlockTree[rows];
        counts = new long[rows][];
        projections = new double[rows][];
        int countLength = 1 + spec.target().components() + org.gdmc.estimate.TailIndex.LENGTH
                + HighDimPlane.of(spec.target(), spec.cls(), ClassLawGeometry.of(spec.target(), spec.cls())).length();
        for (int r = 0; r < rows; r++) {
            trees[r] = new BlockTree((a, b) -> HighDimSums.mergeArrays(d, a, b), first / HighDimStudyRunner.BLOCK);
            counts[r] = new long[countLength];
            projections[r] = new double[kept * SlicedWasserstein.DIRECTIONS];
        }
        if (first == target) {
            row = rows;
        }
    }

    /** A state of the shard's particles, nothing reduced yet. */
    public static HighDimState start(HighDimStudySpec spec, Shard shard) {
        return new HighDimState(spec, shard.firstParticle(spec.particles()), shard.endParticle(spec.particles()));
    }

    /** Rows of the study: the exact class law and one per guidance value. */
    static int rows(HighDimStudySpec spec) {
        return spec.guidances().size() + 1;
    }

    public HighDimStudySpec spec() {
        return spec;
    }

    public long first() {
        return first;
    }

    public long target() {
        return target;
    }

    /** The row under way (equal to the number of rows when all are done). */
    public int row() {
        return row;
    }

    /** One past the last particle of {@link #row()} reduced so far. */
    public long end() {
        return end;
    }

    public boolean done() {
        return row == trees.length;
    }

    /** Particle-rows reduced so far, over {@link #total()}. */
    public long progress() {
        return done() ? total() : row * (target - first) + (end - first);
    }

    /** Particle-rows of the range: rows × (target − first). */
    public long total() {
        return trees.length * (target - first);
    }

    /** Wall time of all the runs behind this state, summed. */
    public double wallSeconds() {
        return wallSeconds;
    }

    /** Whether the paths' products ran in float32: shards and checkpoints combine only in one precision. */
    public boolean float32() {
        return spec.float32();
    }

    /** The projections of the row under way, to be filled at particles [end, ...) by global index. */
    double[] projections() {
        return projections[row];
    }

    /**
     * Folds in a batch of the row under way: the sums of its blocks, left to right from block end / BLOCK, and the
     * particles' integer counts; the batch's projections are already in {@link #projections()}.
     */
    void add(List<double[]> blockSums, long count, long[] batchCounts, String backend, String device,
             double seconds) {
        if (done() || end + count > target || blockSums.size() != (count + HighDimStudyRunner.BLOCK - 1)
                / HighDimStudyRunner.BLOCK) {
            throw new IllegalStateException("a batch of " + count + " particles in " + blockSums.size()
                    + " blocks does not continue row " + row + " over [" + first + ", " + end + ") toward " + target);
        }
        for (double[] s : blockSums) {
            trees[row].add(s);
        }
        long[] c = counts[row];
        for (int i = 0; i < c.length; i++) {
            c[i] += batchCounts[i];
        }
        end += count;
        wallSeconds += seconds;
        backends.add(backend);
        devices.add(device);
        if (end == target) {
            row++;
            end = row == trees.length ? target : first;
        }
    }

    /** Appends the state of the range that follows this one (a later shard of the same study). */
    public void merge(HighDimState next) {
        if (next.first != target || !done() || !next.done() || next.trees.length != trees.length
                || next.float32() != float32()) {
            throw new IllegalArgumentException("cannot append particles [" + next.first + ", " + next.target
                    + ") to [" + first + ", " + target + "): shards must be complete, adjacent and of one precision");
        }
        int kept = keptLength();
        for (int r = 0; r < trees.length; r++) {
            trees[r].append(next.trees[r]);
            for (int i = 0; i < counts[r].length; i++) {
                counts[r][i] += next.counts[r][i];
            }
            int from = (int) Math.min(kept, next.first) * SlicedWasserstein.DIRECTIONS;
            int to = (int) Math.min(kept, next.target) * SlicedWasserstein.DIRECTIONS;
            System.arraycopy(next.projections[r], from, projections[r], from, to - from);
        }
        target = next.target;
        end = target;
        wallSeconds += next.wallSeconds;
        backends.addAll(next.backends);
        devices.addAll(next.devices);
    }

    private int keptLength() {
        return projections.length == 0 ? 0 : projections[0].length / SlicedWasserstein.DIRECTIONS;
    }

    /**
     * The study's result (the state must cover all its particles): each row's estimates ({@link HighDimEstimates}),
     * the exact row first, and the plane pictures.
     */
    public StudyResult finish() {
        if (first != 0 || !done() || target != spec.particles()) {
            throw new IllegalStateException("the state covers particles [" + first + ", " + target + ") of "
                    + spec.particles() + (done() ? "" : " up to row " + row) + "; a result needs all of them");
        }
        LargeMixture m = spec.target();
        int d = m.dimension();
        ClassLawGeometry geo = ClassLawGeometry.of(m, spec.cls());
        HighDimPlane plane = HighDimPlane.of(m, spec.cls(), geo);
        SlicedWasserstein sliced = new SlicedWasserstein(d, spec.particles(), spec.seed());
        double[] reference = sliced.newProjections();
        if (reference.length > 0) {
            HighDimStudyRunner.drawReference(spec, sliced, Gemm.best(), reference);
        }
        PairReduction pair = PairReduction.of(m, spec.cls(), geo);
        List<GuidanceResult> results = new ArrayList<>();
        List<long[]> histograms = new ArrayList<>();
        long[] exactPlane = null;
        for (int r = 0; r < trees.length; r++) {
            HighDimSums sums = HighDimSums.fromArray(d, trees[r].fold());
            double[] sw = reference.length > 0 ? sliced.distance(projections[r], reference) : null;
            long[] histogram = HighDimSums.plane(counts[r], m.components());
            if (r == 0) {
                exactPlane = histogram;
            }
            histograms.add(histogram);
            List<Estimate> along = pair == null || r == 0 ? List.of()
                    : pair.estimates(spec.guidances().get(r - 1), spec.plan(), sums.count());
            List<Estimate> estimates = HighDimEstimates.of(sums, counts[r], m, spec.cls(), geo, sw, histogram,
                    exactPlane, along);
            if (r == 0) {
                results.add(new GuidanceResult("exact class law", Double.NaN, Double.NaN, estimates));
            } else {
                var guidance = spec.guidances().get(r - 1);
                results.add(new GuidanceResult(guidance.describe(), guidance.strength(), guidance.equivalentWeight(),
                        estimates));
            }
        }
        List<DensityMap> maps = HighDimStudyRunner.planeMaps(plane, histograms);
        long steps = spec.particles() * spec.guidances().size() * spec.plan().steps();
        return new StudyResult(results, steps, wallSeconds, String.join(" + ", backends),
                String.join(" + ", devices), null, List.of(), maps);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeInt(KIND);
        out.writeLong(spec.particles());
        out.writeBoolean(spec.float32());
        out.writeLong(first);
        out.writeLong(target);
        out.writeInt(row);
        out.writeLong(end);
        out.writeDouble(wallSeconds);
        writeStrings(out, backends);
        writeStrings(out, devices);
        out.writeInt(trees.length);
        int kept = keptLength();
        for (int r = 0; r < trees.length; r++) {
            trees[r].writeNodes(out);
            out.writeInt(counts[r].length);
            for (long c : counts[r]) {
                out.writeLong(c);
            }
            long reached = r < row || done() ? target : r == row ? end : first;
            int from = (int) Math.min(kept, first) * SlicedWasserstein.DIRECTIONS;
            int to = (int) Math.min(kept, reached) * SlicedWasserstein.DIRECTIONS;
            out.writeInt(from);
            out.writeInt(to - from);
            for (int i = from; i < to; i++) {
                out.writeLong(Double.doubleToRawLongBits(projections[r][i]));
            }
        }
    }

    /** Reads what {@link #write} wrote, for the same study (in the precision the state was made in). */
    public static HighDimState read(HighDimStudySpec spec, DataInput in) throws IOException {
        if (in.readInt() != KIND) {
            throw new IOException("not the state of a large-mixture study");
        }
        long particles = in.readLong();
        if (particles != spec.particles()) {
            throw new IOException("the state is of " + particles + " particles; the study has " + spec.particles());
        }
        HighDimStudySpec made = spec.inFloat32(in.readBoolean());
        long first = in.readLong();
        long target = in.readLong();
        HighDimState s;
        try {
            s = new HighDimState(made, first, target);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt state: " + e.getMessage(), e);
        }
        s.row = in.readInt();
        s.end = in.readLong();
        if (s.row < 0 || s.row > s.trees.length || s.end < first || s.end > target) {
            throw new IOException("corrupt state: row " + s.row + " at particle " + s.end);
        }
        s.wallSeconds = in.readDouble();
        readStrings(in, s.backends);
        readStrings(in, s.devices);
        if (in.readInt() != s.trees.length) {
            throw new IOException("the state has another number of rows than the study's " + s.trees.length);
        }
        int length = HighDimSums.arrayLength(spec.target().dimension());
        for (int r = 0; r < s.trees.length; r++) {
            s.trees[r].readNodes(in, length, "state");
            if (in.readInt() != s.counts[r].length) {
                throw new IOException("corrupt state: counts of another length than " + s.counts[r].length);
            }
            for (int i = 0; i < s.counts[r].length; i++) {
                s.counts[r][i] = in.readLong();
            }
            int from = in.readInt();
            int n = in.readInt();
            if (from < 0 || n < 0 || from + n > s.projections[r].length) {
                throw new IOException("corrupt state: projections [" + from + ", " + (from + n) + ")");
            }
            for (int i = from; i < from + n; i++) {
                s.projections[r][i] = Double.longBitsToDouble(in.readLong());
            }
            long reached = r < s.row ? target : r == s.row ? s.end : first;
            if (s.trees[r].end() != (reached + HighDimStudyRunner.BLOCK - 1) / HighDimStudyRunner.BLOCK) {
                throw new IOException("corrupt state: row " + r + "'s sums end at block " + s.trees[r].end()
                        + ", its particles at " + reached);
            }
        }
        return s;
    }

    private static void writeStrings(DataOutput out, Set<String> set) throws IOException {
        out.writeInt(set.size());
        for (String v : set) {
            out.writeUTF(v);
        }
    }

    private static void readStrings(DataInput in, Set<String> set) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1024) {
            throw new IOException("corrupt state: " + n + " backend names");
        }
        for (int i = 0; i < n; i++) {
            set.add(in.readUTF());
        }
    }
}
