package org.gdmc.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.gdmc.study.ResultSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of a masked-diffusion result. Each sampler's Monte Carlo estimates are points with bars of ±2 s.e.;
 * exact values are dashed lines.
 * <ul>
 *   <li>{@code dynamics} (exact sampler), {@code dynamics-tau-leaping-50}: the fraction of sequences still masked
 *       at t, which is the TV between the law at t and the output law (clean sequences are absorbing), against t,
 *       for each w, on a log₁₀ axis, with the exact curve;</li>
 *   <li>{@code double-exponential}: log(−log TV) of the exact curve against w at each snapshot time: straight lines
 *       at large w are the paper's double-exponential decay;</li>
 *   <li>{@code law}: TV of the output to the tilted law and to the class law, and to the exact output law with its
 *       noise floor, against w;</li>
 *   <li>{@code mass}: output mass on class-only, shared and outside sequences against w;</li>
 *   <li>{@code groups}: mean probability per sequence by the number of tokens equal to the grouping value;</li>
 *   <li>{@code entropy}: the output's entropy against w.</li>
 * </ul>
 */
final class MaskedFigures {
    private MaskedFigures() {
    }

    /** Rows of one sampler, in sweep order. */
    private record Rows(String sampler, List<JsonNode> rows, double[] w) {
    }

    static List<Path> draw(JsonNode result, Path prefix, ResultSet set) throws IOException {
        String study = result.path("config").path("name").asText("masked");
        double[] times = doubles(result.path("config").path("sampler").path("times"));
        List<Rows> samplers = bySampler(result.path("results"));
        List<Path> written = new ArrayList<>();
        if (samplers.isEmpty()) {
            return written;
        }
        Rows first = samplers.get(0);
        if (times.length > 0) {
            long particles = result.path("config").path("particles").asLong(1);
            for (Rows r : samplers) {
                String stem = r.sampler().startsWith("exact") ? "dynamics" : "dynamics-" + r.sampler().replaceAll(
                        "[^A-Za-z0-9]+", "-").replaceAll("-$", "");
                written.addAll(Figures.save(dynamics(study, r, times, particles), prefix, stem, set));
            }
            XYChart de = doubleExponential(study, first, times);
            if (de != null) {
                written.addAll(Figures.save(de, prefix, "double-exponential", set));
            }
        }
        written.addAll(Figures.save(againstW(study, "output law: total variation", "total variation", samplers,
                List.of("law.tvToTilted", "law.tvToClass", "law.tvToExact"),
                List.of("exact.law.tvToTilted", "exact.law.tvToClass", "law.tvToExact.floor")), prefix, "law", set));
        XYChart mass = againstW(study, "output mass by kind of sequence", "probability (log scale)", samplers,
                List.of("mass.classOnly", "mass.shared", "mass.outsideClass"),
                List.of("exact.mass.classOnly", "exact.mass.shared", "exact.mass.outsideClass"));
        FigureFinish.logY(mass); // the masses span decades as w grows
        written.addAll(Figures.save(mass, prefix, "mass", set));
        List<String> groups = new ArrayList<>();
        List<String> exactGroups = new ArrayList<>();
        int length = result.path("config").path("target").path("length").asInt(0);
        for (int k = 0; k <= length; k++) {
            if (!first.rows().get(0).path("estimates").has("group[" + k + "].meanProbability")) {
                continue;
            }
            groups.add("group[" + k + "].meanProbability");
            exactGroups.add("exact.group[" + k + "].meanProbability");
        }
        if (!groups.isEmpty()) {
            int v = result.path("config").path("estimators").path("groupBy").asInt();
            written.addAll(Figures.save(againstW(study, "mean probability per sequence by its count of token " + v,
                    "probability", samplers, groups, exactGroups), prefix, "groups", set));
        }
        written.addAll(Figures.save(againstW(study, "entropy of the output", "entropy (nats)", samplers,
                List.of("entropy"), List.of("exact.entropy")), prefix, "entropy", set));
        written.addAll(Figures.save(againstW(study, "class posterior p0(c|X) at the output", "E[p0(c|X)]",
                samplers, List.of("posterior.mean"), List.of("exact.posterior.mean")), prefix, "posterior", set));
        XYChart reciprocal = againstW(study, "average reciprocal class posterior", "E[1/p0(c|X)]", samplers,
                List.of("reciprocalPosterior.mean"), List.of("exact.reciprocalPosterior.mean"));
        if (!reciprocal.getSeriesMap().isEmpty()) { // +∞ wherever the output leaves the class's support
            written.addAll(Figures.save(reciprocal, prefix, "reciprocal-posterior", set));
        }
        return written;
    }

    /**
     * One sampler's TV along the dynamics against t, as log₁₀ TV (the TV spans hundreds of decades across a sweep),
     * down to a tenth of what N particles can resolve; bars: ±2 s.e. mapped through log₁₀.
     */
    private static XYChart dynamics(String study, Rows rows, double[] times, long particles) {
        XYChart chart = Figures.styled(study + ", " + rows.sampler() + " sampler: fraction of sequences still "
                + "masked at t, = TV(law at t, output law) (bars: ±2 s.e.; dashed: exact)",
                "time t (sampling runs from t = T down to 0)", "log10 fraction still masked");
        double floor = Math.log10(0.1 / particles);
        for (int i = 0; i < rows.w().length; i++) {
            Color colour = Figures.PALETTE[i % Figures.PALETTE.length];
            String w = format(rows.w()[i]);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> mx = new ArrayList<>();
            List<Double> my = new ArrayList<>();
            List<Double> me = new ArrayList<>();
            for (double t : times) {
                double logTv = value(rows.rows().get(i), "exact.dynamics.logTv[" + label(t) + "]") / Math.log(10);
                if (logTv >= floor) {
                    xs.add(t);
                    ys.add(logTv);
                }
                JsonNode e = rows.rows().get(i).path("estimates").path("dynamics.tv[" + label(t) + "]");
                double v = Figures.number(e.path("value"));
                if (v > 0) {
                    mx.add(t);
                    my.add(Math.log10(v));
                    me.add(Math.min(2 * Figures.number(e.path("stdError")) / (v * Math.log(10)), 1.0));
                }
            }
            line(chart, "exact, w=" + w, xs, ys, null, colour, true);
            line(chart, "Monte Carlo, w=" + w, mx, my, me, colour, false);
        }
        return chart;
    }

    private static XYChart doubleExponential(String study, Rows rows, double[] times) {
        XYChart chart = Figures.styled(study + ": log(-log TV) of the exact dynamics against w (straight: "
                + "double-exponential decay)", "guidance weight w", "log(-log TV(law at t, output law))");
        int series = 0;
        for (int j = 0; j < times.length; j++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < rows.w().length; i++) {
                double logTv = value(rows.rows().get(i), "exact.dynamics.logTv[" + label(times[j]) + "]");
                if (logTv < 0) {
                    xs.add(rows.w()[i]);
                    ys.add(Math.log(-logTv));
                }
            }
            if (xs.size() >= 2) {
                line(chart, "t=" + format(times[j]), xs, ys, null, Figures.PALETTE[j % Figures.PALETTE.length], false);
                series++;
            }
        }
        return series == 0 ? null : chart;
    }

    private static XYChart againstW(String study, String title, String yLabel, List<Rows> samplers,
                                    List<String> estimates, List<String> exact) {
        XYChart chart = Figures.styled(study + ": " + title + " (bars: ±2 s.e.; dashed: exact)", "guidance weight w",
                yLabel);
        for (int k = 0; k < estimates.size(); k++) {
            Color colour = Figures.PALETTE[k % Figures.PALETTE.length];
            Rows first = samplers.get(0);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < first.w().length; i++) {
                double v = value(first.rows().get(i), exact.get(k));
                if (Double.isFinite(v)) {
                    xs.add(first.w()[i]);
                    ys.add(v);
                }
            }
            String exactName = exact.get(k).startsWith("exact.") ? exact.get(k) : exact.get(k) + " (exact sampler)";
            line(chart, exactName, xs, ys, null, colour, true);
            for (int m = 0; m < samplers.size(); m++) {
                Rows r = samplers.get(m);
                List<Double> mx = new ArrayList<>();
                List<Double> my = new ArrayList<>();
                List<Double> me = new ArrayList<>();
                for (int i = 0; i < r.w().length; i++) {
                    JsonNode e = r.rows().get(i).path("estimates").path(estimates.get(k));
                    double v = Figures.number(e.path("value"));
                    if (Double.isFinite(v)) {
                        mx.add(r.w()[i]);
                        my.add(v);
                        me.add(2 * Figures.number(e.path("stdError")));
                    }
                }
                XYSeries s = line(chart, r.sampler() + ": " + estimates.get(k), mx, my, me, colour, false);
                if (s != null && m > 0) {
                    s.setMarker(SeriesMarkers.DIAMOND);
                    s.setLineStyle(SeriesLines.DOT_DOT);
                }
            }
        }
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, List<Double> xs, List<Double> ys, List<Double> errors,
                                 Color colour, boolean dashed) {
        if (xs.isEmpty()) {
            return null;
        }
        return Figures.style(errors == null ? chart.addSeries(name, xs, ys) : chart.addSeries(name, xs, ys, errors),
                colour, dashed);
    }

    /** Groups the result rows by sampler: a row's guidance reads "exact: w=1.0". */
    private static List<Rows> bySampler(JsonNode rows) {
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            String g = row.path("guidance").asText();
            int colon = g.indexOf(':');
            groups.computeIfAbsent(colon < 0 ? g : g.substring(0, colon), k -> new ArrayList<>()).add(row);
        }
        List<Rows> out = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : groups.entrySet()) {
            double[] w = new double[e.getValue().size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = e.getValue().get(i).path("w").asDouble();
            }
            out.add(new Rows(e.getKey(), e.getValue(), w));
        }
        return out;
    }

    private static double value(JsonNode row, String name) {
        return Figures.number(row.path("estimates").path(name).path("value"));
    }

    private static double[] doubles(JsonNode list) {
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i).asDouble();
        }
        return v;
    }

    /** The estimates' time label, as {@code MaskedEstimates.timeLabel}. */
    private static String label(double t) {
        return org.gdmc.discrete.MaskedEstimates.timeLabel(t);
    }

    /** At most 4 significant digits, without trailing zeros: 0, 0.5, 12. */
    private static String format(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }
}
