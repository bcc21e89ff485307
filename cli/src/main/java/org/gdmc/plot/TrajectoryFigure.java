package org.gdmc.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import org.gdmc.study.ResultSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paths of the study's first particles (the result's {@code paths}, recorded by the path kernel): PREFIX.
 * trajectories.png and .svg, at up to {@value #COLUMNS} guidance values spread evenly over the rows (ends included),
 * the same particles in every column. Top row: each path's position uᵀy_t along the direction that separates the class
 * means; bottom row: the exact class posterior p_t(c | y_t) along the same paths. Time runs left to right as the
 * sampler runs, from t = T to δ on a logarithmic axis. A path whose posterior never decreased is drawn blue, one whose
 * posterior fell somewhere orange, and each column's title gives the monotone fraction of the paths shown: the
 * monotonicity claim of seeds 002/003 (p_t(c | Y_t) rises along every path) seen path by path. The SVG's panels are
 * embedded PNGs: a thousand polylines as vectors would make it, and the report, tens of megabytes.
 */
final class TrajectoryFigure {
    /** Guidance values drawn, at most. */
    static final int COLUMNS = 5;
    private static final int PANEL_WIDTH = 330;
    private static final int PANEL_HEIGHT = 300;
    private static final Color MONOTONE = new Color(0, 114, 178, 70);
    private static final Color FALLS = new Color(213, 94, 0, 150);

    private TrajectoryFigure() {
    }

    /** Stages the figure when the result has recorded paths; returns the paths of its files. */
    static List<Path> draw(JsonNode result, Path prefix, ResultSet set) throws IOException {
        JsonNode paths = result.path("paths");
        JsonNode rows = paths.path("rows");
        if (rows.isEmpty()) {
            return List.of();
        }
        double[] x = new double[paths.path("t").size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = -Math.log10(paths.path("t").get(k).asDouble());
        }
        int n = rows.size();
        int columns = Math.min(COLUMNS, n);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<XYChart> top = new ArrayList<>();
        List<XYChart> bottom = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            JsonNode row = rows.get(columns == 1 ? 0 : (int) Math.round(i * (n - 1.0) / (columns - 1)));
            JsonNode monotone = row.path("monotone");
            int rising = 0;
            for (JsonNode m : monotone) {
                rising += m.asInt();
            }
            String w = Figures.number(row.path("w")) == Math.rint(Figures.number(row.path("w")))
                    ? String.format(Locale.ROOT, "%.0f", Figures.number(row.path("w")))
                    : String.format(Locale.ROOT, "%.3g", Figures.number(row.path("w")));
            XYChart position = panel("w=" + w + ": position u.y", "u.y");
            XYChart posterior = panel(String.format(Locale.ROOT, "w=%s: p_t(c|y), %d of %d never fall", w, rising,
                    monotone.size()), "p_t(c|y)");
            // the paths whose posterior falls are drawn last, over the others
            for (int pass = 1; pass >= 0; pass--) {
                for (int p = 0; p < monotone.size(); p++) {
                    if (monotone.get(p).asInt() != pass) {
                        continue;
                    }
                    Color colour = pass == 1 ? MONOTONE : FALLS;
                    double[][] pos = finite(x, row.path("position").get(p));
                    double[][] post = finite(x, row.path("posterior").get(p));
                    if (pos[0].length > 0) {
                        line(position.addSeries("path " + p, pos[0], pos[1]), colour);
                        for (double v : pos[1]) {
                            lo = Math.min(lo, v);
                            hi = Math.max(hi, v);
                        }
                    }
                    if (post[0].length > 0) {
                        line(posterior.addSeries("path " + p, post[0], post[1]), colour);
                    }
                }
            }
            posterior.getStyler().setYAxisMin(0.0);
            posterior.getStyler().setYAxisMax(1.0);
            top.add(position);
            bottom.add(posterior);
        }
        if (lo > hi) {
            return List.of();
        }
        for (XYChart c : top) {
            c.getStyler().setYAxisMin(lo);
            c.getStyler().setYAxisMax(hi);
        }
        List<XYChart> charts = new ArrayList<>(top);
        charts.addAll(bottom);
        String study = result.path("config").path("name").asText("study");
        String title = study + ": the first " + paths.path("particles").asInt() + " paths at each w, the same "
                + "particles (blue: p_t(c|y) never falls; orange: it falls somewhere); time runs left to right";
        Path base = prefix.resolveSibling(prefix.getFileName() + ".trajectories");
        return PanelGrid.stage(title, charts, columns, PANEL_WIDTH, PANEL_HEIGHT, base, set, true);
    }

    /** The points of a path whose value is finite (a diverged path's nulls are left out). */
    private static double[][] finite(double[] x, JsonNode values) {
        List<double[]> keep = new ArrayList<>();
        for (int k = 0; k < x.length && k < values.size(); k++) {
            if (values.get(k).isNumber() && Double.isFinite(values.get(k).asDouble())) {
                keep.add(new double[] {x[k], values.get(k).asDouble()});
            }
        }
        double[][] out = new double[2][keep.size()];
        for (int k = 0; k < keep.size(); k++) {
            out[0][k] = keep.get(k)[0];
            out[1][k] = keep.get(k)[1];
        }
        return out;
    }

    /** The tick label of axis value v = −log₁₀ t: t to two significant digits, without trailing zeros (1, 0.1, 0.01). */
    static String time(double v) {
        return new java.math.BigDecimal(Math.pow(10, -v)).round(new java.math.MathContext(2)).stripTrailingZeros()
                .toPlainString();
    }

    private static void line(XYSeries s, Color colour) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(new BasicStroke(0.8f));
    }

    private static XYChart panel(String title, String yLabel) {
        XYChart chart = Figures.styled(title, "t (log scale, T to δ)", yLabel, PANEL_WIDTH, PANEL_HEIGHT);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setxAxisTickLabelsFormattingFunction(TrajectoryFigure::time);
        return chart;
    }
}
