package org.gdmc.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;

/**
 * The points of a series whose standard error the result file flags as not trustworthy ({@code reliability.reliable}
 * false: a heavy tail, or an error bar uncertain by more than 25%): they leave the series' bars and are drawn again as
 * hollow circles with dashed bars, in a companion series whose legend says why.
 */
final class UnreliablePoints {
    /** The legend suffix of the companion series. */
    static final String SUFFIX = " (hollow: s.e. not trustworthy)";

    private final List<Double> xs = new ArrayList<>();
    private final List<Double> ys = new ArrayList<>();
    private final List<Double> es = new ArrayList<>();

    /** Whether an estimate's node says its standard error is not to be trusted. */
    static boolean flagged(JsonNode estimate) {
        return !estimate.path("reliability").path("reliable").asBoolean(true);
    }

    /**
     * Takes the point (x, y, bar) when the estimate is flagged and returns the bar its own series keeps: 0 for a
     * flagged point, the bar otherwise.
     */
    double take(JsonNode estimate, double x, double y, double bar) {
        if (!flagged(estimate)) {
            return bar;
        }
        xs.add(x);
        ys.add(y);
        es.add(bar);
        return 0.0;
    }

    /** Adds the companion series of the points taken, if any, in the series' colour. */
    void draw(XYChart chart, String legend, Color colour) {
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(legend + SUFFIX, xs, ys, es);
        s.setLineStyle(SeriesLines.NONE);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setMarker(new HollowCircle());
    }

    /** A circle outline: the point is there, its bar is not to be believed. */
    static final class HollowCircle extends Marker {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            var stroke = g.getStroke();
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {3f, 3f}, 0f));
            double r = size / 2.0 + 1.5;
            g.draw(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            g.setStroke(stroke);
        }
    }
}
