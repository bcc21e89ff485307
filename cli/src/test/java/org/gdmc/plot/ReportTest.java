package org.gdmc.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.gdmc.backend.CpuBackend;
import org.gdmc.config.StudyConfig;
import org.gdmc.study.ProgressListener;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.ResultSet;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PREFIX.html: every estimate in its table, every figure inline, nothing fetched from anywhere; and, where Debian's
 * Chromium is installed (bin/test installs it when it can), the page rendered headless: its script counts every figure
 * drawn, and its screenshot is not blank.
 */
class ReportTest {
    /** A small default study's result JSON, its figures and report staged into dir/r. */
    private static JsonNode report(Path dir) throws IOException {
        StudyConfig config = StudyConfig.defaultStudy(Map.of("particles", "8192", "sampler.steps", "20"));
        StudyResult r;
        try (CpuBackend cpu = new CpuBackend(1)) {
            r = new StudyRunner(cpu).run(config.toStudySpec(), ProgressListener.NONE);
        }
        JsonNode json = new ObjectMapper().valueToTree(ResultFiles.toJson(config.resolved(), r, 1));
        Path prefix = dir.resolve("r");
        try (ResultSet set = ResultSet.begin(prefix)) {
            List<Path> figures = Figures.draw(json, prefix, set);
            Report.stage(json, prefix, set, figures);
            set.commit();
        }
        return json;
    }

    private static int svgFigures(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".svg")).count();
        }
    }

    @Test
    void thePageHoldsEveryEstimateAndFigureAndNothingFromOutside(@TempDir Path dir) throws Exception {
        JsonNode json = report(dir);
        String html = Files.readString(dir.resolve("r.html"), StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<table id=\"table\">"));
        for (JsonNode row : json.path("results")) {
            row.path("estimates").fieldNames().forEachRemaining(n -> assertTrue(html.contains("<td>"
                    + Report.esc(n) + "</td>"), n));
            assertTrue(html.contains(Report.esc(row.path("guidance").asText())));
        }
        int figures = svgFigures(dir);
        assertTrue(figures >= 8, figures + " figures");
        assertEquals(figures, count(html, "<figure class=\"plot\""), "every figure inline");
        assertFalse(html.contains("<?xml"), "the SVGs' prologs are left out");
        assertTrue(html.contains(json.path("provenance").path("configSha256").asText()));
        for (String external : List.of("src=\"http", "href=\"http", "url(http", "<link", "@import", "<script src")) {
            assertFalse(html.contains(external), "nothing fetched: " + external);
        }
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", Report.esc("a <b> & \"c\""));
    }

    @Test
    void chromiumRendersEveryFigure(@TempDir Path dir) throws Exception {
        String browser = browser();
        if (browser == null) {
            System.out.println("ReportTest: SKIPPED the browser check: no chromium on PATH (bin/test installs "
                    + "Debian's chromium when it runs as root with apt-get)");
            Assumptions.abort("no chromium");
        }
        report(dir);
        int figures = svgFigures(dir);
        String page = dir.resolve("r.html").toUri().toString();
        String dom = run(dir, browser, "--virtual-time-budget=5000", "--dump-dom", page);
        Matcher m = Pattern.compile("figures (\\d+)/(\\d+)</title>").matcher(dom);
        assertTrue(m.find(), "the page's script ran: " + dom.substring(0, Math.min(300, dom.length())));
        assertEquals(figures, Integer.parseInt(m.group(2)), "every figure is in the page");
        assertEquals(figures, Integer.parseInt(m.group(1)), "every figure drew");
        Path shot = dir.resolve("shot.png");
        run(dir, browser, "--window-size=1300,2000", "--hide-scrollbars", "--screenshot=" + shot, page);
        var image = ImageIO.read(shot.toFile());
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        int inked = 0;
        int seen = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                inked += rgb != 0xffffff ? 1 : 0;
                seen++;
            }
        }
        assertTrue(colours.size() > 30 && inked > seen / 20, colours.size() + " colours, " + inked + " of " + seen
                + " pixels inked: the page rendered");
    }

    /** chromium's headless run of the arguments; returns its standard output. */
    private static String run(Path dir, String browser, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(browser, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "chromium finished in 3 minutes");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        return Files.readString(out);
    }

    private static String browser() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
