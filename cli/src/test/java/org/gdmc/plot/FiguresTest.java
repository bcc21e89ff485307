package org.gdmc.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;

/** What the figures show: references as references, every series visible, titles that fit, honest empty figures. */
class FiguresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A result with one row per w, each estimate given as name → {value, stdError} per row. */
    private static ObjectNode result(double[] w, Map<String, double[][]> estimates) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("config").put("name", "t");
        var rows = root.putArray("results");
        for (int i = 0; i < w.length; i++) {
            ObjectNode row = rows.addObject();
            row.put("guidance", "cfg(w=" + w[i] + ")");
            row.put("w", w[i]);
            ObjectNode est = row.putObject("estimates");
            for (var e : estimates.entrySet()) {
                ObjectNode v = est.putObject(e.getKey());
                double value = e.getValue()[i][0];
                if (Double.isFinite(value)) {
                    v.put("value", value);
                } else {
                    v.put("value", Double.toString(value));
                }
                v.put("stdError", e.getValue()[i][1]);
                v.put("count", 1000);
            }
        }
        return root;
    }

    @Test
    void referencesAreDashedWithoutBarsAndCoincidingSeriesAreNamedTogether() {
        double[] w = {0, 1, 4};
        Map<String, double[][]> e = new java.util.LinkedHashMap<>();
        e.put("density.entropy", new double[][] {{1.2, 0.01}, {1.0, 0.01}, {0.8, 0.01}});
        e.put("density.tiltedLawEntropy", new double[][] {{1.4, 0}, {1.4, 0}, {1.4, 0}});
        e.put("density.exactLawEntropy", new double[][] {{1.4, 0}, {1.4, 0}, {1.4, 0}});
        XYChart chart = Figures.charts(result(w, e)).get("entropy");
        FigureFinish.finish(chart);
        assertEquals(List.of("density.entropy", "density.tiltedLawEntropy = density.exactLawEntropy"),
                List.copyOf(chart.getSeriesMap().keySet()), "the two equal references are one named series");
        XYSeries reference = chart.getSeriesMap().get("density.tiltedLawEntropy = density.exactLawEntropy");
        assertEquals(SeriesLines.DASH_DASH, reference.getLineStyle());
        assertNull(reference.getExtraValues(), "a reference has no error bars");
        assertTrue(chart.getTitle().contains("dashed: references"), chart.getTitle());
    }

    /** A point whose standard error is flagged loses its bar and is drawn again, hollow, in a companion series. */
    @Test
    void aFlaggedStandardErrorIsDrawnHollowApart() {
        double[] w = {0, 1, 4};
        ObjectNode result = result(w, Map.of("reciprocalPosterior.mean",
                new double[][] {{2.03, 0.008}, {1.17, 0.0005}, {1.04, 0.00006}}));
        ((ObjectNode) result.path("results").get(0).path("estimates").path("reciprocalPosterior.mean"))
                .putObject("reliability").put("reliable", false);
        XYChart chart = Figures.charts(result).get("reciprocal-posterior");
        FigureFinish.finish(chart);
        XYSeries main = chart.getSeriesMap().get("reciprocalPosterior.mean");
        XYSeries hollow = chart.getSeriesMap().get("reciprocalPosterior.mean" + UnreliablePoints.SUFFIX);
        assertEquals(List.of(0.0, 0.0005 * 2, 0.00006 * 2), java.util.Arrays.stream(main.getExtraValues()).boxed()
                .toList(), "the flagged point keeps no bar in its own series");
        assertEquals(1, hollow.getXData().length);
        assertEquals(2.03, hollow.getYData()[0]);
        assertEquals(0.016, hollow.getExtraValues()[0], 1e-15);
        assertTrue(hollow.getMarker() instanceof UnreliablePoints.HollowCircle);
        assertEquals(SeriesLines.NONE, hollow.getLineStyle());
    }

    @Test
    void aFigureWithNoMeasuredValueSaysSo() {
        double[] w = {0, 1};
        Map<String, double[][]> e = new java.util.LinkedHashMap<>();
        e.put("density.entropy", new double[][] {{Double.NaN, Double.NaN}, {Double.NaN, Double.NaN}});
        e.put("density.tiltedLawEntropy", new double[][] {{1.4, 0}, {1.3, 0}});
        XYChart chart = Figures.charts(result(w, e)).get("entropy");
        assertTrue(chart.getTitle().contains("no measured value to draw (every particle diverged"), chart.getTitle());
    }

    @Test
    void aFigureOfConstantSeriesSaysSo() {
        double[] w = {0, 1, 4};
        Map<String, double[][]> e = Map.of("posterior.mean", new double[][] {{1, 0}, {1, 0}, {1, 0}});
        XYChart chart = Figures.charts(result(w, e)).get("posterior");
        FigureFinish.finish(chart);
        assertTrue(chart.getTitle().endsWith("constant in w (values in the legend)"), chart.getTitle());
        assertTrue(chart.getSeriesMap().containsKey("posterior.mean = 1.00000"), chart.getSeriesMap().keySet()
                .toString());
    }

    /**
     * Series equal to rounding (an exact value computed two ways, 1 ± 10⁻¹⁶) are one constant: drawn once, labelled
     * with its value, on an axis around it with labelled ticks.
     */
    @Test
    void seriesEqualToRoundingAreOneConstant() {
        XYChart chart = Figures.styled("flat", "w", "E[1/p]");
        chart.addSeries("exact", new double[] {0, 1, 2}, new double[] {1.0, 1.0 + 2.2e-16, 1.0 - 1.1e-16});
        chart.addSeries("measured", new double[] {0, 1, 2}, new double[] {1.0, 1.0, 1.0});
        FigureFinish.finish(chart);
        assertEquals(1, chart.getSeriesMap().size(), chart.getSeriesMap().keySet().toString());
        assertTrue(chart.getSeriesMap().keySet().iterator().next().endsWith("= 1.00000"));
        assertEquals(0.95, chart.getStyler().getYAxisMin(), 1e-12);
        assertEquals(1.05, chart.getStyler().getYAxisMax(), 1e-12);
    }

    /**
     * Legend entries of long guidance families are cut in the middle, keeping what tells them apart, so the plot keeps
     * its room; one figure per estimate where a group of several families would list more than the legend holds.
     */
    @Test
    void longLegendsAreCutInTheMiddleAndManyFamiliesSplitTheFigure() {
        XYChart chart = Figures.styled("legend", "w", "p");
        String family = "autoguidance(w, weak=smoothed score error, epsilon=0.5, on conditional) at its own w";
        chart.addSeries(family, new double[] {0, 1}, new double[] {0.1, 0.2});
        chart.addSeries(family + " (noise floor)", new double[] {0, 1}, new double[] {0.05, 0.06});
        FigureFinish.finish(chart);
        List<String> names = List.copyOf(chart.getSeriesMap().keySet());
        assertTrue(names.get(0).startsWith("autoguidance(w") && names.get(0).contains("…"), names.toString());
        assertTrue(names.get(1).endsWith("(noise floor)"), names.toString());

        double[] w = {0, 1, 2};
        Map<String, double[][]> e = new java.util.LinkedHashMap<>();
        for (String name : List.of("density.tvClassLaw", "density.tvClassLawNoiseFloor", "density.tvTiltedLaw",
                "density.tvTiltedLawNoiseFloor", "density.tvSweepFirst", "density.tvSweepFirstNoiseFloor")) {
            e.put(name, new double[][] {{0.1, 0.01}, {0.2, 0.01}, {0.3, 0.01}});
        }
        ObjectNode many = result(w, e);
        var rows = (com.fasterxml.jackson.databind.node.ArrayNode) many.path("results");
        // the same rows under five families: 3 estimates x 5 families > the legend's 12 entries
        for (String f : List.of("apg", "rescaled", "power-law", "projected")) {
            for (int i = 0; i < 3; i++) {
                ObjectNode copy = rows.get(i).deepCopy();
                copy.put("guidance", f + "(w=" + w[i] + ")");
                rows.add(copy);
            }
        }
        var charts = Figures.charts(many);
        assertFalse(charts.containsKey("total-variation"), charts.keySet().toString());
        assertTrue(charts.containsKey("total-variation-density-tvClassLaw")
                && charts.containsKey("total-variation-density-tvTiltedLaw"), charts.keySet().toString());
        assertEquals(10, charts.get("total-variation-density-tvClassLaw").getSeriesMap().size(),
                "five families, each with its floor");
    }

    /** A family whose rows share one equivalent weight is drawn at its own strengths (autoguidance's w = 0). */
    @Test
    void aFamilyAtOneEquivalentWeightIsDrawnAtItsOwnStrength() {
        double[] w = {0, 0, 0};
        Map<String, double[][]> e = Map.of("posterior.mean", new double[][] {{0.5, 0.01}, {0.6, 0.01}, {0.7, 0.01}});
        ObjectNode r = result(w, e);
        for (int i = 0; i < 3; i++) {
            ((ObjectNode) r.path("results").get(i)).put("guidance", "autoguidance(w=" + (i + 1) + ".0, weak=x)")
                    .put("strength", i + 1.0);
        }
        XYChart chart = Figures.charts(r).get("posterior");
        var s = chart.getSeriesMap().values().iterator().next();
        assertEquals(List.of(1.0, 2.0, 3.0), java.util.Arrays.stream(s.getXData()).boxed().toList());
    }

    /** SMC's TV to the tilted law is measured (solid, with bars); its log normaliser's reference is not. */
    @Test
    void smcTotalVariationIsAMeasurement() {
        assertFalse(Figures.isReference("smc.tvTiltedLaw"));
        assertTrue(Figures.drawnWithBars("smc.tvTiltedLaw"));
        assertTrue(Figures.isReference("smc.logNormaliserTiltedLaw"));
        assertTrue(Figures.isReference("smc.entropyTiltedLaw"));
    }

    /** A title too long even at the smallest size ends with an ellipsis and keeps its start (the study's name). */
    @Test
    void aTitleTooLongAtTheSmallestSizeKeepsItsStart() {
        String title = "study-name: " + "a very long description ".repeat(20);
        XYChart chart = Figures.styled(title, "w", "p");
        chart.addSeries("a", new double[] {0, 1}, new double[] {0.1, 0.35});
        FigureFinish.finish(chart);
        assertTrue(chart.getTitle().startsWith("study-name: a very long") && chart.getTitle().endsWith("…"),
                chart.getTitle());
        assertTrue(chart.getTitle().length() < title.length());
    }

    @Test
    void longTitlesShrinkToFitAndTicksShareTheirDecimals() {
        XYChart chart = Figures.styled("x".repeat(60) + " a masked study's mean probability per sequence, grouped "
                + "by the number of tokens equal to 3 (bars: ±2 s.e.; dashed: exact)", "w", "p");
        chart.addSeries("a", new double[] {0, 1}, new double[] {0.1, 0.35});
        int before = chart.getStyler().getChartTitleFont().getSize();
        FigureFinish.finish(chart);
        assertTrue(chart.getStyler().getChartTitleFont().getSize() < before, "the title is set smaller");
        assertEquals("0.000", FigureFinish.decimalPattern(new double[] {0.1, 0.35}), "ticks of 0.05 or 0.025");
        assertEquals("0.0000", FigureFinish.decimalPattern(new double[] {0.001, 0.02}));
        assertEquals("0", FigureFinish.decimalPattern(new double[] {0, 400}));
        assertEquals("0.00E0", FigureFinish.decimalPattern(new double[] {0, 3e7}));
    }

    @Test
    void aLogAxisLeavesOutWhatItCannotShow() {
        XYChart chart = Figures.styled("t", "w", "p");
        chart.addSeries("mass", new double[] {0, 1, 2}, new double[] {0.0, 1e-3, 0.5}, new double[] {0.0, 5e-3, 0.1});
        FigureFinish.logY(chart);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        XYSeries s = chart.getSeriesMap().get("mass");
        assertEquals(2, s.getYData().length, "the zero is left out");
        assertTrue(s.getExtraValues()[0] < s.getYData()[0], "a bar reaching below zero is cut");
        assertFalse(s.getExtraValues()[1] < 0.1);
    }

    /**
     * Several guidance families in one result: each series is drawn per family (not zigzagging across them), and the
     * frontier figures put one curve per family, ordered by strength, posterior against entropy lost and TV.
     */
    @Test
    void familiesGetTheirOwnSeriesAndFrontierCurves() {
        double[] w = {0, 2, 4, 1, 3};
        ObjectNode result = result(w, Map.of("posterior.mean", new double[][] {{0.5, 0.01}, {0.8, 0.01}, {0.9, 0.01},
                {0.6, 0.01}, {0.7, 0.01}}, "density.entropy", new double[][] {{1.4, 0.01}, {1.1, 0.01}, {0.9, 0.01},
                {1.3, 0.01}, {1.2, 0.01}}, "density.classLawEntropy", new double[][] {{1.4, 0}, {1.4, 0}, {1.4, 0},
                {1.4, 0}, {1.4, 0}}, "density.tvClassLaw", new double[][] {{0.01, 0.001}, {0.2, 0.001},
                {0.3, 0.001}, {0.05, 0.001}, {0.1, 0.001}}));
        var rows = result.withArray("results");
        for (int i = 0; i < w.length; i++) {
            ((ObjectNode) rows.get(i)).put("guidance", (i < 3 ? "cfg(w=" : "apg(w=") + w[i] + ", eta=0.0)");
            ((ObjectNode) rows.get(i)).put("strength", w[i]);
        }
        Map<String, XYChart> charts = Figures.charts(result);
        XYChart posterior = charts.get("posterior");
        assertTrue(posterior.getSeriesMap().containsKey("posterior.mean [cfg(w, eta=0.0)]")
                && posterior.getSeriesMap().containsKey("posterior.mean [apg(w, eta=0.0)]"), posterior.getSeriesMap()
                .keySet().toString());
        assertEquals(3, posterior.getSeriesMap().get("posterior.mean [cfg(w, eta=0.0)]").getXData().length);
        XYChart entropy = charts.get("frontier-entropy");
        XYSeries apg = entropy.getSeriesMap().get("apg(w, eta=0.0)");
        assertEquals(List.of(0.1, 0.2), List.of(round(apg.getXData()[0]), round(apg.getXData()[1])),
                "entropy lost, in order of strength");
        assertEquals(0.6, apg.getYData()[0], 0.0);
        assertEquals(0.3, charts.get("frontier-tv").getSeriesMap().get("cfg(w, eta=0.0)").getXData()[2], 0.0);
        assertFalse(Figures.charts(result(new double[] {1}, Map.of("posterior.mean", new double[][] {{0.5, 0.1}})))
                .containsKey("frontier-tv"), "no frontier from one row or without the histogram");
    }

    private static double round(Number x) {
        return Math.round(x.doubleValue() * 1e9) / 1e9;
    }

    /**
     * A sweep over words (samplers) compares methods: each estimate against the guidance strength, one line per
     * swept value, on the strengths' log axis; a numeric sweep keeps the swept field on x, one line per strength.
     */
    @Test
    void aSweepOverSamplersDrawsOneLinePerSamplerAgainstTheStrength() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode words = sweep(json, json.createArrayNode().add("ddpm").add("dpm-solver++2m"));
        Map<String, XYChart> charts = SweepFigures.charts(words);
        XYChart posterior = charts.get("sweep-posterior");
        assertEquals(List.of("ddpm", "dpm-solver++2m"),
                List.copyOf(posterior.getSeriesMap().keySet()));
        XYSeries ddpm = posterior.getSeriesMap().get("ddpm");
        assertEquals(List.of(1.0, 4.0, 16.0), java.util.Arrays.stream(ddpm.getXData()).boxed().toList());
        assertEquals(List.of(0.9, 0.95, 0.99), java.util.Arrays.stream(ddpm.getYData()).boxed().toList());
        assertTrue(posterior.getStyler().isXAxisLogarithmic(), "strengths 1 … 16: log axis");
        ObjectNode numbers = sweep(json, json.createArrayNode().add(8).add(16));
        XYChart byField = SweepFigures.charts(numbers).get("sweep-posterior");
        assertEquals(List.of("cfg(w=1.0)", "cfg(w=4.0)", "cfg(w=16.0)"), List.copyOf(byField.getSeriesMap().keySet()));
    }

    /** A sweep result: posterior.mean at three strengths for each of two swept values. */
    private static ObjectNode sweep(ObjectMapper json, com.fasterxml.jackson.databind.node.ArrayNode values) {
        ObjectNode r = json.createObjectNode();
        r.putObject("config").put("name", "s");
        r.putObject("sweep").put("field", values.get(0).isNumber() ? "sampler.steps" : "sampler.method")
                .set("values", values);
        var rows = r.putArray("results");
        double[] w = {1, 4, 16};
        double[] p = {0.9, 0.95, 0.99};
        for (int v = 0; v < values.size(); v++) {
            for (int k = 0; k < 3; k++) {
                ObjectNode row = rows.addObject();
                row.set("sweep", values.get(v));
                row.put("guidance", "cfg(w=" + w[k] + ")");
                row.put("strength", w[k]);
                ObjectNode e = row.putObject("estimates").putObject("posterior.mean");
                e.put("value", p[k] + 0.001 * v);
                e.put("stdError", 0.001);
            }
        }
        return r;
    }
}
