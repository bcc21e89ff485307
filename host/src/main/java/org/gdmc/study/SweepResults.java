package org.gdmc.study;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * The result of a sweep, assembled from the result of each of its values ({@link ResultFiles#toJson}): the first
 * value's configuration with the {@code sweep} block, the provenance of the run with each value's own under
 * {@code points}, summed timings, and the rows of every value in turn, each row carrying its value under
 * {@code sweep}. The CSV is the single-run CSV with the swept field as its first column.
 */
public final class SweepResults {
    private SweepResults() {
    }

    /** PREFIX.sweep-i: where value i's result is kept until the sweep is done. */
    public static Path pointPrefix(Path prefix, int i) {
        return prefix.resolveSibling(prefix.getFileName() + ".sweep-" + i);
    }

    public static ObjectNode toJson(SweepAxis sweep, List<ObjectNode> points) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode prov = root.putObject("provenance");
        prov.setAll((ObjectNode) points.get(0).get("provenance").deepCopy());
        ArrayNode each = prov.putArray("points");
        double wall = 0.0;
        long steps = 0;
        for (ObjectNode p : points) {
            each.add(p.get("provenance").deepCopy());
            wall += p.path("timing").path("wallSeconds").asDouble();
            steps += p.path("timing").path("particleSteps").asLong();
        }
        int nonFinite = 0;
        for (ObjectNode p : points) {
            nonFinite += p.path("nonFiniteEstimates").asInt();
        }
        root.put("nonFiniteEstimates", nonFinite);
        ObjectNode timing = root.putObject("timing");
        timing.put("wallSeconds", wall);
        timing.put("particleSteps", steps);
        timing.put("particleStepsPerSecond", wall > 0 ? steps / wall : 0.0);
        ObjectNode config = points.get(0).get("config").deepCopy();
        config.set("sweep", sweep.toJson());
        root.set("config", config);
        root.set("sweep", sweep.toJson());
        ArrayNode rows = root.putArray("results");
        for (int i = 0; i < points.size(); i++) {
            for (JsonNode row : points.get(i).path("results")) {
                ObjectNode r = f.objectNode();
                r.set("sweep", sweep.value(i));
                r.setAll((ObjectNode) row.deepCopy());
                rows.add(r);
            }
        }
        return root;
    }

    /** One line per value, guidance and estimate: the swept field's column, then those of a single run's CSV. */
    public static String toCsv(SweepAxis sweep, List<ObjectNode> points) {
        StringBuilder sb = new StringBuilder(ResultFiles.csvField(sweep.field())).append(',')
                .append(ResultFiles.CSV_HEADER).append('\n');
        for (int i = 0; i < points.size(); i++) {
            for (JsonNode row : points.get(i).path("results")) {
                ResultFiles.appendCsv(sb, ResultFiles.csvField(sweep.label(i)) + ',', row);
            }
        }
        return sb.toString();
    }
}
