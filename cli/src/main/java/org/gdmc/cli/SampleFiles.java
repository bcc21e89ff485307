package org.gdmc.cli;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.study.NumpyArrays;
import org.gdmc.study.ResultSet;

/**
 * The files of {@code --save-samples} and their listing in the result JSON, for every kind of study: per row k,
 * STEM.samples-k.npy (count × d states), STEM.logits-k.npy (data-law logits) and, where there are weights,
 * STEM.weights-k.npy, staged in the study's result set; the listing gives {@code first}, {@code count}, the format, and
 * per row its guidance, w and the file names relative to the JSON.
 */
final class SampleFiles {
    private final ResultSet set;
    private final Path stem;
    private final ObjectNode listing = JsonNodeFactory.instance.objectNode();
    private final ArrayNode files;
    private final int count;

    /** A listing of particles [first, first + count) whose files go into {@code set} beside STEM. */
    SampleFiles(ResultSet set, Path stem, long first, int count) {
        this.set = set;
        this.stem = stem;
        this.count = count;
        listing.put("first", first);
        listing.put("count", count);
        listing.put("format", "NumPy .npy, float64, C order; states are count x d");
        files = listing.putArray("files");
    }

    /**
     * Stages row k's files and lists them: its guidance, its strength w (null where it has none, as the exact class
     * law), states (count × d), logits, and weights when not null.
     */
    void add(int k, String guidance, double w, double[] states, int d, double[] logits, double[] weights)
            throws IOException {
        ObjectNode f = files.addObject();
        f.put("guidance", guidance);
        if (Double.isNaN(w)) {
            f.putNull("w");
        } else {
            f.put("w", w);
        }
        f.put("states", stage("samples", k, NumpyArrays.float64(states, count, d)));
        f.put("dataLogits", stage("logits", k, NumpyArrays.float64(logits, count)));
        if (weights != null) {
            f.put("weights", stage("weights", k, NumpyArrays.float64(weights, count)));
        }
    }

    /** The listing the result JSON carries under {@code samples}. */
    ObjectNode listing() {
        return listing;
    }

    private String stage(String kind, int k, byte[] content) throws IOException {
        return set.add(Path.of(stem + "." + kind + "-" + k + ".npy"), content).getFileName().toString();
    }
}
