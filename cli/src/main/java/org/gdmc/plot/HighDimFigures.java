package org.gdmc.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.gdmc.study.ResultSet;
import org.knowm.xchart.XYChart;

/**
 * The figures of a large-mixture result ({@code target.type: random-mixture} or {@code mixture-file}); measured
 * values with bars of ±2 s.e., the exact class law's row dashed, and where a row has them the guided dynamics' exact
 * values ({@code .exactDynamics}) dashed in the row's colour.
 * <ul>
 *   <li>one study: {@code hd-distortion} (overshoot along u), {@code hd-variance} (variance ratios along and across
 *       u), {@code hd-classes} (accuracy and mean posterior), {@code hd-law} (sliced W2² and component TV), each
 *       against w;</li>
 *   <li>a sweep: one figure per estimate against the swept field (log axis where it spans a decade or more), one
 *       series per guidance value, the exact row dashed.</li>
 * </ul>
 */
final class HighDimFigures {
    /** The figures of one study: stem, title, y label, estimates. */
    private static final List<String[]> GROUPS = List.of(
            new String[] {"hd-distortion", "overshoot of the mean along u (class-law s.d.)", "overshoot",
                "hd.overshoot"},
            new String[] {"hd-variance", "variance along and across u, as a ratio to the class law's", "ratio",
                "hd.varianceRatio.along", "hd.varianceRatio.across"},
            new String[] {"hd-classes", "the data law's view of the output", "probability", "hd.accuracy",
                "hd.posterior"},
            new String[] {"hd-law", "distance to the class law", "distance", "hd.slicedW2.squared",
                "hd.componentTV", "plane.tvClassLaw", "plane.tvClassLawNoiseFloor"});

    /** The suffix of an estimate's exact continuous-time reference ({@code hd.overshoot.exactDynamics}). */
    private static final String EXACT_DYNAMICS = ".exactDynamics";

    private HighDimFigures() {
    }

    /** Whether the result is of a large-mixture study. */
    static boolean describes(JsonNode result) {
        String type = result.path("config").path("target").path("type").asText();
        return type.equals("random-mixture") || type.equals("mixture-file");
    }

    static List<Path> draw(JsonNode result, Path prefix, ResultSet set) throws IOException {
        String study = result.path("config").path("name").asText("study");
        JsonNode rows = result.path("results");
        List<Path> written = new ArrayList<>();
        if (rows.isEmpty()) {
            return written;
        }
        if (result.has("sweep")) {
            String field = result.path("sweep").path("field").asText();
            for (String[] g : GROUPS) {
                for (int k = 3; k < g.length; k++) {
                    XYChart chart = swept(study, field, rows, g[k]);
                    if (chart != null) {
                        written.addAll(Figures.save(chart, prefix, g[k].replace('.', '-'), set));
                    }
                }
            }
            return written;
        }
        for (String[] g : GROUPS) {
            XYChart chart = Figures.styled(study + ": " + g[1] + " (bars: ±2 s.e.; dashed: exact class law, or "
                    + "in a series' colour its exact dynamics)",
                    "guidance weight w", g[2]);
            int series = 0;
            for (int k = 3; k < g.length; k++) {
                Color colour = Figures.PALETTE[(k - 3) % Figures.PALETTE.length];
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                List<Double> es = new ArrayList<>();
                double exact = Double.NaN;
                for (JsonNode row : rows) {
                    JsonNode e = row.path("estimates").path(g[k]);
                    double v = Figures.number(e.path("value"));
                    double w = Figures.number(row.path("w"));
                    if (row.path("guidance").asText().equals("exact class law")) {
                        exact = v;
                    } else if (Double.isFinite(v) && Double.isFinite(w)) {
                        xs.add(w);
                        ys.add(v);
                        es.add(2 * Figures.number(e.path("stdError")));
                    }
                }
                if (xs.isEmpty()) {
                    continue;
                }
                Figures.style(chart.addSeries(g[k], xs, ys, es), colour, false);
                series++;
                List<Double> cx = new ArrayList<>();
                List<Double> cy = new ArrayList<>();
                for (JsonNode row : rows) {
                    double v = Figures.number(row.path("estimates").path(g[k] + EXACT_DYNAMICS).path("value"));
                    double w = Figures.number(row.path("w"));
                    if (Double.isFinite(v) && Double.isFinite(w)) {
                        cx.add(w);
                        cy.add(v);
                    }
                }
                if (!cx.isEmpty()) {
                    Figures.style(chart.addSeries(g[k] + " (exact dynamics)", cx, cy), colour, true);
                }
                if (Double.isFinite(exact)) {
                    double lo = xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
                    double hi = xs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
                    Figures.style(chart.addSeries(g[k] + " (exact class law)", List.of(lo, hi == lo ? lo + 1 : hi),
                            List.of(exact, exact)), colour, true);
                }
            }
            if (series > 0) {
                written.addAll(Figures.save(chart, prefix, g[0], set));
            }
        }
        written.addAll(DensityFigure.draw(result, prefix, set, "class law (exact draws), projected"));
        return written;
    }

    /** One estimate against the swept field: a series per row label (the exact row dashed). */
    private static XYChart swept(String study, String field, JsonNode rows, String estimate) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        Map<String, List<double[]>> exactDynamics = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            JsonNode e = row.path("estimates").path(estimate);
            double v = Figures.number(e.path("value"));
            double x = Figures.number(row.path("sweep"));
            if (Double.isFinite(v) && Double.isFinite(x)) {
                series.computeIfAbsent(row.path("guidance").asText(), k -> new ArrayList<>())
                        .add(new double[] {x, v, 2 * Figures.number(e.path("stdError"))});
            }
            double r = Figures.number(row.path("estimates").path(estimate + EXACT_DYNAMICS).path("value"));
            if (Double.isFinite(r) && Double.isFinite(x)) {
                exactDynamics.computeIfAbsent(row.path("guidance").asText(), k -> new ArrayList<>())
                        .add(new double[] {x, r});
            }
        }
        if (series.isEmpty()) {
            return null;
        }
        XYChart chart = Figures.styled(study + ": " + estimate + " against " + field
                + " (bars: ±2 s.e.; dashed: exact class law, or in a row's colour its exact dynamics)", field,
                estimate);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        int c = 0;
        for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (double[] p : s.getValue()) {
                xs.add(p[0]);
                ys.add(p[1]);
                es.add(Double.isFinite(p[2]) ? p[2] : 0.0);
                lo = Math.min(lo, p[0]);
                hi = Math.max(hi, p[0]);
            }
            boolean exact = s.getKey().equals("exact class law");
            Color colour = exact ? Color.DARK_GRAY : Figures.PALETTE[c++ % Figures.PALETTE.length];
            Figures.style(chart.addSeries(s.getKey(), xs, ys, es), colour, exact);
            List<double[]> reference = exactDynamics.get(s.getKey());
            if (reference != null) {
                Figures.style(chart.addSeries(s.getKey() + " (exact dynamics)", reference.stream().map(p -> p[0])
                        .toList(), reference.stream().map(p -> p[1]).toList()), colour, true);
            }
        }
        if (lo > 0 && hi / lo >= 10) {
            chart.getStyler().setXAxisLogarithmic(true);
        }
        return chart;
    }
}
