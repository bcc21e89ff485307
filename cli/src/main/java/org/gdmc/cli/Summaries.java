package org.gdmc.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.gdmc.config.StudyConfig;
import org.gdmc.estimate.Estimate;
import org.gdmc.guidance.ScoreError;
import org.gdmc.study.GuidanceResult;
import org.gdmc.study.MaskedStudySpec;
import org.gdmc.study.StudyResult;

/** The terminal summaries of a result: a table of the main estimates (value ± s.e.), one column per guidance. */
final class Summaries {
    /** Rows of the terminal summary; every estimate is in the result files. */
    private static final List<String> SUMMARY = List.of("posterior.mean", "posterior.q05", "posterior.q50",
            "reciprocalPosterior.mean", "reciprocalPosterior.median", "path.monotoneFraction", "path.meanIncrease",
            "paired.posteriorDifference", "paired.fractionWorse", "nonFinite.fraction");

    private Summaries() {
    }

    /** A continuous study's summary. */
    static void study(PrintStream out, StudyConfig config, StudyResult result) {
        int d = config.target().dimension();
        boolean smc = result.results().get(0).estimates().stream().anyMatch(e -> e.name().startsWith("smc."));
        List<String> rows = new ArrayList<>(smc ? List.of() : SUMMARY);
        for (int i = 0; i < Math.min(d, 4) && !smc; i++) {
            rows.add("mean[" + i + "]");
        }
        for (Estimate e : result.results().get(0).estimates()) {
            if (smc) {
                if (!e.name().contains("profile")) {
                    rows.add(e.name());
                }
                continue;
            }
            String n = e.name();
            if (derived(n)) {
                continue;
            }
            if (n.startsWith("projection.otherSide") || n.equals("projection.q05") || n.equals("projection.q50")
                    || n.equals("projection.q95") || (n.startsWith("support.") && !n.startsWith("support.distance"))
                    || (n.startsWith("density.") && !n.equals("density.outsideGrid"))
                    || n.startsWith("knn.entropy") || n.equals("tiltedLaw.entropy")
                    || shownEvent(n, config.guidedClass())) {
                rows.add(n);
            }
        }
        out.printf(Locale.ROOT, "%s: class %d, %s, %d steps (%s grid, T=%g, delta=%g), N=%,d, seed %d%n",
                config.name(), config.guidedClass(), config.sampler().describe()
                        + (smc ? ", SMC of " + smcTarget(config) : ""), config.grid().steps(),
                config.grid().spacing().key(), config.grid().horizon(),
                config.grid().delta(), config.particles(), config.seed());
        if (config.scoreError().kind() != ScoreError.Kind.NONE) {
            out.println(config.scoreError().describe());
        }
        List<String> headers = result.results().stream().map(GuidanceResult::guidance).toList();
        printTable(out, rows, result.results(), headers, 30, 26, Summaries::format);
        nonFinite(out, result.results());
        unreliable(out, result.results());
        if (smc) {
            smcNotes(out, result.results());
        }
    }

    /** The law an SMC study samples, in words: the tilted law of each w, or the one law every proposal targets. */
    private static String smcTarget(StudyConfig config) {
        org.gdmc.smc.SmcTarget t = config.smc() == null ? org.gdmc.smc.SmcTarget.TILTED : config.smc().target();
        return t.kind() == org.gdmc.smc.SmcTarget.Kind.TILTED ? "the tilted law" : t.describe(Double.NaN)
                + " (every guidance value a proposal for it)";
    }

    /** The SMC estimates' notes on their errors, one line per guidance value that has one. */
    static void smcNotes(PrintStream out, List<GuidanceResult> results) {
        boolean header = false;
        for (GuidanceResult g : results) {
            String note = g.find("smc.logNormaliser").note();
            if (!note.isEmpty()) {
                if (!header) {
                    out.printf(Locale.ROOT, "%nSMC's weights (smc.paretoK, smc.essMin):%n");
                    header = true;
                }
                out.println("  " + g.guidance() + ": " + note);
            }
        }
    }

    /**
     * The estimates marked "!" in the table, whose standard error is not to be trusted ({@link
     * org.gdmc.estimate.Reliability}), with the reason and the median-of-means interval, one line each (at most
     * {@link #NOTE_LINES}); nothing when there are none.
     */
    static void unreliable(PrintStream out, List<GuidanceResult> results) {
        List<String> lines = new ArrayList<>();
        for (GuidanceResult g : results) {
            for (Estimate e : g.estimates()) {
                if (e.unreliable() && !derived(e.name())) {
                    var r = e.reliability();
                    String robust = Double.isNaN(r.medianOfMeans()) ? "" : String.format(Locale.ROOT,
                            "; median of %d group means %.4g, %.0f%% interval [%.4g, %.4g]",
                            org.gdmc.estimate.ReducedSums.GROUPS, r.medianOfMeans(), 100 * r.robustLevel(),
                            r.robustLow(), r.robustHigh());
                    lines.add("  " + e.name() + (results.size() > 1 ? " [" + g.guidance() + "]" : "") + ": "
                            + r.reason() + robust);
                }
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "%n%d standard error%s marked ! cannot be trusted (\"reliability\" in the result file):%n",
                lines.size(), lines.size() == 1 ? "" : "s");
        for (int i = 0; i < lines.size(); i++) {
            if (i == NOTE_LINES) {
                out.printf(Locale.ROOT, "  ... and %d more%n", lines.size() - NOTE_LINES);
                break;
            }
            out.println(lines.get(i));
        }
    }

    /**
     * The Richardson block of a {@code --richardson} run: for the summary's estimates, the extrapolated value and the
     * n-step value's discretisation error, one column per guidance.
     */
    static void richardson(PrintStream out, StudyConfig fine, StudyConfig coarse, int order, StudyResult result) {
        List<String> rows = new ArrayList<>();
        GuidanceResult first = result.results().get(0);
        List<String> bases = new ArrayList<>(SUMMARY);
        for (int i = 0; i < Math.min(fine.target().dimension(), 4); i++) {
            bases.add("mean[" + i + "]");
        }
        for (String b : bases) {
            if (first.find(b + ".richardson") != null) {
                rows.add(b + ".richardson");
                rows.add(b + ".discretisationError");
            }
        }
        out.printf(Locale.ROOT, "%nRichardson in the steps: %d and %d steps (seed %d), weak order %d; every estimate's "
                + "pair is in the result file%n", fine.grid().steps(), coarse.grid().steps(), coarse.seed(), order);
        List<String> headers = result.results().stream().map(GuidanceResult::guidance).toList();
        printTable(out, rows, result.results(), headers, 44, 26, Summaries::format);
    }

    /** Whether an estimate is a Richardson pair's ({@code .richardson}, {@code .discretisationError}). */
    static boolean derived(String name) {
        return name.endsWith(".richardson") || name.endsWith(".discretisationError");
    }

    /** An event's sampled probability and its exact one under the guided class's law (the rest are in the files). */
    static boolean shownEvent(String name, int guidedClass) {
        return name.startsWith("event.") && (name.endsWith(".class[" + guidedClass + "]")
                || !(name.contains(".class[") || name.endsWith(".data")));
    }

    /** Lines of the non-finite estimates shown at most; the result file notes every one. */
    static final int NOTE_LINES = 12;

    /**
     * How many estimates are not finite, and why: one line per reason, naming the estimates it holds for and the
     * guidance columns when not all; nothing when every estimate is finite.
     */
    static void nonFinite(PrintStream out, List<GuidanceResult> results) {
        java.util.Map<String, java.util.Set<String>> names = new java.util.LinkedHashMap<>();
        java.util.Map<String, java.util.Set<String>> where = new java.util.LinkedHashMap<>();
        int count = 0;
        for (GuidanceResult g : results) {
            for (Estimate e : g.nonFinite()) {
                count++;
                names.computeIfAbsent(e.note(), k -> new java.util.LinkedHashSet<>()).add(e.name());
                where.computeIfAbsent(e.note(), k -> new java.util.LinkedHashSet<>()).add(g.guidance());
            }
        }
        if (count == 0) {
            return;
        }
        out.printf(Locale.ROOT, "%n%d estimate%s not finite (each has a \"note\" in the result file):%n", count,
                count == 1 ? " is" : "s are");
        int shown = 0;
        for (var e : where.entrySet()) {
            if (shown++ == NOTE_LINES) {
                out.printf(Locale.ROOT, "  ... and %d more reasons%n", where.size() - NOTE_LINES);
                break;
            }
            out.println("  " + String.join(", ", names.get(e.getKey())) + (e.getValue().size() == results.size()
                    ? "" : " [" + String.join(", ", e.getValue()) + "]") + ": " + e.getKey());
        }
    }

    /**
     * One line per estimate name, one column per result: "-" where a result lacks the estimate. Columns are at least
     * {@code columnWidth} wide, and as wide as their widest header (a scheduled guidance's description is long).
     */
    static void printTable(PrintStream out, List<String> rows, List<GuidanceResult> columns, List<String> headers,
                           int nameWidth, int columnWidth, Function<Estimate, String> format) {
        String name = "%-" + nameWidth + "s";
        int width = columnWidth;
        for (String h : headers) {
            width = Math.max(width, h.length());
        }
        String column = "  %-" + width + "s";
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, name, "estimate (value ± s.e.)"));
        for (String h : headers) {
            header.append(String.format(Locale.ROOT, column, h));
        }
        out.println(header);
        for (String row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, name, row));
            for (GuidanceResult g : columns) {
                Estimate e = g.find(row);
                line.append(String.format(Locale.ROOT, column, e == null ? "-" : format.apply(e)));
            }
            out.println(line);
        }
    }

    /** value ± s.e., with "!" after a standard error that is not to be trusted. */
    static String format(Estimate e) {
        if (Double.isNaN(e.stdError())) {
            return String.format(Locale.ROOT, "%.6g", e.value());
        }
        return String.format(Locale.ROOT, "%.6g ± %.2g", e.value(), e.stdError()) + (e.unreliable() ? " !" : "");
    }

    /** One block per sampler, one column per w; the dynamics at the first, middle and last snapshot time. */
    static void masked(PrintStream out, MaskedStudySpec spec, StudyResult result) {
        out.printf(Locale.ROOT, "%s: class %d of %s, %s rates, %s, N=%,d, seed %d%n", spec.name(), spec.guidedClass(),
                spec.target().space(), spec.rates().label(), spec.schedule().describe(), spec.particles(),
                spec.seed());
        List<String> rows = new ArrayList<>(List.of("law.tvToExact", "law.tvToExact.floor",
                "law.tvToTilted", "exact.law.tvToTilted", "law.tvToClass", "exact.law.tvToClass", "entropy",
                "exact.entropy", "mass.classOnly", "mass.shared", "exact.mass.shared", "mass.outsideClass",
                "posterior.mean", "exact.posterior.mean", "reciprocalPosterior.mean",
                "exact.reciprocalPosterior.mean"));
        for (Estimate e : result.results().get(0).estimates()) {
            if (e.name().contains("meanProbability")) {
                rows.add(e.name());
            }
        }
        double[] times = spec.times();
        if (times.length > 0) {
            for (int j : new int[] {0, times.length / 2, times.length - 1}) {
                String label = org.gdmc.discrete.MaskedEstimates.timeLabel(times[j]);
                if (!rows.contains("dynamics.tv[" + label + "]")) {
                    rows.add("dynamics.tv[" + label + "]");
                    rows.add("exact.dynamics.tv[" + label + "]");
                }
            }
        }
        rows.add("stranded.fraction");
        int weights = spec.weights().length;
        for (int m = 0; m < spec.samplers().size(); m++) {
            List<GuidanceResult> block = result.results().subList(m * weights, (m + 1) * weights);
            out.printf(Locale.ROOT, "%n%s sampler%n", spec.samplers().get(m).label());
            List<String> headers = block.stream().map(g -> "w=" + g.strength()).toList();
            printTable(out, rows, block, headers, 34, 22, e -> e.stdError() == 0.0
                    ? String.format(Locale.ROOT, "%.6g", e.value()) : format(e));
        }
        nonFinite(out, result.results());
    }

    /** One column per row of a large-mixture study (the exact class law first), one line per estimate. */
    static void highDimensional(PrintStream out, org.gdmc.highdim.HighDimStudySpec spec, String name,
                                StudyResult result) {
        var m = spec.target();
        out.printf(Locale.ROOT, "%s: class %d of %d, K = %d %s components in d = %d, %s, %d steps, N=%,d, seed %d%n",
                name, spec.cls(), m.classes(), m.components(), m.form().key(), m.dimension(),
                spec.plan().sampler().name(), spec.plan().steps(), spec.particles(), spec.seed());
        // every row's estimates: the guided rows have some the exact row has not (their TV to it)
        java.util.Set<String> rows = new java.util.LinkedHashSet<>();
        for (GuidanceResult r : result.results()) {
            for (Estimate e : r.estimates()) {
                rows.add(e.name());
            }
        }
        List<String> headers = result.results().stream().map(GuidanceResult::guidance).toList();
        printTable(out, new ArrayList<>(rows), result.results(), headers, 28, 22, Summaries::format);
    }
}
