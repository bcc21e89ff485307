package org.gdmc.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.knowm.xchart.XYChart;

/**
 * The quality–diversity frontier of guidance: for each guidance family of a result (its rows ordered by strength),
 * the class posterior E[p₀(c | X)] against what the guidance costs the output, one curve per family with ±2 s.e.
 * bars on the posterior:
 * <ul>
 *   <li>{@code frontier-entropy}: the entropy lost to the class law, H(p₀(·|c)) − Ĥ(output)
 *       ({@code density.classLawEntropy − density.entropy});</li>
 *   <li>{@code frontier-tv}: the total variation to the class law ({@code density.tvClassLaw}), beside its noise
 *       floor.</li>
 * </ul>
 * A family whose curve lies above and to the left of another's buys more posterior for less diversity. Drawn where the
 * result has the histogram estimates (d ≤ 2) and at least two rows.
 */
final class FrontierFigure {
    private FrontierFigure() {
    }

    static Map<String, XYChart> charts(String study, JsonNode rows, Map<String, List<Integer>> families) {
        Map<String, XYChart> out = new LinkedHashMap<>();
        if (rows.size() < 2 || !rows.get(0).path("estimates").has("posterior.mean")) {
            return out;
        }
        JsonNode first = rows.get(0).path("estimates");
        if (first.has("density.entropy") && first.has("density.classLawEntropy")) {
            out.put("frontier-entropy", chart(study, rows, families, "entropy lost to the class law (nats)",
                    e -> Figures.number(e.path("density.classLawEntropy").path("value"))
                            - Figures.number(e.path("density.entropy").path("value"))));
        }
        if (first.has("density.tvClassLaw")) {
            out.put("frontier-tv", chart(study, rows, families, "total variation to the class law",
                    e -> Figures.number(e.path("density.tvClassLaw").path("value"))));
        }
        out.values().removeIf(chart -> chart.getSeriesMap().isEmpty());
        return out;
    }

    private static XYChart chart(String study, JsonNode rows, Map<String, List<Integer>> families, String xLabel,
                                 java.util.function.ToDoubleFunction<JsonNode> cost) {
        XYChart chart = Figures.styled(study + ": posterior against " + xLabel.replaceAll(" \\(.*", "")
                + " (±2 s.e.; a curve per family)", xLabel, "class posterior E[p0(c | X)]");
        int f = 0;
        for (var family : families.entrySet()) {
            List<Integer> at = new ArrayList<>(family.getValue());
            at.sort((a, b) -> Double.compare(rows.get(a).path("strength").asDouble(),
                    rows.get(b).path("strength").asDouble()));
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            UnreliablePoints flagged = new UnreliablePoints();
            for (int i : at) {
                JsonNode e = rows.get(i).path("estimates");
                double x = cost.applyAsDouble(e);
                JsonNode p = e.path("posterior.mean");
                double y = Figures.number(p.path("value"));
                double se = Figures.number(p.path("stdError"));
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    xs.add(x);
                    ys.add(y);
                    es.add(flagged.take(p, x, y, Double.isFinite(se) ? 2 * se : 0.0));
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            Color colour = Figures.PALETTE[f++ % Figures.PALETTE.length];
            Figures.style(chart.addSeries(family.getKey(), xs, ys, es), colour, false);
            flagged.draw(chart, family.getKey(), colour);
        }
        return chart;
    }
}
