package org.gdmc.discrete;

/**
 * The exact figures of one guidance weight, against which the samplers are read: the output law (jump-chain DP), the
 * class law and the tilted law p_{c,w} ∝ p^(−w) p_c^(1+w), the TV along the dynamics at the snapshot times
 * (forward equation), and the law at each snapshot where it is tabulated.
 */
public final class MaskedReference {
    private final MaskedGuidance guidance;
    private final double[] output;
    private final double[] classLaw;
    private final double[] tilted;
    private final double[] logTv;
    private final double[][] snapshotLaws;

    /**
     * @param snapshotS the snapshot times as s = −log m
     * @param laws      whether to tabulate the law at each snapshot
     */
    public MaskedReference(MaskedGuidance guidance, double[] snapshotS, boolean laws) {
        this.guidance = guidance;
        this.output = EndLaw.of(guidance);
        this.classLaw = guidance.target().classLaw(guidance.guidedClass());
        this.tilted = tiltedLaw(guidance.target(), guidance.guidedClass(), guidance.w());
        ForwardEquation solver = new ForwardEquation(guidance);
        this.logTv = solver.logMaskedMass(snapshotS);
        if (laws) {
            this.snapshotLaws = new double[snapshotS.length][];
            solver.solve(snapshotS, (j, law) -> snapshotLaws[j] = law.clone());
        } else {
            this.snapshotLaws = null;
        }
    }

    /**
     * p_{c,w}(x) ∝ p(x)^(−w) p_c(x)^(1+w) on p_c > 0 (p at w = −1), normalised in log space so that no power
     * overflows. For L = 1 it is the guided sampler's output law; for L ≥ 2 in general it is not.
     */
    public static double[] tiltedLaw(SequenceMixture target, int c, double w) {
        int n = target.space().cleanStates();
        double[] log = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < n; x++) {
            double p = target.probability(x);
            double pc = target.classProbability(c, x);
            boolean in = w == -1.0 ? p > 0 : pc > 0;
            log[x] = !in ? Double.NEGATIVE_INFINITY
                    : w == -1.0 ? Math.log(p) : (1.0 + w) * Math.log(pc) - w * Math.log(p);
            max = Math.max(max, log[x]);
        }
        double sum = 0.0;
        double[] q = new double[n];
        for (int x = 0; x < n; x++) {
            q[x] = Math.exp(log[x] - max);
            sum += q[x];
        }
        for (int x = 0; x < n; x++) {
            q[x] /= sum;
        }
        return q;
    }

    public MaskedGuidance guidance() {
        return guidance;
    }

    /** The exact output law over clean indices. */
    public double[] output() {
        return output.clone();
    }

    double[] outputView() {
        return output;
    }

    double[] classLawView() {
        return classLaw;
    }

    double[] tiltedView() {
        return tilted;
    }

    /** log TV(P_{t_j}, P_0) = log P(masked at t_j). */
    public double[] logTv() {
        return logTv.clone();
    }

    /** The law at snapshot j over (V + 1)^L indices, or null if not tabulated. */
    double[] snapshotLaw(int j) {
        return snapshotLaws == null ? null : snapshotLaws[j];
    }
}
