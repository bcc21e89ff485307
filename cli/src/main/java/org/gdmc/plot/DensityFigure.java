package org.gdmc.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;

import org.gdmc.study.ResultSet;

/**
 * The picture of a 2-D study's output: PREFIX.density.png and .svg, heat maps of the output density at up to
 * {@value #COLUMNS} guidance values (spread evenly over the rows, ends included) from the histogram the study reduced
 * (the result's {@code density} per row: no particle comes back for it), the tilted law q_w's density at the same w
 * below each, and the class law's beside them, all on one colour scale (viridis, linear in density, from 0 to the laws'
 * largest density or the sampled panels' 99.5th percentile of occupied cells, whichever is higher) with the support's
 * boxes outlined. The densities are per unit area: a cell's count over
 * N times its area, a law's cell mass over its area. In the SVG each panel's cells are one embedded PNG of a pixel per
 * cell, drawn without smoothing (thousands of rectangles would make the file, and the HTML report that inlines it,
 * megabytes long); titles, outlines and the colour bar stay vector.
 */
final class DensityFigure {
    /** Guidance values drawn, at most. */
    static final int COLUMNS = 5;
    private static final int PANEL = 220;
    private static final int GAP = 18;
    private static final int TITLE = 24;
    /** Space above the panels, per line of the title. */
    private static final int TITLE_LINE = 20;
    private static final int BAR = 14;
    /** Viridis at nine evenly spaced points (matplotlib's), interpolated linearly between them. */
    private static final int[] VIRIDIS = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962,
        0xaddc30, 0xfde725};

    private DensityFigure() {
    }

    /** One panel: its title and the density of each cell (axis 0 fastest), or null when the law is not known. */
    private record Panel(String title, double[] density) {
    }

    /**
     * Whether the result carries density maps (2-D continuous studies) with something measured in them: a result in
     * which every particle diverged (its density estimates have no value) draws none.
     */
    static boolean present(JsonNode result) {
        JsonNode rows = result.path("results");
        for (JsonNode row : rows) {
            JsonNode e = row.path("estimates");
            if (row.has("density") && (e.path("density.outsideGrid").path("value").isNumber()
                    || e.path("plane.outsideGrid").path("value").isNumber())) {
                return true;
            }
        }
        return false;
    }

    /** Stages PREFIX.density.png and .svg; returns their paths (none when the result has no density maps). */
    static List<Path> draw(JsonNode result, Path prefix, ResultSet set) throws IOException {
        return draw(result, prefix, set, "class law p0(x|c), projected");
    }

    /**
     * As above, the class law's panel titled {@code projectedClassLaw} when it is a projection (as where it is drawn
     * from exact draws, not integrated). Only rows with a guidance weight are output columns (a large-mixture study's
     * first row, its exact class-law draws, is the class law's panel).
     */
    static List<Path> draw(JsonNode result, Path prefix, ResultSet set, String projectedClassLaw) throws IOException {
        if (!present(result)) {
            return List.of();
        }
        List<JsonNode> guided = new ArrayList<>();
        for (JsonNode row : result.path("results")) {
            if (Double.isFinite(Figures.number(row.path("w"))) && row.has("density")) {
                guided.add(row);
            }
        }
        if (guided.isEmpty()) {
            return List.of();
        }
        List<JsonNode> rows = guided;
        JsonNode first = result.path("results").get(0).path("density");
        int nx = first.path("cells").get(0).asInt();
        int ny = first.path("cells").get(1).asInt();
        double area = first.path("width").get(0).asDouble() * first.path("width").get(1).asDouble();
        int n = rows.size();
        int columns = Math.min(COLUMNS, n);
        List<Panel> top = new ArrayList<>();
        List<Panel> bottom = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            int r = columns == 1 ? 0 : (int) Math.round(i * (n - 1.0) / (columns - 1));
            JsonNode row = rows.get(r);
            JsonNode d = row.path("density");
            String w = Figures.number(row.path("w")) == Math.rint(Figures.number(row.path("w")))
                    ? String.format(Locale.ROOT, "%.0f", Figures.number(row.path("w")))
                    : String.format(Locale.ROOT, "%.3g", Figures.number(row.path("w")));
            top.add(new Panel("output, " + row.path("guidance").asText(), sampled(d, area)));
            bottom.add(new Panel("tilted law q_w, w=" + w, law(d.path("tiltedLaw"), area)));
        }
        boolean plane = first.has("basis");
        Panel classLaw = new Panel(plane ? projectedClassLaw : "class law p0(x|c)",
                law(first.path("classLaw"), area));
        // the scale's top: the laws' largest density, or the sampled panels' 99.5th percentile of occupied cells if
        // higher (a few cells' sampling noise must not darken every panel; cells above it show the top colour)
        double max = 0.0;
        for (List<Panel> line : List.of(bottom, List.of(classLaw))) {
            for (Panel p : line) {
                for (int k = 0; p.density() != null && k < p.density().length; k++) {
                    max = Math.max(max, p.density()[k]);
                }
            }
        }
        for (Panel p : top) {
            double[] occupied = java.util.Arrays.stream(p.density()).filter(v -> v > 0).sorted().toArray();
            if (occupied.length > 0) {
                max = Math.max(max, occupied[(int) Math.floor(0.995 * (occupied.length - 1))]);
            }
        }
        String study = result.path("config").path("name").asText("study");
        // no row of blank panels where no tilted law is known (a projection's): the output row alone
        boolean tiltedKnown = bottom.stream().anyMatch(p -> p.density() != null);
        String title = plane
                ? study + ": output projected onto the class means' plane (u1 toward the class), class law's "
                        + "projection right (q_w's is not computed beyond 2-D); one linear colour scale"
                : study + ": output density (top) and the tilted law at the same w (bottom), class law right; "
                        + "one linear colour scale";
        Layout layout = new Layout(first, nx, ny, columns, max, tiltedKnown ? 2 : 1, title);
        BufferedImage png = layout.png(title, top, bottom, classLaw);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(png, "png", bytes);
        Path base = prefix.resolveSibling(prefix.getFileName() + ".density");
        return List.of(set.add(Path.of(base + ".png"), bytes.toByteArray()),
                set.add(Path.of(base + ".svg"), layout.svg(title, top, bottom, classLaw)));
    }

    /** count_k / (N · area) over the particles counted (on the grid and off it). */
    private static double[] sampled(JsonNode d, double area) {
        JsonNode counts = d.path("counts");
        long total = d.path("outside").asLong();
        for (JsonNode c : counts) {
            total += c.asLong();
        }
        double[] out = new double[counts.size()];
        for (int k = 0; k < out.length && total > 0; k++) {
            out[k] = counts.get(k).asLong() / (total * area);
        }
        return out;
    }

    /** mass_k / area, or null when the law is absent. */
    private static double[] law(JsonNode masses, double area) {
        if (!masses.isArray()) {
            return null;
        }
        double[] out = new double[masses.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = masses.get(k).asDouble() / area;
        }
        return out;
    }

    /** The colour of v on [0, max]. */
    static Color colour(double v, double max) {
        double t = max > 0 ? Math.max(0.0, Math.min(1.0, v / max)) : 0.0;
        double x = t * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(x));
        double f = x - i;
        int a = VIRIDIS[i];
        int b = VIRIDIS[i + 1];
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - f) + ((b >> 16) & 0xff) * f);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - f) + ((b >> 8) & 0xff) * f);
        int bl = (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
        return new Color(r, g, bl);
    }

    /** Where every panel goes, and the drawing of both formats from the same geometry. */
    private static final class Layout {
        final double[] lo = new double[2];
        final double[] hi = new double[2];
        final int nx;
        final int ny;
        final int columns;
        final double max;
        final List<double[]> boxes = new ArrayList<>();
        final String[] axes = {"x0", "x1"};
        final int width;
        final int height;

        /** Rows of panels: the output's, and the tilted law's where known. */
        final int lines;

        /** The title's lines, broken to the figure's width. */
        final List<String> heading;
        final int header;

        Layout(JsonNode d, int nx, int ny, int columns, double max, int lines, String title) {
            for (int j = 0; j < 2; j++) {
                lo[j] = d.path("lo").get(j).asDouble();
                hi[j] = lo[j] + d.path("width").get(j).asDouble() * d.path("cells").get(j).asInt();
            }
            for (int j = 0; j < 2 && d.path("axes").size() == 2; j++) {
                axes[j] = d.path("axes").get(j).asText();
            }
            for (JsonNode b : d.path("boxes")) {
                boxes.add(new double[] {b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(),
                    b.get(3).asDouble()});
            }
            this.nx = nx;
            this.ny = ny;
            this.columns = columns;
            this.max = max;
            this.width = GAP + (columns + 1) * (PANEL + GAP) + 40;
            this.heading = PanelGrid.wrap(title, width - 2 * GAP);
            this.lines = lines;
            this.header = 24 + TITLE_LINE * heading.size();
            this.height = header + lines * (TITLE + PANEL + GAP) + 12 + (lines == 1 ? 56 : 0);
        }

        /** The colour bar's top: beside the tilted laws' row, or under the class law's panel and its axis labels. */
        int barTop() {
            return lines == 2 ? y0(1) + PANEL / 2 - BAR : y0(0) + PANEL + 44;
        }

        int x0(int column) {
            return GAP + column * (PANEL + GAP);
        }

        int y0(int line) {
            return header + line * (TITLE + PANEL + GAP) + TITLE;
        }

        /** The panel's pixel x of a coordinate. */
        double px(int column, double x) {
            return x0(column) + (x - lo[0]) / (hi[0] - lo[0]) * PANEL;
        }

        double py(int line, double y) {
            return y0(line) + PANEL - (y - lo[1]) / (hi[1] - lo[1]) * PANEL;
        }

        BufferedImage png(String title, List<Panel> top, List<Panel> bottom, Panel classLaw) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            for (int k = 0; k < heading.size(); k++) {
                g.drawString(heading.get(k), GAP, 28 + TITLE_LINE * k);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i < top.size(); i++) {
                panel(g, i, 0, top.get(i));
                if (lines == 2) {
                    panel(g, i, 1, bottom.get(i));
                }
            }
            panel(g, columns, 0, classLaw);
            int bx = x0(columns);
            int by = barTop();
            for (int x = 0; x < PANEL; x++) {
                g.setColor(colour(max * x / (PANEL - 1.0), max));
                g.fillRect(bx + x, by, 1, BAR);
            }
            g.setColor(Color.BLACK);
            g.drawRect(bx, by, PANEL, BAR);
            g.drawString("0", bx, by + BAR + 14);
            String top2 = String.format(Locale.ROOT, "%.3g", max);
            g.drawString(top2, bx + PANEL - g.getFontMetrics().stringWidth(top2), by + BAR + 14);
            g.drawString("density per unit area", bx, by - 6);
            g.dispose();
            return img;
        }

        private void panel(Graphics2D g, int column, int line, Panel p) {
            int x0 = x0(column);
            int y0 = y0(line);
            g.setColor(Color.BLACK);
            g.drawString(fitText(g, p.title(), PANEL), x0, y0 - 6);
            if (p.density() == null) {
                g.setColor(new Color(235, 235, 235));
                g.fillRect(x0, y0, PANEL, PANEL);
                g.setColor(Color.DARK_GRAY);
                g.drawString("not computed", x0 + 70, y0 + PANEL / 2);
                return;
            }
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int xa = x0 + i * PANEL / nx;
                    int xb = x0 + (i + 1) * PANEL / nx;
                    int ya = y0 + PANEL - (j + 1) * PANEL / ny;
                    int yb = y0 + PANEL - j * PANEL / ny;
                    g.setColor(colour(p.density()[i + j * nx], max));
                    g.fillRect(xa, ya, xb - xa, yb - ya);
                }
            }
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1.2f));
            for (double[] b : boxes) {
                int xa = (int) Math.round(px(column, b[0]));
                int xb = (int) Math.round(px(column, b[2]));
                int ya = (int) Math.round(py(line, b[3]));
                int yb = (int) Math.round(py(line, b[1]));
                g.drawRect(xa, ya, xb - xa, yb - ya);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(x0, y0, PANEL, PANEL);
            if (line == lines - 1 || column == columns) {
                String a = String.format(Locale.ROOT, "%s: %.3g", axes[0], lo[0]);
                String b = String.format(Locale.ROOT, "%.3g", hi[0]);
                g.drawString(a, x0, y0 + PANEL + 13);
                g.drawString(b, x0 + PANEL - g.getFontMetrics().stringWidth(b), y0 + PANEL + 13);
            }
            if (column == 0) {
                java.awt.geom.AffineTransform saved = g.getTransform();
                g.rotate(-Math.PI / 2);
                String a = String.format(Locale.ROOT, "%s: %.3g", axes[1], lo[1]);
                String b = String.format(Locale.ROOT, "%.3g", hi[1]);
                g.drawString(a, -(y0 + PANEL), x0 - 3);
                g.drawString(b, -(y0 + g.getFontMetrics().stringWidth(b)), x0 - 3);
                g.setTransform(saved);
            }
        }

        byte[] svg(String title, List<Panel> top, List<Panel> bottom, Panel classLaw) {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", width, height, width, height));
            s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
            for (int k = 0; k < heading.size(); k++) {
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">"
                        + "%s</text>%n", GAP, 28 + TITLE_LINE * k, escape(heading.get(k))));
            }
            for (int i = 0; i < top.size(); i++) {
                svgPanel(s, i, 0, top.get(i));
                if (lines == 2) {
                    svgPanel(s, i, 1, bottom.get(i));
                }
            }
            svgPanel(s, columns, 0, classLaw);
            int bx = x0(columns);
            int by = barTop();
            for (int x = 0; x < PANEL; x += 2) {
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"2\" height=\"%d\" fill=\"%s\"/>%n",
                        bx + x, by, BAR, hex(colour(max * x / (PANEL - 1.0), max))));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">density per unit area: 0 to "
                    + "%.3g</text>%n", bx, by - 6, max));
            s.append("</svg>\n");
            return s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        private void svgPanel(StringBuilder s, int column, int line, Panel p) {
            int x0 = x0(column);
            int y0 = y0(line);
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", x0, y0 - 6,
                    escape(p.title())));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                    x0, y0, PANEL, PANEL, p.density() == null ? "#ebebeb" : hex(colour(0, max))));
            if (p.density() == null) {
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">not computed</text>%n",
                        x0 + 70, y0 + PANEL / 2));
                return;
            }
            // the cells as one embedded image of nx × ny pixels, drawn without smoothing; the rest stays vector
            BufferedImage cells = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    cells.setRGB(i, ny - 1 - j, colour(p.density()[i + j * nx], max).getRGB());
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                ImageIO.write(cells, "png", bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            s.append(String.format(Locale.ROOT, "<image x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                    + "preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" "
                    + "href=\"data:image/png;base64,%s\"/>%n", x0, y0, PANEL, PANEL,
                    java.util.Base64.getEncoder().encodeToString(bytes.toByteArray())));
            for (double[] b : boxes) {
                s.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                        + "fill=\"none\" stroke=\"white\" stroke-width=\"1.2\"/>%n", px(column, b[0]), py(line, b[3]),
                        px(column, b[2]) - px(column, b[0]), py(line, b[1]) - py(line, b[3])));
            }
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    + "stroke=\"black\"/>%n", x0, y0, PANEL, PANEL));
            if (line == lines - 1 || column == columns) {
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s: %.3g</text>%n"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.3g</text>%n", x0,
                        y0 + PANEL + 13, axes[0], lo[0], x0 + PANEL, y0 + PANEL + 13, hi[0]));
            }
            if (column == 0) {
                s.append(String.format(Locale.ROOT, "<text font-size=\"11\" transform=\"translate(%d %d) rotate(-90)\">"
                        + "%s: %.3g</text>%n<text font-size=\"11\" text-anchor=\"end\" transform=\"translate(%d %d) "
                        + "rotate(-90)\">%.3g</text>%n", x0 - 3, y0 + PANEL, axes[1], lo[1], x0 - 3, y0, hi[1]));
            }
        }
    }

    /** The text cut with an ellipsis to fit the width in the current font. */
    private static String fitText(Graphics2D g, String text, int width) {
        FontMetrics m = g.getFontMetrics();
        if (m.stringWidth(text) <= width) {
            return text;
        }
        String t = text;
        while (t.length() > 1 && m.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
