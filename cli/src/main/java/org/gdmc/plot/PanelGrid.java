package org.gdmc.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.gdmc.study.ResultSet;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;

/**
 * Small multiples: charts of one size laid out in a grid, row by row, under one title, staged as BASE.png and
 * BASE.svg (the SVG nests each chart's own SVG at its corner, so the panels stay vector).
 */
final class PanelGrid {
    private static final int LINE = 20;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private PanelGrid() {
    }

    /** Stages the grid of charts, {@code columns} per row, each panelWidth × panelHeight; returns the two paths. */
    static List<Path> stage(String title, List<XYChart> charts, int columns, int panelWidth, int panelHeight,
                            Path base, ResultSet set) throws IOException {
        return stage(title, charts, columns, panelWidth, panelHeight, base, set, false);
    }

    /**
     * As above; with {@code raster}, each panel of the SVG is its PNG embedded as an image (for panels of hundreds of
     * lines, whose vector form would make the SVG, and the report that inlines it, tens of megabytes), the title
     * staying text.
     */
    static List<Path> stage(String title, List<XYChart> charts, int columns, int panelWidth, int panelHeight,
                            Path base, ResultSet set, boolean raster) throws IOException {
        int lines = (charts.size() + columns - 1) / columns;
        int width = columns * panelWidth;
        List<String> heading = wrap(title, width - 24);
        int top = 12 + LINE * heading.size();
        int height = top + lines * panelHeight;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>"
                + "%n", width, height, width, height, width, height));
        for (int k = 0; k < heading.size(); k++) {
            g.drawString(heading.get(k), 12, 24 + LINE * k);
            svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-family=\"sans-serif\" "
                    + "font-size=\"15\" font-weight=\"bold\">%s</text>%n", 24 + LINE * k,
                    Report.esc(heading.get(k))));
        }
        for (int i = 0; i < charts.size(); i++) {
            int x = (i % columns) * panelWidth;
            int y = top + (i / columns) * panelHeight;
            FigureFinish.finish(charts.get(i));
            Graphics2D panel = (Graphics2D) g.create(x, y, panelWidth, panelHeight);
            charts.get(i).paint(panel, panelWidth, panelHeight);
            panel.dispose();
            if (raster) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageIO.write(img.getSubimage(x, y, panelWidth, panelHeight), "png", bytes);
                svg.append(String.format(Locale.ROOT, "<image x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                        + "href=\"data:image/png;base64,%s\"/>%n", x, y, panelWidth, panelHeight,
                        java.util.Base64.getEncoder().encodeToString(bytes.toByteArray())));
                continue;
            }
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(charts.get(i), one, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            String inner = Report.inline(one.toString(StandardCharsets.UTF_8));
            // a nested <svg> placed at the panel's corner: its own x and y (if any) give way to the panel's
            int close = inner.indexOf('>');
            String root = inner.substring(0, close).replaceAll("\\s(x|y)=\"[^\"]*\"", "");
            svg.append(root.replaceFirst("<svg", String.format(Locale.ROOT, "<svg x=\"%d\" y=\"%d\"", x, y)))
                    .append(inner.substring(close)).append('\n');
        }
        g.dispose();
        svg.append("</svg>\n");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        return List.of(set.add(Path.of(base + ".png"), png.toByteArray()),
                set.add(Path.of(base + ".svg"), svg.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The title in lines no wider than {@code width} pixels in the title font, broken at spaces. */
    static List<String> wrap(String title, int width) {
        java.awt.FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
                .getFontMetrics(TITLE_FONT);
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : title.split(" ")) {
            String tried = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && metrics.stringWidth(tried) > width) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(tried);
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
