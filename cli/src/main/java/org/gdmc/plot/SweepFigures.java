package org.gdmc.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.gdmc.study.ResultSet;
import org.knowm.xchart.XYChart;

/**
 * The figures of a sweep's result ({@code org.gdmc.study.SweepResults}): each estimate of {@link Figures#GROUPS}
 * against the swept field, one line per guidance value, with bars of ±2 standard errors and noise floors dashed. A
 * group whose estimates (noise floors included) times guidance values make at most {@value #MAX_SERIES} lines is one figure
 * ({@code PREFIX.sweep-<group>}); a larger group has one figure per estimate ({@code PREFIX.sweep-<estimate>}).
 * Numeric values spanning a factor 8 or more (all positive) get a logarithmic axis. A sweep over words (samplers,
 * grids, step rules) is a comparison of methods, so its figures turn round: each estimate against the guidance
 * strength, one line per swept value (in the order the study lists them), on a logarithmic axis when the strengths
 * are positive and span a factor 8.
 */
final class SweepFigures {
    private static final int MAX_SERIES = 10;

    private SweepFigures() {
    }

    static List<Path> draw(JsonNode result, Path prefix, ResultSet set) throws IOException {
        List<Path> written = new ArrayList<>();
        for (java.util.Map.Entry<String, XYChart> e : charts(result).entrySet()) {
            written.addAll(Figures.save(e.getValue(), prefix, e.getKey(), set));
        }
        return written;
    }

    /** The sweep's charts by file stem, in drawing order. */
    static java.util.Map<String, XYChart> charts(JsonNode result) {
        java.util.Map<String, XYChart> out = new java.util.LinkedHashMap<>();
        JsonNode sweep = result.path("sweep");
        String field = sweep.path("field").asText();
        JsonNode values = sweep.path("values");
        JsonNode rows = result.path("results");
        String study = result.path("config").path("name").asText("study");
        List<String> guidances = new ArrayList<>();
        for (JsonNode row : rows) {
            if (!guidances.contains(row.path("guidance").asText())) {
                guidances.add(row.path("guidance").asText());
            }
        }
        Axis axis = Axis.of(values);
        boolean methods = !axis.numeric() && strengthsNumeric(rows)
                && strengthValues(rows).size() == guidances.size();
        Axis strengths = methods ? Axis.of(strengthValues(rows)) : null;
        for (Figures.Group g : Figures.GROUPS) {
            List<String> bases = new ArrayList<>();
            Set<String> all = Figures.names(rows, g.member());
            for (String name : all) {
                if (!name.endsWith("NoiseFloor") && !(g.stem().equals("non-finite") && Figures.allZero(rows, name))) {
                    bases.add(name);
                }
            }
            if (bases.isEmpty()) {
                continue;
            }
            List<List<String>> figures = new ArrayList<>();
            int lines = methods ? values.size() : guidances.size();
            if (all.size() * lines <= MAX_SERIES) {
                figures.add(bases);
            } else {
                bases.forEach(b -> figures.add(List.of(b)));
            }
            for (List<String> shown : figures) {
                boolean single = shown.size() == 1 && figures.size() > 1;
                String title = study + ": " + (single ? shown.get(0) : g.title()) + (g.stem().equals("modes")
                        ? " (exact, no sampling error)" : " (bars: ±2 s.e.; dashed: references and noise floors)");
                XYChart chart = Figures.styled(title, methods ? strengths.label("guidance strength")
                        : axis.label(field), g.yLabel());
                (methods ? strengths : axis).style(chart);
                int colour = 0;
                for (String base : shown) {
                    if (methods) {
                        for (JsonNode value : values) {
                            Color c = Figures.PALETTE[colour++ % Figures.PALETTE.length];
                            String legend = (shown.size() == 1 ? "" : base + ", ") + value.asText();
                            List<Point> points = byStrength(value, rows);
                            add(chart, legend, base, points, c, Figures.isReference(base));
                            add(chart, legend + " floor", base + "NoiseFloor", points, c, true);
                        }
                        continue;
                    }
                    for (String guidance : guidances) {
                        Color c = Figures.PALETTE[colour++ % Figures.PALETTE.length];
                        String legend = shown.size() == 1 ? guidance : base + ", " + guidance;
                        List<Point> points = bySweptValue(guidance, rows, values, axis);
                        add(chart, legend, base, points, c, Figures.isReference(base));
                        add(chart, legend + " floor", base + "NoiseFloor", points, c, true);
                    }
                }
                String stem = "sweep-" + (single ? shown.get(0).replaceAll("[^A-Za-z0-9._-]+", "_") : g.stem());
                if (!chart.getSeriesMap().isEmpty()) {
                    out.put(stem, chart);
                }
            }
        }
        return out;
    }

    /** Where the swept values sit on the x axis. */
    private record Axis(boolean numeric, boolean log, List<String> labels) {
        static Axis of(JsonNode values) {
            boolean numeric = true;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            List<String> labels = new ArrayList<>();
            for (JsonNode v : values) {
                numeric &= v.isNumber();
                lo = Math.min(lo, v.asDouble());
                hi = Math.max(hi, v.asDouble());
                labels.add(v.asText());
            }
            return new Axis(numeric, numeric && lo > 0 && hi / lo >= 8, labels);
        }

        double x(int i, JsonNode value) {
            return numeric ? value.asDouble() : i;
        }

        String label(String field) {
            return numeric ? field + (log ? "   (log axis)" : "") : field;
        }

        void style(XYChart chart) {
            if (log) {
                chart.getStyler().setXAxisLogarithmic(true);
            } else if (!numeric) {
                chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
                    long i = Math.round(x);
                    return Math.abs(x - i) < 1e-9 && i >= 0 && i < labels.size() ? labels.get((int) i) : "";
                });
            }
        }
    }

    /** Whether every row carries a numeric guidance strength (the x axis of a sweep over words). */
    private static boolean strengthsNumeric(JsonNode rows) {
        for (JsonNode row : rows) {
            if (!row.path("strength").isNumber()) {
                return false;
            }
        }
        return !rows.isEmpty();
    }

    /** The distinct strengths of the rows, in order of appearance. */
    private static JsonNode strengthValues(JsonNode rows) {
        com.fasterxml.jackson.databind.node.ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.arrayNode();
        List<Double> seen = new ArrayList<>();
        for (JsonNode row : rows) {
            double w = row.path("strength").asDouble();
            if (!seen.contains(w)) {
                seen.add(w);
                out.add(w);
            }
        }
        return out;
    }

    /** A row of the result and where it sits on the x axis. */
    private record Point(JsonNode row, double x) {
    }

    /** The points of one swept value: its rows at each guidance strength. */
    private static List<Point> byStrength(JsonNode value, JsonNode rows) {
        List<Point> out = new ArrayList<>();
        for (JsonNode row : rows) {
            if (row.path("sweep").equals(value)) {
                out.add(new Point(row, row.path("strength").asDouble()));
            }
        }
        return out;
    }

    /** The points of one guidance value: its rows at each swept value. */
    private static List<Point> bySweptValue(String guidance, JsonNode rows, JsonNode values, Axis axis) {
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            for (JsonNode row : rows) {
                if (row.path("sweep").equals(values.get(i)) && row.path("guidance").asText().equals(guidance)) {
                    out.add(new Point(row, axis.x(i, values.get(i))));
                }
            }
        }
        return out;
    }

    /** The series of estimate {@code name} at the points, with bars of ±2 s.e. where the estimate has them. */
    private static void add(XYChart chart, String legend, String name, List<Point> points, Color colour,
                            boolean floor) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> es = new ArrayList<>();
        UnreliablePoints flagged = new UnreliablePoints();
        for (Point p : points) {
            JsonNode e = p.row().path("estimates").path(name);
            double v = Figures.number(e.path("value"));
            double se = Figures.number(e.path("stdError"));
            if (Double.isFinite(v)) {
                xs.add(p.x());
                ys.add(v);
                es.add(flagged.take(e, p.x(), v, Double.isFinite(se) ? 2 * se : 0.0));
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        Figures.style(Figures.drawnWithBars(name) ? chart.addSeries(legend, xs, ys, es)
                : chart.addSeries(legend, xs, ys), colour, floor);
        flagged.draw(chart, legend, colour);
    }
}
