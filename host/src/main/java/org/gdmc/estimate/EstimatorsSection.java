package org.gdmc.estimate;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;
import org.gdmc.mixture.Mixture;

/**
 * The {@code estimators} section of a study file: the settings of the support and entropy estimators and of the 1-D
 * references, with defaults derived from the target.
 * <pre>
 * estimators:
 *   boundaryWidths: [0.02, 0.06, 0.2]   # η: P(within η of the boundary); default 1%, 3%, 10% of the narrowest width
 *   distanceRange: [-1, 1]      # histogram of the signed distance to the boundary; default ± half the narrowest width
 *   distanceBins: 40
 *   knnNeighbours: 4            # k of the k-nearest-neighbour entropy
 *   knnSamples: 100000          # particles per guidance it uses (0 = off; default 100000 in d <= 8, else 0)
 *   exactLaw: false             # 1-D only: TV and entropy against the Fokker–Planck solution of the guided dynamics
 *   profile: {range: [-6, 6], bins: 96}   # 1-D only: the output's density per bin beside the reference laws'
 * </pre>
 *
 * @param support  the support estimators' settings
 * @param knn      the k-NN entropy's settings
 * @param exactLaw whether 1-D histograms are also measured against the exact law of the guided dynamics
 * @param profile  the 1-D density profile, or null for none
 */
public record EstimatorsSection(SupportOptions support, KnnOptions knn, boolean exactLaw, ProfileOptions profile) {
    /** The section's key in a study file. */
    public static final String NAME = "estimators";
    private static final Set<String> FIELDS = Set.of("boundaryWidths", "distanceRange", "distanceBins",
            "knnNeighbours", "knnSamples", "exactLaw", "profile");
    private static final Set<String> PROFILE = Set.of("range", "bins");

    /**
     * Reads the section (null: absent, every default) for class cls of the target and writes its resolved form under
     * {@value #NAME}.
     */
    public static EstimatorsSection read(JsonNode node, Mixture target, int cls, ObjectNode resolved) {
        return new EstimatorsSection(supportOptions(node, target, cls, resolved), knnOptions(node, target, resolved),
                exactLaw(node, target, resolved), profile(node, target, resolved));
    }

    private static SupportOptions supportOptions(JsonNode node, Mixture target, int cls, ObjectNode resolved) {
        ObjectNode e = node == null ? JsonNodeFactory.instance.objectNode() : Fields.object(node, NAME, FIELDS);
        SupportOptions defaults = SupportOptions.defaults(target, cls);
        double[] widths = e.has("boundaryWidths") ? Fields.vector(e.get("boundaryWidths"), "estimators.boundaryWidths")
                : defaults.boundaryWidths();
        for (int i = 0; i < widths.length; i++) {
            if (!(widths[i] > 0)) {
                throw new ConfigException("estimators.boundaryWidths[" + i + "]", "must be > 0, got " + widths[i]);
            }
        }
        double[] range = e.has("distanceRange") ? Fields.vector(e.get("distanceRange"), "estimators.distanceRange")
                : new double[] {defaults.distanceLow(), defaults.distanceHigh()};
        if (range.length != 2 || !(range[1] > range[0])) {
            throw new ConfigException("estimators.distanceRange", "expected [low, high] with high > low, got "
                    + java.util.Arrays.toString(range));
        }
        int bins = Fields.smallInteger(e, "distanceBins", "estimators", defaults.distanceBins());
        if (bins < 1 || bins > 100_000) {
            throw new ConfigException("estimators.distanceBins", "must be in [1, 100000], got " + bins);
        }
        ObjectNode r = resolved.putObject(NAME);
        r.set("boundaryWidths", Fields.toTree(widths));
        r.set("distanceRange", Fields.toTree(range));
        r.put("distanceBins", bins);
        return new SupportOptions(widths, range[0], range[1], bins);
    }

    private static KnnOptions knnOptions(JsonNode node, Mixture target, ObjectNode resolved) {
        ObjectNode e = node == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) node;
        KnnOptions defaults = KnnOptions.defaults(target.dimension());
        int k = Fields.smallInteger(e, "knnNeighbours", "estimators", defaults.neighbours());
        if (k < 1 || k > 1000) {
            throw new ConfigException("estimators.knnNeighbours", "must be in [1, 1000], got " + k);
        }
        int samples = Fields.smallInteger(e, "knnSamples", "estimators", defaults.samples());
        if (samples < 0 || (samples > 0 && samples <= k)) {
            throw new ConfigException("estimators.knnSamples", "must be 0 (off) or more than knnNeighbours = " + k
                    + ", got " + samples);
        }
        ObjectNode r = (ObjectNode) resolved.get(NAME);
        r.put("knnNeighbours", k);
        r.put("knnSamples", samples);
        return new KnnOptions(k, samples);
    }

    private static boolean exactLaw(JsonNode node, Mixture target, ObjectNode resolved) {
        boolean on = node != null && Fields.bool(node, "exactLaw", "estimators", false);
        if (on && target.dimension() != 1) {
            throw new ConfigException("estimators.exactLaw", "the Fokker-Planck reference is 1-D; the target has d="
                    + target.dimension());
        }
        ((ObjectNode) resolved.get(NAME)).put("exactLaw", on);
        return on;
    }

    /** {@code estimators.profile: {range: [low, high], bins: B}} (1-D; each bin at least two density-grid cells). */
    private static ProfileOptions profile(JsonNode node, Mixture target, ObjectNode resolved) {
        JsonNode p = node == null ? null : node.get("profile");
        if (p == null || p.isNull()) {
            return null;
        }
        ObjectNode o = Fields.object(p, "estimators.profile", PROFILE);
        if (target.dimension() != 1) {
            throw new ConfigException("estimators.profile", "the density profile is 1-D; the target has d="
                    + target.dimension());
        }
        double[] range = Fields.vector(o.get("range"), "estimators.profile.range");
        if (range.length != 2 || !(range[1] > range[0])) {
            throw new ConfigException("estimators.profile.range", "expected [low, high] with high > low, got "
                    + java.util.Arrays.toString(range));
        }
        int bins = Fields.smallInteger(o, "bins", "estimators.profile", 64);
        double cell = BinnedDensity.gridOf(target).width(0);
        if (bins < 1 || (range[1] - range[0]) / bins < 2 * cell) {
            throw new ConfigException("estimators.profile.bins", "must be >= 1 with bins at least two density-grid "
                    + "cells wide (" + cell + "), at most " + (int) ((range[1] - range[0]) / (2 * cell))
                    + " over this range; got " + bins);
        }
        ObjectNode r = ((ObjectNode) resolved.get(NAME)).putObject("profile");
        r.set("range", Fields.toTree(range));
        r.put("bins", bins);
        return new ProfileOptions(range[0], range[1], bins);
    }
}
