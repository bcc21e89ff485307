package org.gdmc.highdim;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.fields.Fields;
import org.gdmc.mixture.InvalidTargetException;
import org.gdmc.rng.NormalVariates;
import org.gdmc.rng.Philox4x32;

/**
 * Reads a {@link LargeMixture} from a study's {@code target} section: generated ({@code type: random-mixture}) or
 * read from files ({@code type: mixture-file}).
 *
 * <pre>
 * target:
 *   type: random-mixture
 *   dimension: 512            # d ≤ 4096
 *   components: 1024          # K ≤ 100000, K·d·(1 + rank) ≤ 10^8
 *   classes: 2                # C ≤ K; component k belongs to class ⌊k C / K⌋; or each: C = K, one class per
 *                             # component (a sweep over components then sweeps the classes)
 *   means:
 *     law: gaussian           # gaussian: μ_kj ~ N(0, norm²/d) (E‖μ‖² = norm²); sphere: ‖μ‖ = norm exactly;
 *                             # hypercube: μ_kj = ±norm/√d; simplex: μ_k = norm e_k (K ≤ d);
 *                             # antipodal: μ_{2i+1} = −μ_{2i}, μ_{2i} on the sphere (K even)
 *     norm: 4.0               # or normPerSqrtD: a, for norm = a √d
 *   weights: equal            # or {dirichlet: a}, a &gt; 0
 *   covariance:
 *     form: isotropic         # isotropic | shared-diagonal | low-rank
 *     variance: 1.0           # s² (isotropic, low-rank)
 *     diagonal: 1.0           # shared-diagonal: one number, d numbers, or {min: a, max: b} (geometric in j)
 *     rank: 4                 # low-rank: r ≤ 16 random orthonormal directions per component
 *     factorVariance: 1.0     #   λ of each direction
 *   seed: 1                   # the generator's seed; default the study's
 *
 * target:
 *   type: mixture-file
 *   means: means.npy          # K × d (.npy float64/float32, or CSV), relative to the study file
 *   weights: weights.npy      # optional, K values &gt; 0 (default equal)
 *   classes: classes.npy      # optional, K labels 0..C−1 (default: one class per component)
 *   covariance: …             # as above
 * </pre>
 * The generator draws from the counter-based generator keyed by the target's seed, component k's values from
 * counters (k, stream): a study file names the whole target. Each file's SHA-256 goes into the resolved
 * configuration. Faults are one {@link ConfigException} naming the field.
 */
public final class LargeTargetSection {
    /** The target types this section reads. */
    public static final Set<String> TYPES = Set.of("random-mixture", "mixture-file");

    private static final Set<String> RANDOM = Set.of("type", "dimension", "components", "classes", "means", "weights",
            "covariance", "seed");
    /**
     * A mixture-file target's fields; the SHA-256 of each file, its dimension and components are what the resolved
     * configuration records, and when given they must match the files (a resolved study re-read, a shard merged).
     */
    private static final Set<String> FILE = Set.of("type", "means", "weights", "classes", "covariance",
            "meansSha256", "weightsSha256", "classesSha256", "dimension", "components");
    private static final Set<String> MEANS = Set.of("law", "norm", "normPerSqrtD");
    private static final Set<String> COVARIANCE = Set.of("form", "variance", "diagonal", "rank", "factorVariance");

    /** Counter streams of the generator (the Philox counter's third word). */
    static final int STREAM_MEANS = 1;
    static final int STREAM_FACTORS = 2;
    static final int STREAM_WEIGHTS = 3;

    private LargeTargetSection() {
    }

    /** Whether a target section is one this class reads. */
    public static boolean handles(JsonNode target) {
        return target != null && target.isObject() && target.path("type").isTextual()
                && TYPES.contains(target.get("type").asText());
    }

    /**
     * @param base      the study file's folder (for relative file names); null for the working directory
     * @param seed      the study's seed (the generator's default)
     * @param maxBytes  the most memory the parameters may take (a share of the heap), checked before any is allocated
     * @param resolved  receives the resolved target section
     */
    public static LargeMixture read(JsonNode node, Path base, long seed, long maxBytes, ObjectNode resolved) {
        String type = node.get("type").asText();
        try {
            return type.equals("random-mixture") ? random(node, seed, maxBytes, resolved)
                    : file(node, base, maxBytes, resolved);
        } catch (InvalidTargetException e) {
            throw new ConfigException("target." + e.field(), e.getMessage().substring(e.field().length() + 2));
        }
    }

    private static LargeMixture random(JsonNode node, long studySeed, long maxBytes, ObjectNode out) {
        ObjectNode t = Fields.object(node, "target", RANDOM);
        out.put("type", "random-mixture");
        int d = positive(t, "dimension", 0, LargeMixture.MAX_DIMENSION);
        int k = positive(t, "components", 0, LargeMixture.MAX_COMPONENTS);
        boolean each = t.path("classes").isTextual() && t.get("classes").asText().equals("each");
        int classes = each ? k : positive(t, "classes", 1, k);
        out.put("dimension", d);
        out.put("components", k);
        if (each) {
            out.put("classes", "each");
        } else {
            out.put("classes", classes);
        }
        Covariance cov = covariance(t.get("covariance"), d, out.putObject("covariance"));
        LargeMixture.checkSize(k, d, cov.rank);
        checkMemory(k, d, cov.rank, maxBytes);
        long seed = Fields.integer(t, "seed", "target", studySeed);
        ObjectNode m = t.has("means") ? Fields.object(t.get("means"), "target.means", MEANS)
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        String law = Fields.text(m, "law", "target.means", "gaussian");
        if (m.has("norm") && m.has("normPerSqrtD")) {
            throw new ConfigException("target.means.normPerSqrtD", "give norm or normPerSqrtD, not both");
        }
        double norm = m.has("normPerSqrtD") ? Fields.number(m, "normPerSqrtD", "target.means", 0) * Math.sqrt(d)
                : Fields.number(m, "norm", "target.means", 1.0);
        if (!(norm >= 0)) {
            throw new ConfigException("target.means.norm", "must be >= 0, got " + norm);
        }
        ObjectNode rm = out.putObject("means");
        rm.put("law", law);
        rm.put("norm", norm);
        if (m.has("normPerSqrtD")) {
            rm.put("normPerSqrtD", Fields.number(m, "normPerSqrtD", "target.means", 0));
        }
        double[] mu = new double[k * d];
        double[] z = new double[d];
        long[] words = new long[4];
        switch (law) {
            case "gaussian", "sphere", "hypercube" -> {
                for (int i = 0; i < k; i++) {
                    NormalVariates.fill(seed, i, STREAM_MEANS, z, 0, d, words);
                    double scale = norm / Math.sqrt(d);
                    if (law.equals("sphere")) {
                        double s = 0.0;
                        for (double v : z) {
                            s += v * v;
                        }
                        scale = norm / Math.sqrt(s);
                    }
                    for (int j = 0; j < d; j++) {
                        mu[i * d + j] = law.equals("hypercube") ? (z[j] >= 0 ? scale : -scale) : scale * z[j];
                    }
                }
            }
            case "simplex" -> {
                if (k > d) {
                    throw new ConfigException("target.means.law", "simplex puts component k at norm e_k, so it needs "
                            + "components <= dimension; got " + k + " components in d = " + d);
                }
                for (int i = 0; i < k; i++) {
                    mu[i * d + i] = norm;
                }
            }
            case "antipodal" -> {
                if (k % 2 != 0) {
                    throw new ConfigException("target.components", "antipodal means come in pairs ±μ, so the "
                            + "number of components must be even; got " + k);
                }
                for (int i = 0; i < k; i += 2) {
                    NormalVariates.fill(seed, i / 2, STREAM_MEANS, z, 0, d, words);
                    double s = 0.0;
                    for (double v : z) {
                        s += v * v;
                    }
                    for (int j = 0; j < d; j++) {
                        mu[i * d + j] = norm * z[j] / Math.sqrt(s);
                        mu[(i + 1) * d + j] = -mu[i * d + j];
                    }
                }
            }
            default -> throw new ConfigException("target.means.law", "must be gaussian, sphere, hypercube, simplex "
                    + "or antipodal, got \"" + law + "\"");
        }
        double[] w = weights(t.get("weights"), k, seed, out);
        int[] cls = new int[k];
        for (int i = 0; i < k; i++) {
            cls[i] = (int) ((long) i * classes / k);
        }
        out.put("seed", seed);
        return build(d, cls, w, mu, cov, seed);
    }

    private static LargeMixture file(JsonNode node, Path base, long maxBytes, ObjectNode out) {
        ObjectNode t = Fields.object(node, "target", FILE);
        out.put("type", "mixture-file");
        String meansName = Fields.text(t, "means", "target", null);
        if (meansName == null) {
            throw new ConfigException("target.means", "a mixture-file target needs a means file (K x d, .npy or CSV)");
        }
        Path meansPath = resolve(base, meansName);
        try {
            long size = java.nio.file.Files.size(meansPath);
            if (2 * size > maxBytes) {
                throw new ConfigException("target.means", String.format(Locale.ROOT, "%s is %,d bytes; reading it "
                        + "needs about %,d bytes, more than the %,d this run allows the target (a quarter of the "
                        + "heap; raise it with -Xmx)", meansName, size, 2 * size, maxBytes));
            }
        } catch (java.io.IOException e) {
            throw new ConfigException("target.means", "cannot read " + meansPath + ": " + e.getMessage());
        }
        ArrayFile means = ArrayFile.read(meansPath, "target.means");
        int k = means.rows();
        int d = means.cols();
        if (d > LargeMixture.MAX_DIMENSION || k > LargeMixture.MAX_COMPONENTS) {
            throw new ConfigException("target.means", meansName + " has shape " + k + " x " + d + "; at most "
                    + LargeMixture.MAX_COMPONENTS + " components of dimension " + LargeMixture.MAX_DIMENSION);
        }
        out.put("means", meansName);
        out.put("meansSha256", recorded(t, "meansSha256", meansName, means.sha256()));
        out.put("dimension", recorded(t, "dimension", d, meansName));
        out.put("components", recorded(t, "components", k, meansName));
        Covariance cov = covariance(t.get("covariance"), d, out.putObject("covariance"));
        LargeMixture.checkSize(k, d, cov.rank);
        checkMemory(k, d, cov.rank, maxBytes);
        double[] w = new double[k];
        java.util.Arrays.fill(w, 1.0);
        String weightsName = Fields.text(t, "weights", "target", null);
        if (weightsName != null) {
            ArrayFile f = ArrayFile.read(resolve(base, weightsName), "target.weights");
            if (f.data().length != k) {
                throw new ConfigException("target.weights", weightsName + " holds " + f.data().length
                        + " values; the means file has K = " + k + " rows");
            }
            w = f.data();
            out.put("weights", weightsName);
            out.put("weightsSha256", recorded(t, "weightsSha256", weightsName, f.sha256()));
        }
        int[] cls = new int[k];
        for (int i = 0; i < k; i++) {
            cls[i] = i;
        }
        String classesName = Fields.text(t, "classes", "target", null);
        if (classesName != null) {
            ArrayFile f = ArrayFile.read(resolve(base, classesName), "target.classes");
            if (f.data().length != k) {
                throw new ConfigException("target.classes", classesName + " holds " + f.data().length
                        + " labels; the means file has K = " + k + " rows");
            }
            for (int i = 0; i < k; i++) {
                double v = f.data()[i];
                if (v != Math.rint(v) || v < 0 || v >= k) {
                    throw new ConfigException("target.classes", classesName + " label " + i + " is " + v
                            + "; labels are integers 0..C-1");
                }
                cls[i] = (int) v;
            }
            out.put("classes", classesName);
            out.put("classesSha256", recorded(t, "classesSha256", classesName, f.sha256()));
        }
        return build(d, cls, w, means.data(), cov, 1L);
    }

    /** The file's SHA-256, which must equal the one the study records under {@code key}, if it records one. */
    private static String recorded(ObjectNode t, String key, String file, String sha256) {
        String given = Fields.text(t, key, "target", null);
        if (given != null && !given.equalsIgnoreCase(sha256)) {
            throw new ConfigException("target." + key, file + " has SHA-256 " + sha256.substring(0, 16) + "..., not "
                    + "the recorded " + (given.length() > 16 ? given.substring(0, 16) + "..." : given) + ": the file "
                    + "changed since the study was resolved");
        }
        return sha256;
    }

    /** The file's shape along {@code key}, which must equal the study's record of it, if it has one. */
    private static int recorded(ObjectNode t, String key, int actual, String file) {
        if (t.has(key)) {
            long given = Fields.integer(t, key, "target", actual);
            if (given != actual) {
                throw new ConfigException("target." + key, file + " gives " + key + " " + actual + ", not the "
                        + "recorded " + given);
            }
        }
        return actual;
    }

    private static Path resolve(Path base, String name) {
        return base == null ? Path.of(name) : base.resolve(name);
    }

    private static void checkMemory(long k, long d, long r, long maxBytes) {
        long bytes = LargeMixture.parameterBytes(k, d, r) * 2;
        if (bytes > maxBytes) {
            throw new ConfigException("target.components", String.format(Locale.ROOT, "K = %d components in d = %d "
                    + "(rank %d) need about %,d bytes while they are built, more than the %,d this run allows the "
                    + "target (a quarter of the heap; raise it with -Xmx)", k, d, r, bytes, maxBytes));
        }
    }

    private static int positive(JsonNode t, String key, int fallback, int max) {
        if (!t.has(key) && fallback == 0) {
            throw new ConfigException("target." + key, "is required");
        }
        long v = Fields.integer(t, key, "target", fallback);
        if (v < 1 || v > max) {
            throw new ConfigException("target." + key, "must be in [1, " + max + "], got " + v);
        }
        return (int) v;
    }

    /** The covariance settings (random directions are drawn in {@link #build}). */
    private record Covariance(CovarianceForm form, double variance, double[] diagonal, int rank,
                              double factorVariance) {
    }

    private static Covariance covariance(JsonNode node, int d, ObjectNode out) {
        ObjectNode c = node == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                : Fields.object(node, "target.covariance", COVARIANCE);
        String name = Fields.text(c, "form", "target.covariance", "isotropic");
        CovarianceForm form = Fields.byLabel(CovarianceForm.values(), CovarianceForm::key, name,
                "target.covariance.form");
        out.put("form", form.key());
        double variance = Fields.number(c, "variance", "target.covariance", 1.0);
        double[] diag = null;
        int rank = 0;
        double lambda = 0.0;
        if (form == CovarianceForm.SHARED_DIAGONAL) {
            Fields.forbid(c, "target.covariance", java.util.List.of("variance", "rank", "factorVariance"),
                    "does not apply to a shared diagonal; give diagonal");
            JsonNode dn = c.get("diagonal");
            diag = new double[d];
            if (dn == null || dn.isNumber()) {
                java.util.Arrays.fill(diag, dn == null ? 1.0 : Fields.number(dn, "target.covariance.diagonal"));
            } else if (dn.isArray()) {
                double[] v = Fields.vector(dn, "target.covariance.diagonal");
                if (v.length != d) {
                    throw new ConfigException("target.covariance.diagonal", "needs d = " + d + " values, got "
                            + v.length);
                }
                diag = v;
            } else {
                ObjectNode range = Fields.object(dn, "target.covariance.diagonal", Set.of("min", "max"));
                double lo = Fields.number(range, "min", "target.covariance.diagonal", 1.0);
                double hi = Fields.number(range, "max", "target.covariance.diagonal", 1.0);
                if (!(lo > 0) || !(hi > 0)) {
                    throw new ConfigException("target.covariance.diagonal", "min and max must be > 0, got " + lo
                            + " and " + hi);
                }
                for (int j = 0; j < d; j++) {
                    diag[j] = d == 1 ? lo : lo * Math.pow(hi / lo, (double) j / (d - 1));
                }
            }
            out.set("diagonal", Fields.toTree(diag));
        } else {
            if (!(variance > 0)) {
                throw new ConfigException("target.covariance.variance", "must be > 0, got " + variance);
            }
            out.put("variance", variance);
            if (c.has("diagonal")) {
                throw new ConfigException("target.covariance.diagonal", "applies to form: shared-diagonal only");
            }
        }
        if (form == CovarianceForm.LOW_RANK) {
            long r = Fields.integer(c, "rank", "target.covariance", 1);
            if (r < 1 || r > LargeMixture.MAX_RANK) {
                throw new ConfigException("target.covariance.rank", "must be in [1, " + LargeMixture.MAX_RANK
                        + "], got " + r);
            }
            rank = (int) r;
            lambda = Fields.number(c, "factorVariance", "target.covariance", 1.0);
            if (!(lambda >= 0)) {
                throw new ConfigException("target.covariance.factorVariance", "must be >= 0, got " + lambda);
            }
            out.put("rank", rank);
            out.put("factorVariance", lambda);
        } else if (form == CovarianceForm.ISOTROPIC) {
            Fields.forbid(c, "target.covariance", java.util.List.of("rank", "factorVariance"),
                    "applies to form: low-rank only");
        }
        return new Covariance(form, variance, diag, rank, lambda);
    }

    private static double[] weights(JsonNode node, int k, long seed, ObjectNode out) {
        double[] w = new double[k];
        if (node == null || (node.isTextual() && node.asText().equals("equal"))) {
            java.util.Arrays.fill(w, 1.0);
            out.put("weights", "equal");
            return w;
        }
        if (!node.isObject()) {
            throw new ConfigException("target.weights", "must be equal or {dirichlet: a}, got " + Fields.show(node));
        }
        ObjectNode o = Fields.object(node, "target.weights", Set.of("dirichlet"));
        double a = Fields.number(o, "dirichlet", "target.weights", Double.NaN);
        if (!(a > 0)) {
            throw new ConfigException("target.weights.dirichlet", "must be > 0, got " + (Double.isNaN(a) ? "nothing"
                    : a));
        }
        out.putObject("weights").put("dirichlet", a);
        double[] logG = new double[k];
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            logG[i] = logGamma(a, seed, i);
            top = Math.max(top, logG[i]);
        }
        int clamped = 0;
        for (int i = 0; i < k; i++) {
            double v = Math.exp(logG[i] - top);
            if (v < Double.MIN_NORMAL) {
                v = Double.MIN_NORMAL;
                clamped++;
            }
            w[i] = v;
        }
        if (clamped > 0) {
            out.put("weightsRaisedToSmallestNormal", clamped);
        }
        return w;
    }

    /**
     * log G with G ~ Gamma(a, 1), by Marsaglia and Tsang (2000) for a ≥ 1 and G = G' U^{1/a}, G' ~ Gamma(a + 1), for
     * a &lt; 1 (in logs, so that small a does not underflow); attempt t of component i reads Philox block
     * (i, STREAM_WEIGHTS, t) for a uniform and normals of (seed, i, 2^20 + t).
     */
    static double logGamma(double a, long seed, int i) {
        double shape = a < 1 ? a + 1 : a;
        double dd = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * dd);
        long[] words = new long[4];
        double[] z = new double[1];
        for (int t = 0; ; t++) {
            NormalVariates.fill(seed, i, (1L << 20) + t, z, 0, 1, words);
            double x = z[0];
            double v = 1.0 + c * x;
            Philox4x32.block(i & 0xFFFFFFFFL, 0, STREAM_WEIGHTS, t, seed & 0xFFFFFFFFL, (seed >>> 32) & 0xFFFFFFFFL,
                    words, 0);
            double u = NormalVariates.uniformOpenAtZero(words[0], words[1]);
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            if (Math.log(u) < 0.5 * x * x + dd - dd * v + dd * Math.log(v)) {
                double lg = Math.log(dd * v);
                if (a < 1) {
                    double u2 = NormalVariates.uniformOpenAtZero(words[2], words[3]);
                    lg += Math.log(u2) / a;
                }
                return lg;
            }
        }
    }

    private static LargeMixture build(int d, int[] cls, double[] w, double[] mu, Covariance cov, long seed) {
        int k = cls.length;
        double[] s2 = new double[k];
        java.util.Arrays.fill(s2, cov.variance);
        double[] q = new double[k * cov.rank * d];
        double[] lam = new double[k * cov.rank];
        if (cov.rank > 0) {
            long[] words = new long[4];
            for (int i = 0; i < k; i++) {
                NormalVariates.fill(seed, i, STREAM_FACTORS, q, i * cov.rank * d, cov.rank * d, words);
            }
            LargeMixture.orthonormalise(q, k, cov.rank, d);
            java.util.Arrays.fill(lam, cov.factorVariance);
        }
        return LargeMixture.of(d, cls, w, mu, cov.form, s2, cov.diagonal, cov.rank, q, lam);
    }
}
