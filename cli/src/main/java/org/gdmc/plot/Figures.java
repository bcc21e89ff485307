package org.gdmc.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.gdmc.study.ResultSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of a result file: for each group of estimates the result holds (class posterior, E[1/p], entropy, total
 * variation, support, …), every estimate of the group against the guidance weight, with bars of ±2 standard errors,
 * written as {@code PREFIX.<group>.png} and {@code PREFIX.<group>.svg}. A noise floor is dashed, in its estimate's
 * colour. When the sweep spans more than a factor 8 of 1 + w, the x axis is log₂(1 + w), labelled in w.
 */
public final class Figures {
    /** Width and height of the figures, in pixels (PNG) or points (SVG). */
    public static final int WIDTH = 1200;
    public static final int HEIGHT = 600;

    /** A figure: its file stem, title, y-axis label and the estimates it shows. */
    record Group(String stem, String title, String yLabel, Predicate<String> member) {
    }

    static final List<Group> GROUPS = List.of(
            new Group("posterior", "class posterior p0(c|X) at the output", "probability",
                    n -> n.equals("posterior.mean") || n.equals("path.meanIncrease") || n.equals("smc.posterior")),
            new Group("reciprocal-posterior", "average reciprocal classifier probability", "E[1/p0(c|X)]",
                    n -> n.equals("reciprocalPosterior.mean") || n.equals("smc.reciprocal")),
            new Group("paths", "along the sample paths", "fraction of particles",
                    n -> n.equals("path.monotoneFraction") || n.equals("paired.fractionWorse")),
            new Group("entropy", "differential entropy of the output", "entropy (nats)",
                    n -> n.equals("density.entropy") || n.equals("knn.entropy")
                            || n.equals("density.tiltedLawEntropy") || n.equals("density.exactLawEntropy")
                            || n.equals("tiltedLaw.entropy") || n.equals("smc.entropy")
                            || n.equals("smc.entropyTiltedLaw")),
            new Group("total-variation", "total variation distance to reference laws", "total variation",
                    n -> n.startsWith("density.tv") || n.startsWith("smc.tv")),
            new Group("support", "mass at and beyond the class's support", "probability",
                    n -> n.equals("support.outside") || n.startsWith("support.within[")
                            || n.startsWith("support.beyond[") || n.equals("smc.support.outside")
                            || n.startsWith("smc.support.within[") || n.startsWith("smc.support.beyond[")),
            new Group("projection", "mass on the other class's side", "probability",
                    n -> n.equals("projection.otherSide")),
            new Group("events", "probabilities of the study's events", "probability",
                    n -> n.startsWith("event.") || n.startsWith("smc.event.")),
            new Group("normaliser", "log normaliser of the tilted law, SMC's estimate and the reference", "log Z_w",
                    n -> n.equals("smc.logNormaliser") || n.equals("smc.logNormaliserTiltedLaw")),
            new Group("smc-weights", "health of SMC's weights (k: Pareto shape of the islands' normalisers)",
                    "fraction of the island, or k", n -> n.equals("smc.essMin") || n.equals("smc.essFinal")
                            || n.equals("smc.paretoK")),
            new Group("modes", "number of modes of the reference laws' densities", "modes",
                    n -> n.startsWith("density.") && n.endsWith("Modes")),
            new Group("non-finite", "particles that left the range of a double", "fraction of particles",
                    n -> n.equals("nonFinite.fraction")));

    /** Guidance values drawn in the profile figure, at most (spread evenly over the sweep, ends included). */
    private static final int PROFILE_LINES = 5;

    private Figures() {
    }

    /** Stages the figure of every group the result holds into the set; returns their paths. */
    public static List<Path> draw(JsonNode result, Path prefix, ResultSet set) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if ("masked".equals(result.path("config").path("target").path("type").asText())) {
            return MaskedFigures.draw(result, prefix, set);
        }
        if (HighDimFigures.describes(result)) {
            return HighDimFigures.draw(result, prefix, set);
        }
        if (result.has("sweep")) {
            return SweepFigures.draw(result, prefix, set);
        }
        java.util.Map<String, XYChart> charts = charts(result);
        List<Path> written = new ArrayList<>();
        for (var e : charts.entrySet()) {
            written.addAll(save(e.getValue(), prefix, e.getKey(), set));
        }
        written.addAll(DensityFigure.draw(result, prefix, set));
        written.addAll(ProfilePanels.draw(result, prefix, set));
        written.addAll(TrajectoryFigure.draw(result, prefix, set));
        return written;
    }

    /** Entries a figure's legend holds before a group of several guidance families is drawn one estimate a figure. */
    static final int LEGEND_MOST = 12;

    /**
     * The figure of a group's members (those of one estimate when {@code only} names it, coloured by family when
     * {@code byFamily}), or null when nothing is drawn.
     */
    private static XYChart chart(String study, Group g, boolean logX, String only, Set<String> members,
                                 List<String> bases, java.util.Map<String, List<Integer>> families, JsonNode rows,
                                 double[] w, boolean byFamily) {
        XYChart chart = chart(study, g, logX);
        if (only != null) {
            chart.setTitle(study + ": " + only + " by guidance family" + (drawnWithBars(only) ? " (bars: ±2 s.e.)"
                    : " (exact, no sampling error)"));
        }
        int series = 0;
        int measured = 0;
        for (String name : members) {
            String base = name.replace("NoiseFloor", "");
            int f = 0;
            for (var family : families.entrySet()) {
                int index = byFamily ? f : bases.indexOf(base) * families.size() + f;
                f++;
                Color colour = PALETTE[index % PALETTE.length];
                String label = families.size() == 1 ? name : byFamily
                        ? family.getKey() + (name.endsWith("NoiseFloor") ? " (noise floor)" : "")
                        : name + " [" + family.getKey() + "]";
                boolean drawn = addSeries(chart, label, name, subset(rows, family.getValue()),
                        subset(w, family.getValue()), logX, colour);
                series += drawn ? 1 : 0;
                measured += drawn && !isReference(name) && !name.endsWith("NoiseFloor") ? 1 : 0;
            }
        }
        if (series == 0 || (g.stem().equals("non-finite") && allZero(rows, "nonFinite.fraction"))) {
            return null;
        }
        boolean referencesOnly = members.stream().allMatch(Figures::isReference);
        if (measured == 0 && !referencesOnly) {
            chart.setTitle(study + ": " + g.title() + ": no measured value to draw (every particle diverged or "
                    + "left the grid); dashed: references");
        }
        return chart;
    }

    /** The figures of a (continuous, unswept) result by file stem, not yet finished ({@link FigureFinish}). */
    static java.util.Map<String, XYChart> charts(JsonNode result) {
        java.util.Map<String, XYChart> charts = new java.util.LinkedHashMap<>();
        JsonNode rows = result.path("results");
        String study = result.path("config").path("name").asText("study");
        double[] w = new double[rows.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rows.get(i).path("w").asDouble();
        }
        java.util.Map<String, List<Integer>> plain = families(rows);
        java.util.Map<String, List<Integer>> families = atOwnStrength(plain, rows, w);
        boolean logX = useLogAxis(w);
        for (Group g : GROUPS) {
            Set<String> members = names(rows, g.member());
            List<String> bases = new ArrayList<>();
            for (String name : members) {
                String base = name.replace("NoiseFloor", "");
                if (!bases.contains(base)) {
                    bases.add(base);
                }
            }
            if (families.size() > 1 && bases.size() * families.size() > LEGEND_MOST) {
                // a legend of every estimate of every family would outgrow the figure: one figure per estimate,
                // coloured by family
                for (String base : bases) {
                    Set<String> own = new java.util.LinkedHashSet<>();
                    for (String name : members) {
                        if (name.replace("NoiseFloor", "").equals(base)) {
                            own.add(name);
                        }
                    }
                    String tail = base.replaceAll("[^A-Za-z0-9]+", "-");
                    XYChart chart = chart(study, g, logX, base, own, List.of(base), families, rows, w, true);
                    if (chart != null) {
                        charts.put(g.stem() + "-" + tail, chart);
                    }
                }
                continue;
            }
            XYChart chart = chart(study, g, logX, null, members, bases, families, rows, w, false);
            if (chart != null) {
                charts.put(g.stem(), chart);
            }
        }
        for (String kind : List.of("profile", "smc.profile")) {
            if (!profileName(kind, rows.get(0)).isEmpty()) {
                charts.put("profile", profile(study, rows, kind));
            }
        }
        charts.putAll(FrontierFigure.charts(study, rows, plain));
        return charts;
    }

    /**
     * A family whose rows share one equivalent weight though their strengths differ (autoguidance: its weak model
     * guides within the class, w = 0 at every strength) would stack all its points at one x: its rows are placed at
     * their own strength instead (w[i] is changed), and the family's name says so.
     */
    static java.util.Map<String, List<Integer>> atOwnStrength(java.util.Map<String, List<Integer>> families,
                                                             JsonNode rows, double[] w) {
        java.util.Map<String, List<Integer>> out = new java.util.LinkedHashMap<>();
        for (var f : families.entrySet()) {
            List<Integer> idx = f.getValue();
            boolean oneW = idx.stream().allMatch(i -> w[i] == w[idx.get(0)]);
            boolean manyStrengths = idx.stream().map(i -> rows.get(i).path("strength").asDouble()).distinct()
                    .count() > 1;
            if (idx.size() > 1 && oneW && manyStrengths) {
                for (int i : idx) {
                    w[i] = rows.get(i).path("strength").asDouble();
                }
                out.put(f.getKey() + " at its own w", idx);
            } else {
                out.put(f.getKey(), idx);
            }
        }
        return out;
    }

    /**
     * The rows' guidance families in order of first appearance, each with its rows: the guidance's description with
     * its swept strength left out ({@code cfg(w)}, {@code apg(w, eta=0.0, r=2.0, beta=-0.5)},
     * {@code cfg(w for sigma in (0.28, 5.42], 0.0 outside)}), one family unless the study lists several.
     */
    static java.util.Map<String, List<Integer>> families(JsonNode rows) {
        java.util.Map<String, List<Integer>> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String g = rows.get(i).path("guidance").asText();
            out.computeIfAbsent(g.replaceFirst("\\b(w|gamma|lambda)=-?[0-9][0-9.eE+-]*", "$1"),
                    k -> new ArrayList<>()).add(i);
        }
        return out;
    }

    static JsonNode subset(JsonNode rows, List<Integer> at) {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        at.forEach(i -> out.add(rows.get(i)));
        return out;
    }

    static double[] subset(double[] w, List<Integer> at) {
        return at.stream().mapToDouble(i -> w[i]).toArray();
    }

    /** The first profile estimate's name of the given kind in a row ({@code profile[x=…]}), or "" when none. */
    private static String profileName(String kind, JsonNode row) {
        for (var it = row.path("estimates").fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (n.startsWith(kind + "[x=")) {
                return n;
            }
        }
        return "";
    }

    /**
     * The output's density per profile bin (±2 s.e.) at up to {@value #PROFILE_LINES} guidance values, each beside
     * the exact law of the dynamics (dashed) where the result has it, else the tilted law (dashed); kind is
     * {@code profile}, or {@code smc.profile} for SMC's weighted output.
     */
    private static XYChart profile(String study, JsonNode rows, String kind0) {
        String reference = profileName(kind0 + ".exact", rows.get(0)).isEmpty() ? kind0 + ".tilted"
                : kind0 + ".exact";
        XYChart chart = styled(study + ": density of the " + (kind0.equals("profile") ? "output" : "weighted SMC "
                + "output") + " (bars: ±2 s.e.; dashed: " + (reference.endsWith(".exact") ? "exact law of the dynamics"
                : "tilted law") + ")", "x", "density");
        chart.getStyler().setMarkerSize(4);
        int n = rows.size();
        int lines = Math.min(PROFILE_LINES, n);
        for (int i = 0; i < lines; i++) {
            int r = lines == 1 ? 0 : (int) Math.round(i * (n - 1.0) / (lines - 1));
            JsonNode row = rows.get(r);
            Color colour = PALETTE[i % PALETTE.length];
            String label = "w=" + number(row.path("w"));
            for (String kind : List.of(kind0, reference)) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                List<Double> es = new ArrayList<>();
                row.path("estimates").fields().forEachRemaining(e -> {
                    String name = e.getKey();
                    if (name.startsWith(kind + "[x=")) {
                        xs.add(Double.parseDouble(name.substring(kind.length() + 3, name.length() - 1)));
                        ys.add(number(e.getValue().path("value")));
                        double se = number(e.getValue().path("stdError"));
                        es.add(Double.isFinite(se) ? 2 * se : 0.0);
                    }
                });
                boolean sampled = kind.equals(kind0);
                style(chart.addSeries(sampled ? label : label + " " + reference.substring(kind0.length() + 1), xs,
                        ys, es), colour, !sampled);
            }
        }
        return chart;
    }

    /** Stages PREFIX.stem.png and PREFIX.stem.svg into the result set; returns both paths. */
    static List<Path> save(XYChart chart, Path prefix, String stem, ResultSet set) throws IOException {
        Path base = prefix.resolveSibling(prefix.getFileName() + "." + stem);
        FigureFinish.finish(chart);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return List.of(set.add(Path.of(base + ".png"), png.toByteArray()),
                set.add(Path.of(base + ".svg"), svg.toByteArray()));
    }

    /** Series colours; a noise floor takes its estimate's. */
    static final Color[] PALETTE = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(86, 180, 233), new Color(230, 159, 0), new Color(0, 0, 0),
        new Color(240, 228, 66), new Color(128, 128, 128), new Color(136, 34, 85)};

    /** An axis of log₂(1 + w) when the weights are non-negative and 1 + w spans more than a factor 8. */
    static boolean useLogAxis(double[] w) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : w) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return w.length > 2 && lo >= 0 && (1 + hi) / (1 + lo) > 8;
    }

    /**
     * Whether an estimate is a reference computed without particles (the class, tilted or exact law's entropy or its
     * number of modes; the tilted law's entropy by importance sampling; an event's probability under a class law or
     * the data law), drawn dashed beside the measurements.
     */
    static boolean isReference(String name) {
        return (name.startsWith("density.") && (name.endsWith("LawEntropy") || name.endsWith("Modes")))
                || name.equals("tiltedLaw.entropy")
                || smcReference(name)
                || (name.startsWith("event.") && (name.contains(".class[") || name.endsWith(".data")));
    }

    /** Whether a series keeps its ±2 s.e. bars: measurements, and the one reference with a sampling error. */
    static boolean drawnWithBars(String name) {
        return !(name.endsWith("NoiseFloor") || isReference(name)) || name.equals("tiltedLaw.entropy")
                || smcReference(name);
    }

    /**
     * SMC's references, the tilted law's log normaliser and entropy (by quadrature, or importance sampling with its
     * error); not {@code smc.tvTiltedLaw}, which is measured.
     */
    private static boolean smcReference(String name) {
        return name.equals("smc.logNormaliserTiltedLaw") || name.equals("smc.entropyTiltedLaw");
    }

    private static XYChart chart(String study, Group g, boolean logX) {
        boolean references = g.stem().equals("modes");
        XYChart chart = styled(study + ": " + g.title() + (references ? " (exact, no sampling error)"
                        : g.stem().equals("entropy") ? " (bars: ±2 s.e.; dashed: references)"
                        : g.stem().equals("events") ? " (bars: ±2 s.e.; dashed: class and data laws)"
                        : " (bars: ±2 s.e.)"),
                logX ? "guidance weight w   (axis: log2(1 + w))" : "guidance weight w", g.yLabel());
        if (logX) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(
                    x -> String.format(Locale.ROOT, "%.3g", Math.pow(2, x) - 1));
        }
        return chart;
    }

    /** An empty chart in gdmc's style: white, legend at the right, legible fonts, error bars in series colours. */
    static XYChart styled(String title, String xLabel, String yLabel) {
        return styled(title, xLabel, yLabel, WIDTH, HEIGHT);
    }

    /** As {@link #styled(String, String, String)}, of the given size in pixels. */
    static XYChart styled(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        var st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendBorderColor(Color.LIGHT_GRAY);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setErrorBarsColorSeriesColor(true);
        st.setMarkerSize(7);
        st.setPlotGridLinesVisible(true);
        st.setDecimalPattern("#0.####");
        return chart;
    }

    private static boolean addSeries(XYChart chart, String label, String name, JsonNode rows, double[] w,
                                     boolean logX, Color colour) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> es = new ArrayList<>();
        UnreliablePoints flagged = new UnreliablePoints();
        for (int i = 0; i < w.length; i++) {
            JsonNode e = rows.get(i).path("estimates").path(name);
            double v = number(e.path("value"));
            double se = number(e.path("stdError"));
            if (Double.isFinite(v)) {
                double x = logX ? Math.log(1 + w[i]) / Math.log(2) : w[i];
                xs.add(x);
                ys.add(v);
                es.add(flagged.take(e, x, v, Double.isFinite(se) ? 2 * se : 0.0));
            }
        }
        if (xs.isEmpty()) {
            return false;
        }
        style(drawnWithBars(name) ? chart.addSeries(label, xs, ys, es) : chart.addSeries(label, xs, ys), colour,
                name.endsWith("NoiseFloor") || isReference(name));
        flagged.draw(chart, label, colour);
        return true;
    }

    /** gdmc's two line styles: an estimate (solid, with markers) or a reference or floor (dashed, no markers). */
    static XYSeries style(XYSeries s, Color colour, boolean dashed) {
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        if (dashed) {
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setMarker(SeriesMarkers.NONE);
        } else {
            s.setLineStyle(new BasicStroke(2f));
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return s;
    }

    /** The estimate names of all rows that the group takes, in the order of the first row. */
    static Set<String> names(JsonNode rows, Predicate<String> member) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            row.path("estimates").fieldNames().forEachRemaining(n -> {
                if (member.test(n)) {
                    names.add(n);
                }
            });
        }
        return names;
    }

    static boolean allZero(JsonNode rows, String name) {
        for (JsonNode row : rows) {
            if (number(row.path("estimates").path(name).path("value")) != 0.0) {
                return false;
            }
        }
        return true;
    }

    /** A number, or NaN / ±infinity written as a string, or NaN when absent. */
    static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
