package org.gdmc.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.gdmc.study.ResultSet;

/**
 * PREFIX.html: one self-contained page per result (run, merge, sweep), made from the result JSON and the figures just
 * staged beside it: the study's name and settings, its provenance and configuration hash, a table of every estimate
 * (value ± standard error per guidance value, sortable and filterable, reliability flags and notes shown, the exact
 * references marked as such beside the estimates they go with) and every figure inline as SVG. No network font,
 * script or image: the page opens offline, as a file. The page is hand-written (a few loops over the JSON, every text
 * escaped) rather than templated: one page with no template logic does not repay a template engine's dependency.
 *
 * <p>When the page has loaded, a small script checks that every inline figure has drawn (a non-empty bounding box)
 * and writes the count into the title ("… — figures 12/12"), which a headless browser's DOM dump can read.
 */
public final class Report {
    private Report() {
    }

    /** Stages PREFIX.html from the result and the figures staged in the set (their .svg files); returns its path. */
    public static Path stage(JsonNode result, Path prefix, ResultSet set, List<Path> figures) throws IOException {
        List<String[]> svgs = new ArrayList<>();
        for (Path f : figures) {
            String name = f.getFileName().toString();
            if (name.endsWith(".svg")) {
                String stem = name.substring(prefix.getFileName().toString().length() + 1, name.length() - 4);
                svgs.add(new String[] {stem, inline(new String(set.staged(f), StandardCharsets.UTF_8))});
            }
        }
        return set.add(Path.of(prefix + ".html"), html(result, svgs));
    }

    /** The page of a result with its figures, each {stem, inline SVG}. */
    static String html(JsonNode result, List<String[]> figures) {
        String name = result.path("config").path("name").asText("study");
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(name)).append(" — gdmc report</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n")
                .append("<body>\n<h1>").append(esc(name)).append("</h1>\n");
        h.append("<p class=\"lead\">").append(esc(summaryLine(result))).append("</p>\n");
        warnings(h, result);
        h.append("<nav><a href=\"#estimates\">Estimates</a> · <a href=\"#figures\">Figures</a> · "
                + "<a href=\"#provenance\">Provenance</a> · <a href=\"#config\">Configuration</a></nav>\n");
        estimates(h, result);
        h.append("<h2 id=\"figures\">Figures</h2>\n");
        if (figures.isEmpty()) {
            h.append("<p>No figure was drawn with this result (--no-plots, or nothing to plot); "
                    + "<code>gdmc report RESULT.json</code> draws them and this page again.</p>\n");
        }
        for (String[] f : figures) {
            h.append("<figure class=\"plot\" id=\"figure-").append(esc(f[0])).append("\">").append(f[1])
                    .append("<figcaption>").append(esc(f[0])).append("</figcaption></figure>\n");
        }
        provenance(h, result);
        h.append("<h2 id=\"config\">Configuration</h2>\n<p>The resolved study (every default filled in); its "
                + "SHA-256 is <code>").append(esc(result.path("provenance").path("configSha256").asText("?")))
                .append("</code>.</p>\n<pre>");
        try {
            h.append(esc(new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(result.path("config"))));
        } catch (IOException e) {
            h.append(esc(result.path("config").toString()));
        }
        h.append("</pre>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    /** "sampler, steps, N particles, seed; backend, device; wall time". */
    private static String summaryLine(JsonNode r) {
        JsonNode c = r.path("config");
        JsonNode s = c.path("sampler");
        StringBuilder b = new StringBuilder();
        if (s.isObject()) {
            b.append(s.path("method").asText("?")).append(", ").append(s.path("steps").asText("?")).append(" steps, ");
        }
        if (c.has("particles")) {
            b.append(String.format(Locale.ROOT, "%,d particles, ", c.path("particles").asLong()));
        }
        b.append("seed ").append(r.path("provenance").path("seed").asText("?")).append("; ")
                .append(r.path("provenance").path("backend").asText("?")).append(" (")
                .append(r.path("provenance").path("device").asText("?")).append(")");
        if (r.path("timing").has("wallSeconds")) {
            b.append(String.format(Locale.ROOT, "; %.1f s", r.path("timing").path("wallSeconds").asDouble()));
        }
        return b.toString();
    }

    private static void warnings(StringBuilder h, JsonNode r) {
        int nonFinite = r.path("nonFiniteEstimates").asInt(0);
        int unreliable = r.path("unreliableEstimates").asInt(0);
        if (nonFinite > 0 || unreliable > 0) {
            h.append("<p class=\"warn\">");
            if (unreliable > 0) {
                h.append(unreliable).append(" standard error").append(unreliable == 1 ? " is" : "s are")
                        .append(" not trustworthy (marked !, with the reason on hover). ");
            }
            if (nonFinite > 0) {
                h.append(nonFinite).append(" estimate").append(nonFinite == 1 ? " is" : "s are")
                        .append(" not finite (their notes say why).");
            }
            h.append("</p>\n");
        }
    }

    /** The table: one row per estimate name (in the result's order), one column per row of the result. */
    private static void estimates(StringBuilder h, JsonNode r) {
        JsonNode rows = r.path("results");
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            row.path("estimates").fieldNames().forEachRemaining(names::add);
        }
        h.append("<h2 id=\"estimates\">Estimates</h2>\n<p>Value ± standard error per guidance value; "
                + "<span class=\"ref\">reference</span> rows are exact laws (no sampling error unless shown), set "
                + "beside the estimates they check; <b>!</b> marks a standard error that cannot be trusted and "
                + "<sup>†</sup> a note (hover for both). Click a header to sort; type to filter.</p>\n")
                .append("<input id=\"filter\" type=\"search\" placeholder=\"filter estimates, e.g. density.tv\">\n")
                .append("<table id=\"table\">\n<thead><tr><th data-kind=\"text\">estimate</th>");
        for (JsonNode row : rows) {
            h.append("<th data-kind=\"number\">").append(esc(row.path("guidance").asText(row.path("w").asText())))
                    .append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (String n : names) {
            boolean reference = Figures.isReference(n) || n.endsWith("NoiseFloor") || n.startsWith("profile.")
                    || n.startsWith("smc.profile.");
            h.append("<tr").append(reference ? " class=\"ref\"" : "").append("><td>").append(esc(n)).append("</td>");
            for (JsonNode row : rows) {
                JsonNode e = row.path("estimates").path(n);
                h.append(cell(e));
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** One value ± s.e. cell, its sort key the value, its flags and notes in the title. */
    private static String cell(JsonNode e) {
        if (e.isMissingNode()) {
            return "<td data-v=\"\"></td>";
        }
        double v = e.path("value").isNumber() ? e.path("value").asDouble() : Double.NaN;
        double se = e.path("stdError").isNumber() ? e.path("stdError").asDouble() : Double.NaN;
        String text = Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6g", v)
                + (Double.isNaN(se) || se == 0.0 ? "" : String.format(Locale.ROOT, " ± %.2g", se));
        JsonNode rel = e.path("reliability");
        boolean unreliable = rel.isObject() && !rel.path("reliable").asBoolean(true);
        List<String> title = new ArrayList<>();
        if (unreliable) {
            title.add("standard error not trustworthy: " + rel.path("reason").asText(""));
        }
        if (e.has("note")) {
            title.add(e.path("note").asText());
        }
        title.add("n = " + e.path("count").asText());
        return "<td data-v=\"" + (Double.isNaN(v) ? "" : Double.toString(v)) + "\" title=\""
                + esc(String.join("; ", title)) + "\"" + (unreliable ? " class=\"bad\"" : "") + ">" + esc(text)
                + (unreliable ? " <b>!</b>" : "") + (e.has("note") ? "<sup>†</sup>" : "") + "</td>";
    }

    private static void provenance(StringBuilder h, JsonNode r) {
        h.append("<h2 id=\"provenance\">Provenance</h2>\n<table class=\"kv\">\n");
        r.path("provenance").fields().forEachRemaining(f -> {
            if (!f.getValue().isContainerNode()) {
                h.append("<tr><th>").append(esc(f.getKey())).append("</th><td>").append(esc(f.getValue().asText()))
                        .append("</td></tr>\n");
            }
        });
        r.path("timing").fields().forEachRemaining(f -> h.append("<tr><th>").append(esc(f.getKey()))
                .append("</th><td>").append(esc(f.getValue().asText())).append("</td></tr>\n"));
        h.append("</table>\n");
        JsonNode shards = r.path("provenance").path("shards");
        if (shards.isArray() && !shards.isEmpty()) {
            h.append("<p>Merged from ").append(shards.size()).append(" shards.</p>\n");
        }
    }

    /** An SVG file's text without its XML prolog and DOCTYPE, to sit inside the page. */
    static String inline(String svg) {
        int start = svg.indexOf("<svg");
        return start < 0 ? "" : svg.substring(start);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 1.5em auto; max-width: 1280px; color: #222; }
            h1 { margin-bottom: 0.2em; } .lead { color: #555; margin-top: 0; }
            nav { margin: 0.8em 0; } .warn { background: #fff3cd; padding: 0.5em; border-left: 4px solid #e0a800; }
            table { border-collapse: collapse; font-size: 13px; }
            #table th { cursor: pointer; background: #eef; position: sticky; top: 0; }
            th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
            td { font-family: monospace; white-space: nowrap; }
            tr.ref td { color: #555; font-style: italic; } tr.ref td:first-child::after { content: " (reference)"; }
            td.bad { background: #fde2e2; } #filter { margin: 0.4em 0; width: 24em; }
            figure.plot { margin: 1em 0; } figure.plot svg { max-width: 100%; height: auto; }
            figcaption { color: #555; font-size: 12px; }
            pre { background: #f6f6f6; padding: 0.6em; overflow: auto; font-size: 12px; }
            """;

    private static final String SCRIPT = """
            (function () {
              var table = document.getElementById('table');
              var body = table.tBodies[0];
              Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
                th.addEventListener('click', function () {
                  var up = th.getAttribute('data-up') !== 'true';
                  th.setAttribute('data-up', up);
                  var rows = Array.prototype.slice.call(body.rows);
                  rows.sort(function (a, b) {
                    var x = a.cells[col], y = b.cells[col];
                    if (th.getAttribute('data-kind') === 'number') {
                      var p = parseFloat(x.getAttribute('data-v')), q = parseFloat(y.getAttribute('data-v'));
                      p = isNaN(p) ? -Infinity : p; q = isNaN(q) ? -Infinity : q;
                      return up ? p - q : q - p;
                    }
                    return up ? x.textContent.localeCompare(y.textContent) : y.textContent.localeCompare(x.textContent);
                  });
                  rows.forEach(function (r) { body.appendChild(r); });
                });
              });
              document.getElementById('filter').addEventListener('input', function (e) {
                var t = e.target.value.toLowerCase();
                Array.prototype.forEach.call(body.rows, function (r) {
                  r.style.display = r.cells[0].textContent.toLowerCase().indexOf(t) >= 0 ? '' : 'none';
                });
              });
              var figures = document.querySelectorAll('figure.plot svg');
              var drawn = 0;
              figures.forEach(function (s) {
                var b = s.getBoundingClientRect();
                if (b.width > 0 && b.height > 0) drawn++;
              });
              document.title = document.title + ' \\u2014 figures ' + drawn + '/' + figures.length;
            })();
            """;
}
