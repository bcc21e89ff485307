package org.gdmc.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What every figure gets before it is written, whatever drew it: series that coincide exactly are drawn once, with a
 * legend naming them all ("a = b"); a title too long for the figure is set smaller until it fits; the y axis's tick
 * labels all carry the same number of decimals, enough for its tick spacing; and a logarithmic y axis, where asked,
 * leaves out the points it cannot show.
 */
final class FigureFinish {
    /** Smallest title font, in points: below it a title is cut rather than shrunk further. */
    private static final int SMALLEST_TITLE = 11;

    private FigureFinish() {
    }

    static void finish(XYChart chart) {
        mergeCoinciding(chart);
        labelConstants(chart);
        shortenLegend(chart);
        fitTitle(chart);
        if (!chart.getStyler().isYAxisLogarithmic()) {
            double[] range = yRange(chart);
            double centre = 0.5 * (range[0] + range[1]);
            if (Double.isFinite(centre) && equal(range[0], range[1])) {
                // a flat figure: an axis around its value (XChart would span the last bits and label no tick)
                double pad = centre != 0.0 ? 0.05 * Math.abs(centre) : 1.0;
                range = new double[] {centre - pad, centre + pad};
                chart.getStyler().setYAxisMin(range[0]);
                chart.getStyler().setYAxisMax(range[1]);
            }
            chart.getStyler().setYAxisDecimalPattern(decimalPattern(range));
        }
    }

    /** The widest legend entry, as a share of the figure's width: a wider one is cut with an ellipsis. */
    static final double LEGEND_SHARE = 0.36;

    /**
     * Legend entries wider than {@value #LEGEND_SHARE} of the figure (a guidance family's full description, an
     * estimate under it) are cut in the middle with an ellipsis, keeping their start and end (and distinct): a legend
     * at the right as wide as the figure leaves the plot no room at all.
     */
    static void shortenLegend(XYChart chart) {
        if (!chart.getStyler().isLegendVisible()) {
            return;
        }
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            FontMetrics m = g.getFontMetrics(chart.getStyler().getLegendFont());
            int room = (int) (LEGEND_SHARE * chart.getWidth());
            List<XYSeries> all = new ArrayList<>(chart.getSeriesMap().values());
            if (all.stream().allMatch(s -> m.stringWidth(s.getName()) <= room)) {
                return;
            }
            java.util.Set<String> used = new java.util.HashSet<>();
            for (XYSeries s : all) {
                chart.removeSeries(s.getName());
            }
            for (XYSeries s : all) {
                String name = s.getName();
                if (m.stringWidth(name) > room) {
                    // cut in the middle: the start names the estimate or family, the end what distinguishes it
                    // ("(noise floor)", "[power-law(w, a=0.5)]")
                    String full = name;
                    int keep = full.length();
                    do {
                        keep--;
                        int tail = keep / 3;
                        name = full.substring(0, keep - tail) + "…" + full.substring(full.length() - tail);
                    } while (keep > 2 && m.stringWidth(name) > room);
                }
                String unique = name;
                for (int k = 2; !used.add(unique); k++) {
                    unique = name + " (" + k + ")";
                }
                readd(chart, s, unique);
            }
        } finally {
            g.dispose();
        }
    }

    /** Adds series s (already removed) back under a new name, with its points, bars, line and markers. */
    private static void readd(XYChart chart, XYSeries s, String name) {
        XYSeries copy = s.getExtraValues() == null
                ? chart.addSeries(name, s.getXData(), s.getYData())
                : chart.addSeries(name, s.getXData(), s.getYData(), s.getExtraValues());
        copy.setLineColor(s.getLineColor());
        copy.setLineStyle(s.getLineStyle());
        copy.setMarker(s.getMarker() == null ? SeriesMarkers.NONE : s.getMarker());
        copy.setMarkerColor(s.getMarkerColor() == null ? (Color) s.getLineColor() : s.getMarkerColor());
    }

    /** Whether two values differ by rounding only: by at most 10⁻¹² of the larger (exactly, at 0). */
    static boolean equal(double a, double b) {
        return a == b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
    }

    private static boolean equal(double[] a, double[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!equal(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Draws the chart's y axis on a logarithmic scale (for probabilities spanning decades): points at or below 0 are
     * left out (a log axis cannot show them) and error bars are cut at a tenth of their point.
     */
    static void logY(XYChart chart) {
        List<XYSeries> all = new ArrayList<>(chart.getSeriesMap().values());
        boolean any = false;
        for (XYSeries s : all) {
            for (double y : s.getYData()) {
                any |= y > 0;
            }
        }
        if (!any) {
            return;
        }
        for (XYSeries s : all) {
            double[] x = s.getXData();
            double[] y = s.getYData();
            double[] e = s.getExtraValues();
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] > 0) {
                    keep.add(i);
                }
            }
            double[] kx = new double[keep.size()];
            double[] ky = new double[keep.size()];
            double[] ke = e == null ? null : new double[keep.size()];
            for (int j = 0; j < keep.size(); j++) {
                int i = keep.get(j);
                kx[j] = x[i];
                ky[j] = y[i];
                if (ke != null) {
                    ke[j] = Math.min(e[i], 0.9 * y[i]);
                }
            }
            if (keep.isEmpty()) {
                chart.removeSeries(s.getName());
            } else {
                chart.updateXYSeries(s.getName(), kx, ky, ke);
            }
        }
        chart.getStyler().setYAxisLogarithmic(true);
    }

    /**
     * Series with exactly the same points (and bars) are drawn once: the first keeps its style and takes a legend
     * naming every one of them, so no line hides another unseen.
     */
    static void mergeCoinciding(XYChart chart) {
        List<XYSeries> all = new ArrayList<>(chart.getSeriesMap().values());
        boolean[] merged = new boolean[all.size()];
        boolean any = false;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            StringBuilder name = new StringBuilder(all.get(i).getName());
            for (int j = i + 1; j < all.size(); j++) {
                if (!merged[i] && !merged[j] && same(all.get(i), all.get(j))) {
                    merged[j] = true;
                    any = true;
                    name.append(" = ").append(all.get(j).getName());
                }
            }
            names.add(name.toString());
        }
        if (!any) {
            return;
        }
        for (XYSeries s : all) {
            chart.removeSeries(s.getName());
        }
        for (int i = 0; i < all.size(); i++) {
            if (merged[i]) {
                continue;
            }
            XYSeries s = all.get(i);
            readd(chart, s, names.get(i));
        }
    }

    /** The same points and bars, to rounding ({@link #equal}). */
    private static boolean same(XYSeries a, XYSeries b) {
        return Arrays.equals(a.getXData(), b.getXData()) && equal(a.getYData(), b.getYData())
                && equal(a.getExtraValues(), b.getExtraValues());
    }

    /**
     * Shrinks the title's font until the title fits above the plot (down to {@link #SMALLEST_TITLE} points): XChart
     * centres it over the plot area, which is the figure's width less the legend at its right and the y axis.
     */
    static void fitTitle(XYChart chart) {
        String title = chart.getTitle();
        Font font = chart.getStyler().getChartTitleFont();
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            int legend = 0;
            FontMetrics lm = g.getFontMetrics(chart.getStyler().getLegendFont());
            for (String name : chart.getSeriesMap().keySet()) {
                legend = Math.max(legend, lm.stringWidth(name) + 70);
            }
            int room = chart.getWidth() - legend - 2 * chart.getStyler().getChartPadding() - 90;
            while (font.getSize() > SMALLEST_TITLE) {
                FontMetrics m = g.getFontMetrics(font);
                if (m.stringWidth(title) <= room) {
                    break;
                }
                font = font.deriveFont((float) (font.getSize() - 1));
            }
            // still too wide at the smallest size: end it with an ellipsis (a centred title wider than the chart
            // would lose both its ends, the study's name first)
            FontMetrics m = g.getFontMetrics(font);
            if (m.stringWidth(title) > room) {
                String cut = title;
                while (cut.length() > 1 && m.stringWidth(cut + "…") > room) {
                    cut = cut.substring(0, cut.length() - 1);
                }
                chart.setTitle(cut + "…");
            }
        } finally {
            g.dispose();
        }
        chart.getStyler().setChartTitleFont(font);
    }

    /**
     * Where every series is constant in w, each series' legend entry gives its value ("name = v") and the title says
     * so: the figure then shows no trend, and its numbers are where a reader looks first. Returns whether it did.
     */
    static boolean labelConstants(XYChart chart) {
        if (constantSeries(chart).isEmpty() || chart.getTitle().contains("constant in w")) {
            return false;
        }
        for (XYSeries s : new ArrayList<>(chart.getSeriesMap().values())) {
            chart.removeSeries(s.getName());
            String name = s.getName() + " = " + String.format(Locale.ROOT, "%.6g", s.getYData()[0]);
            readd(chart, s, name);
        }
        chart.setTitle(chart.getTitle() + "; constant in w (values in the legend)");
        return true;
    }

    /** The y data's range, bars included: {min, max}. */
    private static double[] yRange(XYChart chart) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            double[] y = s.getYData();
            double[] e = s.getExtraValues();
            for (int i = 0; i < y.length; i++) {
                double bar = e == null ? 0.0 : e[i];
                lo = Math.min(lo, y[i] - bar);
                hi = Math.max(hi, y[i] + bar);
            }
        }
        return new double[] {lo, hi};
    }

    /**
     * A fixed number of decimals for every tick label of an axis over [lo, hi]: enough for a tick spacing of a fifth
     * of the span, one more for spacings of 2.5·10^k; scientific notation beyond 10^6 or below 10^-4.
     */
    static String decimalPattern(double[] range) {
        double lo = range[0];
        double hi = range[1];
        double largest = Math.max(Math.abs(lo), Math.abs(hi));
        if (!Double.isFinite(largest) || largest == 0.0) {
            return "0.0";
        }
        double span = hi - lo;
        if (largest >= 1e6 || largest < 1e-4 || (span > 0 && span < largest * 1e-6)) {
            return "0.00E0";
        }
        double step = span > 0 ? span / 5 : largest / 5;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step)) + 1);
        return decimals == 0 ? "0" : "0." + "0".repeat(Math.min(decimals, 8));
    }

    /** "name = value" of each series whose points are all equal, when every series is so; else "". */
    static String constantSeries(XYChart chart) {
        List<String> out = new ArrayList<>();
        int points = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            double[] y = s.getYData();
            points = Math.max(points, y.length);
            for (double v : y) {
                if (!equal(v, y[0])) {
                    return "";
                }
            }
            out.add(s.getName() + " = " + String.format(Locale.ROOT, "%.6g", y[0]));
        }
        return points < 2 ? "" : String.join(", ", out);
    }
}
