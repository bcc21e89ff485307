package org.gdmc.discrete;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.TotalVariation;

/**
 * The estimates of one sampler at one weight, from its counts, each beside its exact value ({@code exact.*}, s.e. 0).
 *
 * <ul>
 *   <li>{@code law.tvTo{Exact,Class,Tilted}}: TV of the empirical output law to the exact output law, the class law
 *       and the tilted law (delta-method s.e.; {@code law.tvToExact.floor} is what sampling noise alone gives, see
 *       {@link TotalVariation}). For the exact sampler law.tvToExact sits at the floor; for τ-leaping the excess is
 *       its discretisation error.</li>
 *   <li>{@code entropy}: the Miller–Madow entropy of the output, −Σ p̂ log p̂ + (S − 1)/(2N) with S the number of
 *       sequences seen, in nats; s.e. √((Σ p̂ log² p̂ − H²)/N).</li>
 *   <li>{@code mass.classOnly}, {@code mass.shared}, {@code mass.outsideClass}: output mass on sequences only the
 *       guided class has (p_c > 0, every other p_k = 0), on those it shares, and outside its support.</li>
 *   <li>{@code group[k].meanProbability}: with a grouping value v, the output mass on the guided class's sequences
 *       with exactly k tokens equal to v, divided by their number: the paper's mean probability per state (1/|supp|
 *       in every group for the class law; groups the class does not have are left out).</li>
 *   <li>{@code dynamics.tv[t=…]}: TV between the law at t and the output law, which equals the fraction of particles
 *       still masked at t (clean sequences are absorbing), with its binomial s.e.;
 *       {@code exact.dynamics.logTv[t=…]} its exact logarithm, accurate where the TV underflows.</li>
 *   <li>{@code dynamics.lawTv[t=…]}: TV of the empirical law at t to the forward equation's, with its floor, where
 *       the snapshot laws are tabulated.</li>
 *   <li>{@code posterior.mean}, {@code reciprocalPosterior.mean}: E[p₀(c | X)] and E[1/p₀(c | X)] over the output,
 *       p₀(c | x) = π_c p_c(x)/p(x) ({@link #posterior}).</li>
 *   <li>{@code stranded.fraction}: particles τ-leaping left in a sequence the class cannot complete.</li>
 * </ul>
 */
public final class MaskedEstimates {
    private MaskedEstimates() {
    }

    /** The snapshot label of time t: "t=0.5". */
    public static String timeLabel(double t) {
        return "t=" + String.format(Locale.ROOT, "%.6g", t);
    }

    public static List<Estimate> of(MaskedReference ref, MaskedCounts counts, double[] times, int groupValue) {
        MaskedGuidance g = ref.guidance();
        SequenceSpace space = g.space();
        SequenceMixture target = g.target();
        int c = g.guidedClass();
        long n = counts.total();
        List<Estimate> out = new ArrayList<>();

        tv(out, "law.tvToExact", counts.output, ref.outputView(), n, true);
        tv(out, "law.tvToClass", counts.output, ref.classLawView(), n, false);
        out.add(exact("exact.law.tvToClass", TotalVariation.exact(ref.outputView(), ref.classLawView()), n));
        tv(out, "law.tvToTilted", counts.output, ref.tiltedView(), n, false);
        out.add(exact("exact.law.tvToTilted", TotalVariation.exact(ref.outputView(), ref.tiltedView()), n));

        entropy(out, counts.output, n);
        double exactEntropy = 0.0;
        for (double q : ref.outputView()) {
            exactEntropy -= q > 0 ? q * Math.log(q) : 0.0;
        }
        out.add(exact("exact.entropy", exactEntropy, n));

        posterior(out, target, c, counts.output, ref.outputView());

        long[] kinds = new long[3];
        double[] exactKinds = new double[3];
        for (int x = 0; x < space.cleanStates(); x++) {
            int kind = kind(target, c, x);
            kinds[kind] += counts.output[x];
            exactKinds[kind] += ref.outputView()[x];
        }
        String[] kindNames = {"mass.classOnly", "mass.shared", "mass.outsideClass"};
        for (int k = 0; k < 3; k++) {
            out.add(proportion(kindNames[k], kinds[k], n));
            out.add(exact("exact." + kindNames[k], exactKinds[k], n));
        }

        if (groupValue >= 0) {
            int groups = space.length() + 1;
            long[] inGroup = new long[groups];
            double[] exactInGroup = new double[groups];
            long[] size = new long[groups];
            for (int x = 0; x < space.cleanStates(); x++) {
                if (!(target.classProbability(c, x) > 0)) {
                    continue;
                }
                int k = 0;
                for (int i = 0; i < space.length(); i++) {
                    k += space.cleanToken(x, i) == groupValue ? 1 : 0;
                }
                inGroup[k] += counts.output[x];
                exactInGroup[k] += ref.outputView()[x];
                size[k]++;
            }
            for (int k = 0; k < groups; k++) {
                if (size[k] == 0) {
                    continue;
                }
                Estimate e = proportion("group[" + k + "].meanProbability", inGroup[k], n);
                out.add(new Estimate(e.name(), e.value() / size[k], e.stdError() / size[k], n));
                out.add(exact("exact.group[" + k + "].meanProbability", exactInGroup[k] / size[k], n));
            }
        }

        double[] logTv = ref.logTv();
        for (int j = 0; j < times.length; j++) {
            String label = timeLabel(times[j]);
            out.add(proportion("dynamics.tv[" + label + "]", counts.masked[j], n));
            out.add(exact("exact.dynamics.tv[" + label + "]", Math.exp(logTv[j]), n));
            out.add(exact("exact.dynamics.logTv[" + label + "]", logTv[j], n));
            double[] law = ref.snapshotLaw(j);
            if (law != null && counts.snapshot != null) {
                long[] withOutside = java.util.Arrays.copyOf(counts.snapshot[j], law.length + 1);
                TotalVariation.Result r = TotalVariation.againstLaw(withOutside, law);
                out.add(new Estimate("dynamics.lawTv[" + label + "]", r.value(), r.stdError(), n));
                out.add(new Estimate("dynamics.lawTv[" + label + "].floor", r.noiseFloor(), 0.0, n));
            }
        }
        out.add(proportion("stranded.fraction", counts.output[counts.output.length - 1], n));
        return out;
    }

    /**
     * {@code posterior.mean} E[p₀(c | X)] and {@code reciprocalPosterior.mean} E[1/p₀(c | X)] over the output, with
     * p₀(c | x) = π_c p_c(x) / p(x), sampled (over the particles that ended in a clean sequence; CLT standard errors)
     * and exact ({@code exact.*}) under the exact output law. Where the output reaches sequences outside the class's
     * support, p₀(c | x) = 0 there and E[1/p₀] is +∞ (noted).
     */
    static void posterior(List<Estimate> out, SequenceMixture target, int c, long[] output, double[] exact) {
        int clean = target.space().cleanStates();
        long n = 0;
        double sum = 0.0;
        double sum2 = 0.0;
        double rec = 0.0;
        double rec2 = 0.0;
        long outside = 0;
        double exactPost = 0.0;
        double exactRec = 0.0;
        double exactOutside = 0.0;
        for (int x = 0; x < clean; x++) {
            double p = target.probability(x);
            double post = p > 0 ? target.weight(c) * target.classProbability(c, x) / p : 0.0;
            long k = output[x];
            n += k;
            sum += k * post;
            sum2 += k * post * post;
            exactPost += exact[x] * post;
            if (post > 0) {
                rec += k / post;
                rec2 += k / (post * post);
                exactRec += exact[x] / post;
            } else {
                outside += k;
                exactOutside += exact[x];
            }
        }
        if (n == 0) {
            out.add(new Estimate("posterior.mean", Double.NaN, Double.NaN, 0));
            out.add(new Estimate("reciprocalPosterior.mean", Double.NaN, Double.NaN, 0));
        } else {
            double m = sum / n;
            out.add(new Estimate("posterior.mean", m, n < 2 ? Double.NaN : Math.sqrt(Math.max(sum2 / n - m * m, 0.0)
                    / (n - 1)), n));
            if (outside > 0) {
                out.add(new Estimate("reciprocalPosterior.mean", Double.POSITIVE_INFINITY, Double.NaN, n,
                        "+∞: " + outside + " particles ended outside the class's support, where p0(c|x) = 0"));
            } else {
                double r = rec / n;
                out.add(new Estimate("reciprocalPosterior.mean", r, n < 2 ? Double.NaN
                        : Math.sqrt(Math.max(rec2 / n - r * r, 0.0) / (n - 1)), n));
            }
        }
        long all = Math.max(n, 1);
        out.add(exact("exact.posterior.mean", exactPost, all));
        out.add(exactOutside > 0 ? new Estimate("exact.reciprocalPosterior.mean", Double.POSITIVE_INFINITY, 0.0, all,
                "+∞: the exact output law puts mass " + exactOutside + " outside the class's support, where "
                        + "p0(c|x) = 0") : exact("exact.reciprocalPosterior.mean", exactRec, all));
    }

    /** 0: only the guided class has x; 1: another class has it too; 2: the guided class does not. */
    static int kind(SequenceMixture target, int c, int x) {
        if (!(target.classProbability(c, x) > 0)) {
            return 2;
        }
        for (int k = 0; k < target.classes(); k++) {
            if (k != c && target.classProbability(k, x) > 0) {
                return 1;
            }
        }
        return 0;
    }

    /** TV of the output counts (the last entry: stranded, outside every law) to a law over clean indices. */
    private static void tv(List<Estimate> out, String name, long[] output, double[] law, long n, boolean floor) {
        TotalVariation.Result r = TotalVariation.againstLaw(output, law);
        out.add(new Estimate(name, r.value(), r.stdError(), n));
        if (floor) {
            out.add(new Estimate(name + ".floor", r.noiseFloor(), 0.0, n));
        }
    }

    private static void entropy(List<Estimate> out, long[] output, long n) {
        double h = 0.0;
        double h2 = 0.0;
        int seen = 0;
        for (long count : output) {
            if (count > 0) {
                double p = (double) count / n;
                double l = Math.log(p);
                h -= p * l;
                h2 += p * l * l;
                seen++;
            }
        }
        double se = Math.sqrt(Math.max(h2 - h * h, 0.0) / n);
        out.add(new Estimate("entropy", h + (seen - 1) / (2.0 * n), se, n));
    }

    private static Estimate proportion(String name, long k, long n) {
        double f = (double) k / n;
        return new Estimate(name, f, Math.sqrt(f * (1 - f) / n), n);
    }

    private static Estimate exact(String name, double value, long n) {
        return new Estimate(name, value, 0.0, n);
    }
}
