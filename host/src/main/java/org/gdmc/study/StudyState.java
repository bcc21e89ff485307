package org.gdmc.study;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.gdmc.backend.BatchSums;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.IslandSums;
import org.gdmc.estimate.EstimatorSet;
import org.gdmc.estimate.KnnEntropy;
import org.gdmc.estimate.ReducedSums;
import org.gdmc.estimate.StandardEstimators;
import org.gdmc.guidance.Guidance;
import org.gdmc.reference.FokkerPlanck1d;
import org.gdmc.reference.ReferenceLaw;
import org.gdmc.sampler.PredictorCorrector;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.smc.IslandTerms;

/**
 * What a study has reduced so far over particles [first, end) of its N, toward the end of its {@link Shard}: per
 * guidance the {@link ReducedSums}, the final states kept for the k-NN estimator, the wall time spent and the devices
 * that did it. It is all a shard result or a checkpoint holds; states of adjacent ranges merge ({@link #merge}), a
 * saved state continues where it stopped ({@link StudyRunner#advance}), and the state over all N particles gives the
 * study's result ({@link #finish}) — bit-identical to one uninterrupted run, since the sums are merged along a fixed
 * tree ({@link ReducedSums}) and the k-NN samples are the first particles in index order.
 */
public final class StudyState implements StateFiles.Body {
    private final StudySpec spec;
    private final EstimatorSet estimators;
    private final long first;
    private long target;
    private long end;
    private final ReducedSums[] sums;
    private final KnnSamples knn;
    /** Per guidance value, its SMC islands (null unless the study runs SMC). */
    private final IslandSums[] islands;
    private double wallSeconds;
    private final Set<String> backends = new LinkedHashSet<>();
    private final Set<String> devices = new LinkedHashSet<>();

    private StudyState(StudySpec spec, EstimatorSet estimators, long first, long target) {
        this.spec = spec;
        this.estimators = estimators;
        this.first = first;
        this.target = target;
        this.end = first;
        int g = spec.simulation().guidances().size();
        this.sums = new ReducedSums[g];
        for (int k = 0; k < g; k++) {
            sums[k] = new ReducedSums(estimators.plan(), first / StudyRunner.BLOCK);
        }
        this.knn = new KnnSamples(spec, first, target);
        this.islands = spec.smc() == null ? null : new IslandSums[g];
        IslandTerms terms = islands == null ? null : spec.islandTerms();
        for (int k = 0; islands != null && k < g; k++) {
            islands[k] = new IslandSums(terms.count(), terms.cells(),
                    first / spec.smc().island());
        }
    }

    /** The empty state of a shard of the study. */
    public static StudyState start(StudySpec spec, Shard shard) {
        // references computed before the first particle moves; a state read back from a file had this at its start.
        // A study under SMC reads its own weighted estimates (SmcEstimates), so the estimators' references are skipped.
        EstimatorSet set = spec.smc() != null ? estimators(spec) : estimators(spec).prepare(
                spec.simulation().guidances());
        return new StudyState(spec, set, shard.firstParticle(spec.particles()),
                shard.endParticle(spec.particles()));
    }

    /** The study's estimators (the same for every shard). */
    static EstimatorSet estimators(StudySpec spec) {
        SimulationSpec sim = spec.simulation();
        return EstimatorSet.of(sim.target().dimension(), StandardEstimators.forStudy(sim.target(), sim.cls(),
                spec.supportOptions(), spec.exactLaw() ? g -> exactLaw(sim, g) : null, spec.profile(), spec.events()));
    }

    /**
     * The 1-D Fokker–Planck (stochastic samplers), continuity-equation (deterministic samplers) or predictor–corrector
     * ({@link FokkerPlanck1d.Dynamics#PREDICTOR_CORRECTOR}, at the sampler's Langevin rate mκ) reference for the
     * guidance, in continuous time from the simulation's T to δ, Richardson-extrapolated from 2048 and 4096 cells.
     */
    static ReferenceLaw exactLaw(SimulationSpec sim, Guidance g) {
        return exactLaw(sim.target(), sim.cls(), sim.scoreError(), sim.plan(), g);
    }

    /** As {@link #exactLaw(SimulationSpec, Guidance)} for a 1-D target, its score error and step plan. */
    public static FokkerPlanck1d.Refined exactLaw(org.gdmc.mixture.Mixture target, int cls,
                                                  org.gdmc.guidance.ScoreError scoreError, StepPlan plan, Guidance g) {
        FokkerPlanck1d.Problem p = exactProblem(target, cls, scoreError, plan, g);
        boolean sde = p.dynamics() != FokkerPlanck1d.Dynamics.PROBABILITY_FLOW;
        return FokkerPlanck1d.solveRefined(p, FokkerPlanck1d.Discretisation.covering(target, 4096,
                sde ? 2000 : 1000));
    }

    /**
     * The continuous-time problem a sampler's guided paths discretise, for a 1-D target ({@link #exactLaw}): its
     * dynamics, Langevin rate, process, T and δ.
     */
    public static FokkerPlanck1d.Problem exactProblem(org.gdmc.mixture.Mixture target, int cls,
                                                      org.gdmc.guidance.ScoreError scoreError, StepPlan plan,
                                                      Guidance g) {
        FokkerPlanck1d.Dynamics dynamics = dynamics(plan.sampler());
        double rate = 0.0;
        Guidance drift = g;
        if (plan.sampler() instanceof PredictorCorrector pc) {
            if (pc.steps() == 0) {
                // m = 0 is DDIM on the conditional score: the probability flow of w = 0, whatever the guidance
                drift = new org.gdmc.guidance.ClassifierFreeGuidance(0.0);
            } else {
                rate = pc.langevinRate();
            }
        }
        return new FokkerPlanck1d.Problem(target, cls, drift, scoreError, plan.process(), plan.grid().horizon(),
                plan.grid().delta(), dynamics, rate);
    }

    /**
     * The continuous-time dynamics a sampler discretises: the reverse SDE, the probability flow, or predictor–corrector
     * guidance's limit (the probability flow of the conditional score when m = 0).
     */
    public static FokkerPlanck1d.Dynamics dynamics(ReverseSampler sampler) {
        if (sampler instanceof PredictorCorrector pc) {
            return pc.steps() == 0 ? FokkerPlanck1d.Dynamics.PROBABILITY_FLOW
                    : FokkerPlanck1d.Dynamics.PREDICTOR_CORRECTOR;
        }
        return sampler.stochastic() ? FokkerPlanck1d.Dynamics.REVERSE_SDE : FokkerPlanck1d.Dynamics.PROBABILITY_FLOW;
    }

    public StudySpec spec() {
        return spec;
    }

    EstimatorSet estimators() {
        return estimators;
    }

    /** First particle of the range. */
    public long first() {
        return first;
    }

    /** One past the last particle reduced so far. */
    public long end() {
        return end;
    }

    /** One past the last particle of the shard this state works toward. */
    public long target() {
        return target;
    }

    public boolean done() {
        return end == target;
    }

    /** Wall time of all the runs behind this state, summed. */
    public double wallSeconds() {
        return wallSeconds;
    }

    /** Folds in a reduced batch of the particles [end, end + count) run by the backend in the given time. */
    void add(BatchSums batch, String backend, String device, double seconds) {
        if (batch.first() != end || end + batch.count() > target) {
            throw new IllegalStateException("batch at " + batch.first() + " does not continue [" + first + ", "
                    + end + ") toward " + target);
        }
        knn.collect(batch);
        for (int g = 0; g < sums.length; g++) {
            sums[g].addBlocks(batch.blockSums(g), batch.blocks());
            sums[g].addCounts(batch.counts(g));
        }
        end += batch.count();
        wallSeconds += seconds;
        backends.add(backend);
        devices.add(device);
    }

    /**
     * Folds in the SMC islands of the particles [end, end + count): nodes[g][j] is island j of the batch under
     * guidance value g ({@link org.gdmc.smc.SmcRunner#run}).
     */
    void addIslands(double[][][] nodes, int count, String backend, String device, double seconds) {
        if (end + count > target || end % spec.smc().island() != 0 || count % spec.smc().island() != 0) {
            throw new IllegalStateException("islands of particles [" + end + ", " + (end + count)
                    + ") do not continue [" + first + ", " + end + ") toward " + target);
        }
        for (int g = 0; g < islands.length; g++) {
            for (double[] node : nodes[g]) {
                islands[g].add(node);
            }
        }
        end += count;
        wallSeconds += seconds;
        backends.add(backend);
        devices.add(device);
    }

    /** How many of the first particles of the next batch the k-NN estimator still wants. */
    int keepFromNextBatch(int count) {
        return (int) Math.max(0, Math.min(count, knn.wanted - end));
    }

    /** The final states of at most this many particles per guidance the batches must hold. */
    int keepCapacity(int batchSize) {
        return (int) Math.min(batchSize, knn.wanted);
    }

    /** Appends the state of the range that follows this one (a later shard of the same study). */
    public void merge(StudyState next) {
        if (next.first != target || !done() || !next.done() || next.sums.length != sums.length) {
            throw new IllegalArgumentException("cannot append particles [" + next.first + ", " + next.end
                    + ") to [" + first + ", " + end + "): shards must be complete and adjacent");
        }
        for (int g = 0; g < sums.length; g++) {
            sums[g].merge(next.sums[g]);
            if (islands != null) {
                islands[g].merge(next.islands[g]);
            }
        }
        knn.append(next.knn);
        end = next.end;
        target = next.target;
        wallSeconds += next.wallSeconds;
        backends.addAll(next.backends);
        devices.addAll(next.devices);
    }

    /** The study's result; the state must cover all its particles. */
    public StudyResult finish() {
        if (first != 0 || end != spec.particles()) {
            throw new IllegalStateException("the state covers particles [" + first + ", " + end + ") of "
                    + spec.particles() + "; a result needs all of them");
        }
        List<Guidance> guidances = spec.simulation().guidances();
        List<GuidanceResult> results = new ArrayList<>();
        IslandTerms terms = islands == null ? null : spec.islandTerms();
        for (int g = 0; g < sums.length; g++) {
            Guidance guidance = guidances.get(g);
            if (islands != null) {
                results.add(new GuidanceResult(guidance.describe(), guidance.strength(), guidance.equivalentWeight(),
                        SmcEstimates.of(islands[g].means(), spec.simulation(), spec.smc(), terms,
                                guidance.equivalentWeight(), spec.particles())));
                continue;
            }
            List<Estimate> estimates = new ArrayList<>(estimators.estimates(sums[g], guidance));
            estimates.addAll(estimators.compare(sums[g], sums[0], StudyRunner.SWEEP_FIRST));
            estimates.addAll(knn.estimates(g));
            results.add(new GuidanceResult(guidance.describe(), guidance.strength(), guidance.equivalentWeight(),
                    estimates));
        }
        long particleSteps = spec.particles() * spec.simulation().plan().steps() * sums.length;
        return new StudyResult(results, particleSteps, wallSeconds, String.join(" + ", backends),
                String.join(" + ", devices), estimators, List.of(sums));
    }

    /** Writes the state exactly. */
    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(spec.particles());
        out.writeLong(first);
        out.writeLong(target);
        out.writeLong(end);
        out.writeDouble(wallSeconds);
        writeStrings(out, backends);
        writeStrings(out, devices);
        out.writeInt(sums.length);
        for (ReducedSums s : sums) {
            s.write(out);
        }
        knn.write(out);
        if (islands != null) {
            for (IslandSums i : islands) {
                i.write(out);
            }
        }
    }

    /** Reads what {@link #write} wrote for the same study. */
    public static StudyState read(StudySpec spec, DataInput in) throws IOException {
        long particles = in.readLong();
        if (particles != spec.particles()) {
            throw new IOException("state of a study of " + particles + " particles, not " + spec.particles());
        }
        long first = in.readLong();
        long target = in.readLong();
        long end = in.readLong();
        if (first < 0 || first > end || end > target || target > particles) {
            throw new IOException("corrupt state: particles [" + first + ", " + end + ") toward " + target);
        }
        StudyState s = new StudyState(spec, estimators(spec), first, target);
        s.end = end;
        s.wallSeconds = in.readDouble();
        s.backends.addAll(readStrings(in));
        s.devices.addAll(readStrings(in));
        int g = in.readInt();
        if (g != s.sums.length) {
            throw new IOException("state of " + g + " guidances, the study has " + s.sums.length);
        }
        for (int k = 0; k < g; k++) {
            s.sums[k] = ReducedSums.read(s.estimators.plan(), in);
            // an SMC study reduces no blocks: its sums stay empty
            long endBlock = spec.smc() != null ? first / StudyRunner.BLOCK
                    : (end + StudyRunner.BLOCK - 1) / StudyRunner.BLOCK;
            if (s.sums[k].firstBlock() != first / StudyRunner.BLOCK || s.sums[k].endBlock() != endBlock) {
                throw new IOException("corrupt state: sums of blocks [" + s.sums[k].firstBlock() + ", "
                        + s.sums[k].endBlock() + ") for particles [" + first + ", " + end + ")");
            }
        }
        s.knn.read(in);
        if (s.islands != null) {
            IslandTerms terms = spec.islandTerms();
            for (int k = 0; k < g; k++) {
                s.islands[k] = IslandSums.read(terms.count(), terms.cells(), in);
                if (s.islands[k].firstIsland() * spec.smc().island() != first
                        || s.islands[k].endIsland() * spec.smc().island() != end) {
                    throw new IOException("corrupt state: SMC islands [" + s.islands[k].firstIsland() + ", "
                            + s.islands[k].endIsland() + ") for particles [" + first + ", " + end + ")");
                }
            }
        }
        return s;
    }

    private static void writeStrings(DataOutput out, Set<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            out.writeUTF(s);
        }
    }

    private static List<String> readStrings(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 16) {
            throw new IOException("corrupt state: " + n + " names");
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(in.readUTF());
        }
        return out;
    }

    /**
     * The finite final states, in particle order, of the particles of [first, target) among the study's first
     * min(knnSamples, N), and their k-NN entropy ({@link KnnEntropy}). Non-finite states are left out (they are
     * counted by {@code nonFinite}).
     */
    private static final class KnnSamples {
        private final int k;
        private final long wanted;
        private final int d;
        private double[][] states;
        private final int[] kept;

        KnnSamples(StudySpec spec, long first, long target) {
            SimulationSpec sim = spec.simulation();
            int g = sim.guidances().size();
            this.k = spec.knn().neighbours();
            // an SMC study keeps no k-NN samples: its islands report their own estimates
            this.wanted = spec.smc() != null ? 0 : Math.min(spec.knn().samples(), spec.particles());
            this.d = sim.target().dimension();
            int room = (int) Math.max(0, Math.min(target, wanted) - first);
            this.states = new double[wanted == 0 ? 0 : g][room * d];
            this.kept = new int[g];
        }

        void collect(BatchSums batch) {
            for (int g = 0; g < states.length; g++) {
                double[] s = batch.keptStates(g);
                for (int i = 0; i < batch.keep(); i++) {
                    boolean finite = true;
                    for (int j = 0; j < d; j++) {
                        finite &= Double.isFinite(s[i * d + j]);
                    }
                    if (finite) {
                        System.arraycopy(s, i * d, states[g], kept[g] * d, d);
                        kept[g]++;
                    }
                }
            }
        }

        void append(KnnSamples next) {
            for (int g = 0; g < states.length; g++) {
                double[] joined = new double[(kept[g] + next.kept[g]) * d];
                System.arraycopy(states[g], 0, joined, 0, kept[g] * d);
                System.arraycopy(next.states[g], 0, joined, kept[g] * d, next.kept[g] * d);
                states[g] = joined;
                kept[g] += next.kept[g];
            }
        }

        List<Estimate> estimates(int g) {
            if (wanted == 0) {
                return List.of();
            }
            if (kept[g] <= k) {
                return List.of(new Estimate("knn.entropy", Double.NaN, Double.NaN, kept[g]));
            }
            KnnEntropy.Result r = KnnEntropy.estimate(states[g], kept[g], d, k);
            return List.of(new Estimate("knn.entropy", r.value(), r.stdError(), r.count()));
        }

        void write(DataOutput out) throws IOException {
            out.writeInt(states.length);
            for (int g = 0; g < states.length; g++) {
                out.writeInt(kept[g]);
                for (int i = 0; i < kept[g] * d; i++) {
                    out.writeLong(Double.doubleToRawLongBits(states[g][i]));
                }
            }
        }

        void read(DataInput in) throws IOException {
            int g = in.readInt();
            if (g != states.length) {
                throw new IOException("corrupt state: k-NN samples of " + g + " guidances");
            }
            for (int a = 0; a < g; a++) {
                int n = in.readInt();
                if (n < 0 || n * (long) d > states[a].length) {
                    throw new IOException("corrupt state: " + n + " k-NN samples");
                }
                kept[a] = n;
                for (int i = 0; i < n * d; i++) {
                    states[a][i] = Double.longBitsToDouble(in.readLong());
                }
            }
        }
    }
}
