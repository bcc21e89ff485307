package org.gdmc.plot;

import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.gdmc.study.ResultSet;
import org.knowm.xchart.XYChart;

/**
 * The small-multiples version of a 1-D study's density profile: PREFIX.profile-panels.png and .svg, one panel per
 * guidance value (all of them, up to {@value #MOST}), each the output's density per profile bin (±2 s.e.) beside the
 * reference the profile figure draws (the exact law of the dynamics where the result has it, else the tilted law,
 * dashed), every panel on the same axes, so the change with w reads across the grid without lines hiding one another.
 * Drawn for the plain output ({@code profile[x=…]}) and for SMC's weighted output ({@code smc.profile[x=…]}).
 */
final class ProfilePanels {
    /** Panels drawn at most (the first ones of a longer sweep). */
    static final int MOST = 16;
    private static final int COLUMNS = 4;
    private static final int PANEL_WIDTH = 420;
    private static final int PANEL_HEIGHT = 300;

    private ProfilePanels() {
    }

    /** Stages the panels when the result has a profile and at least two rows; returns the paths. */
    static List<Path> draw(JsonNode result, Path prefix, ResultSet set) throws IOException {
        JsonNode rows = result.path("results");
        String kind = rows.size() < 2 ? "" : kind(rows.get(0));
        if (kind.isEmpty()) {
            return List.of();
        }
        String reference = has(rows.get(0), kind + ".exact") ? kind + ".exact" : kind + ".tilted";
        int n = Math.min(MOST, rows.size());
        List<XYChart> charts = new ArrayList<>();
        double top = 0.0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < n; r++) {
            JsonNode row = rows.get(r);
            XYChart chart = panel("w=" + Figures.number(row.path("w")));
            for (String k : List.of(kind, reference)) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                List<Double> es = new ArrayList<>();
                var fields = row.path("estimates").fields();
                while (fields.hasNext()) {
                    var e = fields.next();
                    if (e.getKey().startsWith(k + "[x=")) {
                        double x = Double.parseDouble(e.getKey().substring(k.length() + 3, e.getKey().length() - 1));
                        double y = Figures.number(e.getValue().path("value"));
                        double se = Figures.number(e.getValue().path("stdError"));
                        if (Double.isFinite(y)) {
                            xs.add(x);
                            ys.add(y);
                            es.add(Double.isFinite(se) ? 2 * se : 0.0);
                            top = Math.max(top, y + (Double.isFinite(se) ? 2 * se : 0.0));
                            lo = Math.min(lo, x);
                            hi = Math.max(hi, x);
                        }
                    }
                }
                if (!xs.isEmpty()) {
                    boolean sampled = k.equals(kind);
                    Figures.style(chart.addSeries(sampled ? "output" : reference.substring(kind.length() + 1)
                            + " law", xs, ys, es), sampled ? Figures.PALETTE[0] : Figures.PALETTE[1], !sampled);
                }
            }
            charts.add(chart);
        }
        for (XYChart c : charts) {
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setYAxisMax(top * 1.05);
            c.getStyler().setXAxisMin(lo);
            c.getStyler().setXAxisMax(hi);
        }
        String study = result.path("config").path("name").asText("study");
        String title = study + ": density of the " + (kind.equals("profile") ? "output" : "weighted SMC output")
                + " at each w (solid, bars ±2 s.e.; dashed: " + (reference.endsWith(".exact")
                ? "exact law of the dynamics" : "tilted law") + "), shared axes";
        Path base = prefix.resolveSibling(prefix.getFileName() + ".profile-panels");
        return PanelGrid.stage(title, charts, Math.min(COLUMNS, n), PANEL_WIDTH, PANEL_HEIGHT, base, set);
    }

    /** "profile" or "smc.profile" when the row has that profile, else "". */
    private static String kind(JsonNode row) {
        for (String k : List.of("profile", "smc.profile")) {
            if (has(row, k)) {
                return k;
            }
        }
        return "";
    }

    private static boolean has(JsonNode row, String kind) {
        var names = row.path("estimates").fieldNames();
        while (names.hasNext()) {
            if (names.next().startsWith(kind + "[x=")) {
                return true;
            }
        }
        return false;
    }

    private static XYChart panel(String title) {
        XYChart chart = Figures.styled(title, "x", "density", PANEL_WIDTH, PANEL_HEIGHT);
        // the title above the grid says which line is which: a legend inside a panel would hide the density
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setMarkerSize(3);
        return chart;
    }
}
