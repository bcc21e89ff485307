package org.gdmc.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.estimate.DensityMap;
import org.gdmc.estimate.Estimate;
import org.gdmc.estimate.ReducedSums;
import org.gdmc.estimate.Reliability;
import org.gdmc.fields.InputFileException;
import org.gdmc.rng.NormalVariates;

/**
 * Writes a study's result as {@code PREFIX.json} (full resolved configuration, seed, version, RNG stream layout,
 * backend, timings, every estimate with its standard error) and {@code PREFIX.csv} (one row per guidance and
 * estimate). Each file is written to a temporary file beside it and moved into place atomically, so a failed or
 * interrupted run never leaves a partial result; an existing result is kept unless {@code force} is set.
 */
public final class ResultFiles {
    /** How noise is keyed, recorded in every result. */
    public static final String RNG_LAYOUT = "Philox4x32-10; key = (seed low 32 bits, seed high 32 bits); "
            + "counter = (particle low, particle high, step, block); step 0 = starting point, step i = noise of "
            + "reverse step i; 2 normals per block by Box-Muller on two 53-bit uniforms ("
            + NormalVariates.class.getSimpleName() + "); reduction blocks of " + StudyRunner.BLOCK + " particles";

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ResultFiles() {
    }

    public static Path jsonPath(Path prefix) {
        return prefix.resolveSibling(prefix.getFileName() + ".json");
    }

    public static Path csvPath(Path prefix) {
        return prefix.resolveSibling(prefix.getFileName() + ".csv");
    }

    /**
     * Characters a result's files add to PREFIX's name at most, temporaries included: {@link #atomicWrite}'s
     * "." + name + suffix + up to 20 random digits + ".partial", the longest suffix a figure's ".&lt;stem&gt;.svg".
     */
    static final int LONGEST_ADDITION = 64;

    /**
     * Readies the prefix for a result, before any sampling; the caller holds its {@link OutputLock}, whose claim has
     * created the directory and probed it with the result's longest name. Completes or discards what an interrupted
     * write left (a result set's staging, {@link #atomicWrite}'s temporaries) and fails if the prefix names no file,
     * if a directory is where the result's files go, or if the result exists and may not be overwritten.
     */
    public static void prepare(Path prefix, boolean force) throws IOException {
        ResultSet.recover(prefix);
        checkWritable(prefix, force);
        removeTemporaries(jsonPath(prefix));
        removeTemporaries(csvPath(prefix));
    }

    /**
     * Fails if the prefix names no file (empty, {@code .} or {@code ..}), if a directory is where PREFIX.json or
     * PREFIX.csv goes, or if the result exists and may not be overwritten.
     */
    private static void checkWritable(Path prefix, boolean force) throws IOException {
        Path name = prefix.getFileName();
        String n = name == null ? "" : name.toString();
        if (n.isEmpty() || n.equals(".") || n.equals("..")) {
            throw new InputFileException("--out " + prefix + " names no file: give a prefix such as results/study, "
                    + "which writes results/study.json and results/study.csv");
        }
        for (Path p : new Path[] {jsonPath(prefix), csvPath(prefix)}) {
            if (Files.isDirectory(p)) {
                throw new InputFileException("--out " + prefix + ": " + p + " is a directory, where the result's file "
                        + "goes; choose another --out");
            }
            if (!force && Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString(), null,
                        "a result is already there; pass --force to overwrite it or choose another --out");
            }
        }
    }

    /** PREFIX's directory, created if needed; one line naming the path when it cannot be. */
    static Path directory(Path prefix) {
        Path dir = prefix.toAbsolutePath().getParent();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d) && !Files.isDirectory(d)) {
                throw new InputFileException("--out " + prefix + ": " + d + " is a file, not a directory");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputFileException("--out " + prefix + ": cannot create the directory " + dir + ": "
                    + reason(e));
        }
        return dir;
    }

    /** Creates PREFIX's directory if needed, then writes and removes a file with the longest name a result takes. */
    static void probe(Path prefix) {
        Path dir = directory(prefix);
        Path probe = dir.resolve("." + prefix.getFileName() + "." + "p".repeat(LONGEST_ADDITION - 10) + ".partial");
        try {
            Files.write(probe, new byte[] {'\n'}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            String why = reason(e);
            throw new InputFileException("--out " + prefix + ": cannot write results in " + dir + ": " + why
                    + (why.contains("too long") ? " (the result's files add up to " + LONGEST_ADDITION
                    + " characters to the prefix's name)" : ""));
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // nothing was created
            }
        }
    }

    /** What the file system said, without Java's exception names. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The JSON document of a result run in one piece. */
    public static ObjectNode toJson(ObjectNode resolvedConfig, StudyResult result, int threads) {
        return toJson(resolvedConfig, result, threads, null);
    }

    /**
     * The JSON document of a result; {@code shards}, when not null, holds the provenance of each shard merged into it
     * ({@link #runProvenance}, with its wall time).
     */
    public static ObjectNode toJson(ObjectNode resolvedConfig, StudyResult result, int threads, ArrayNode shards) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode prov = root.putObject("provenance");
        prov.setAll(runProvenance(resolvedConfig, result.backend(), result.device(), threads));
        if (shards != null) {
            prov.set("shards", shards);
        }
        ObjectNode timing = root.putObject("timing");
        timing.put("wallSeconds", result.wallSeconds());
        timing.put("particleSteps", result.particleSteps());
        timing.put("particleStepsPerSecond", result.particleStepsPerSecond());
        root.set("config", resolvedConfig);
        int nonFinite = 0;
        for (GuidanceResult g : result.results()) {
            nonFinite += g.nonFinite().size();
        }
        root.put("nonFiniteEstimates", nonFinite);
        int unreliable = 0;
        for (GuidanceResult g : result.results()) {
            unreliable += (int) g.estimates().stream().filter(Estimate::unreliable).count();
        }
        root.put("unreliableEstimates", unreliable);
        ArrayNode results = root.putArray("results");
        List<DensityMap> maps = result.densityMaps();
        for (int k = 0; k < result.results().size(); k++) {
            GuidanceResult g = result.results().get(k);
            ObjectNode o = results.addObject();
            o.put("guidance", g.guidance());
            o.put("strength", g.strength());
            o.put("w", g.equivalentWeight());
            if (maps != null) {
                o.set("density", densityJson(maps.get(k)));
            }
            ObjectNode est = o.putObject("estimates");
            for (Estimate e : g.estimates()) {
                ObjectNode v = est.putObject(e.name());
                putNumber(v, "value", e.value());
                putNumber(v, "stdError", e.stdError());
                v.put("count", e.count());
                if (!e.note().isEmpty()) {
                    v.put("note", e.note());
                }
                if (e.reliability() != null) {
                    putReliability(v.putObject("reliability"), e.reliability());
                }
            }
        }
        return root;
    }

    /**
     * Recorded paths as the paths figure reads them: the particles, the node indices and times kept, the direction u,
     * and per guidance value (in sweep order) each path's position uᵀy and posterior p_t(c | y) at those nodes, to 4
     * significant digits (for pictures: a few hundred paths stay near a megabyte), null where not finite, and whether
     * the posterior never decreased along it (over every node).
     */
    public static ObjectNode pathsJson(PathTraces traces) {
        ObjectNode p = JSON.createObjectNode();
        p.put("first", traces.first());
        p.put("particles", traces.particles());
        p.put("recorded", "by the path kernel in float64, at " + traces.nodes().length + " nodes spread evenly "
                + "over the steps; position is u.y, u the unit direction from the other classes' mean to the class's");
        ArrayNode nodes = p.putArray("nodes");
        ArrayNode times = p.putArray("t");
        for (int k = 0; k < traces.nodes().length; k++) {
            nodes.add(traces.nodes()[k]);
            times.add(traces.times()[k]);
        }
        ArrayNode u = p.putArray("direction");
        for (double v : traces.direction()) {
            u.add(v);
        }
        ArrayNode rows = p.putArray("rows");
        for (PathTraces.Row row : traces.rows()) {
            ObjectNode r = rows.addObject();
            r.put("guidance", row.guidance().describe());
            r.put("w", row.guidance().equivalentWeight());
            putPaths(r.putArray("position"), row.position());
            putPaths(r.putArray("posterior"), row.posterior());
            ArrayNode m = r.putArray("monotone");
            for (boolean b : row.monotone()) {
                m.add(b ? 1 : 0);
            }
        }
        return p;
    }

    private static void putPaths(ArrayNode into, double[][] paths) {
        for (double[] path : paths) {
            ArrayNode a = into.addArray();
            for (double v : path) {
                if (Double.isFinite(v)) {
                    a.add(new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue());
                } else {
                    a.addNull();
                }
            }
        }
    }

    /**
     * A density map as the figures read it: the window's grid (lo, width, cells), the counts per cell (axis 0 fastest)
     * and off the window, the class and tilted laws' masses per cell rounded to float (absent where not computed) and
     * the support's boxes.
     */
    static ObjectNode densityJson(DensityMap map) {
        ObjectNode d = JSON.createObjectNode();
        ArrayNode lo = d.putArray("lo");
        ArrayNode width = d.putArray("width");
        ArrayNode cells = d.putArray("cells");
        for (int j = 0; j < map.cells().length; j++) {
            lo.add(map.lo()[j]);
            width.add(map.width()[j]);
            cells.add(map.cells()[j]);
        }
        ArrayNode counts = d.putArray("counts");
        for (long c : map.counts()) {
            counts.add(c);
        }
        d.put("outside", map.outside());
        // the laws' masses are for the picture (the exact references are estimates): float precision keeps it small
        if (map.classLaw() != null) {
            ArrayNode a = d.putArray("classLaw");
            for (double v : map.classLaw()) {
                a.add((float) v);
            }
        }
        if (map.tiltedLaw() != null) {
            ArrayNode a = d.putArray("tiltedLaw");
            for (double v : map.tiltedLaw()) {
                a.add((float) v);
            }
        }
        ArrayNode axes = d.putArray("axes");
        for (String a : map.axes()) {
            axes.add(a);
        }
        if (map.basis() != null) {
            ArrayNode basis = d.putArray("basis");
            for (double[] row : map.basis()) {
                ArrayNode r = basis.addArray();
                for (double v : row) {
                    r.add(v);
                }
            }
        }
        ArrayNode boxes = d.putArray("boxes");
        for (double[] b : map.boxes()) {
            ArrayNode a = boxes.addArray();
            for (double v : b) {
                a.add(v);
            }
        }
        return d;
    }

    /**
     * Where, when and by what a run was made: gdmc version and git revision, the configuration's SHA-256 and sampling
     * fingerprint, seed, backend, device, threads, host, JVM and the RNG stream layout.
     */
    public static ObjectNode runProvenance(ObjectNode resolvedConfig, String backend, String device, int threads) {
        ObjectNode prov = JSON.createObjectNode();
        prov.put("gdmc", Version.get());
        prov.put("created", Instant.now().toString());
        prov.put("configSha256", sha256(resolvedConfig.toString()));
        prov.put("samplingFingerprint", fingerprint(resolvedConfig));
        prov.put("gitRevision", System.getProperty("gdmc.revision", "unknown"));
        prov.put("seed", resolvedConfig.path("seed").asLong());
        prov.put("backend", backend);
        prov.put("device", device);
        prov.put("threads", threads);
        prov.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        prov.put("host", hostName());
        prov.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        prov.put("rngLayout", RNG_LAYOUT);
        return prov;
    }

    /**
     * SHA-256 of the resolved configuration without the fields that cannot change a figure (threads, batch size):
     * shards and checkpoints merge or resume only under the same fingerprint.
     */
    public static String fingerprint(ObjectNode resolvedConfig) {
        ObjectNode sampling = resolvedConfig.deepCopy();
        sampling.remove("threads");
        sampling.remove("batchSize");
        return sha256(sampling.toString());
    }

    private static String hostName() {
        try {
            Path linux = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(linux)) {
                return Files.readString(linux).strip();
            }
        } catch (IOException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * An estimate's {@link Reliability}: whether its standard error is trusted and why not, the tail index (with its
     * note when not measured), the relative error of the standard error, and the median of means with its interval (when measured).
     */
    private static void putReliability(ObjectNode o, Reliability r) {
        o.put("reliable", r.reliable());
        if (!r.reason().isEmpty()) {
            o.put("reason", r.reason());
        }
        putNumber(o, "tailIndex", r.tailIndex());
        if (!r.tailNote().isEmpty()) {
            o.put("tailNote", r.tailNote());
        }
        putNumber(o, "stdErrorRelativeError", r.stdErrorRelativeError());
        if (!Double.isNaN(r.medianOfMeans())) {
            ObjectNode m = o.putObject("medianOfMeans");
            putNumber(m, "value", r.medianOfMeans());
            putNumber(m, "low", r.robustLow());
            putNumber(m, "high", r.robustHigh());
            m.put("level", r.robustLevel());
            m.put("groups", ReducedSums.GROUPS);
        }
    }

    /** JSON has no NaN or infinity: such values are written as strings ("NaN", "Infinity"). */
    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.put(key, Double.toString(v));
        }
    }

    /** The CSV header of a result; a sweep's puts the swept field's column first. */
    public static final String CSV_HEADER = "guidance,strength,w,estimate,value,std_error,count,reliable";

    /**
     * The CSV of a result document ({@link #toJson}): one line per guidance row and estimate, values to 17
     * significant digits (NaN and infinities as Java writes them), and whether the standard error is trusted (true,
     * false, or empty for an estimate with no diagnostic).
     */
    public static String toCsv(JsonNode json) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (JsonNode row : json.path("results")) {
            appendCsv(sb, "", row);
        }
        return sb.toString();
    }

    /** Appends the CSV lines of one result row, each after {@code lead} (leading columns with their comma, or ""). */
    public static void appendCsv(StringBuilder sb, String lead, JsonNode row) {
        String head = lead + csvField(row.path("guidance").asText()) + ',' + row.path("strength").asDouble() + ','
                + row.path("w").asDouble() + ',';
        row.path("estimates").fields().forEachRemaining(e -> sb.append(head).append(csvField(e.getKey()))
                .append(',').append(csvNumber(e.getValue().path("value")))
                .append(',').append(csvNumber(e.getValue().path("stdError")))
                .append(',').append(e.getValue().path("count").asLong())
                .append(',').append(e.getValue().path("reliability").path("reliable").asText("")).append('\n'));
    }

    /** A CSV field, quoted when it holds a comma. */
    public static String csvField(String s) {
        return s.contains(",") ? "\"" + s + "\"" : s;
    }

    private static String csvNumber(JsonNode n) {
        double v = n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
        return String.format(Locale.ROOT, "%.17g", v);
    }

    /**
     * Stages PREFIX.json and PREFIX.csv into a result set (after checking the location again, as {@link #prepare}
     * did): they appear, with the figures staged beside them, when the set commits.
     */
    public static void stage(ResultSet set, Path prefix, ObjectNode json, String csv, boolean force)
            throws IOException {
        checkWritable(prefix, force);
        set.add(jsonPath(prefix), JSON.writeValueAsString(json) + "\n");
        set.add(csvPath(prefix), csv);
    }

    /**
     * Deletes the temporary files that {@link #atomicWrite} leaves beside a target when the process is killed while
     * writing it.
     */
    public static void removeTemporaries(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        String start = "." + target.getFileName();
        try (var files = Files.newDirectoryStream(dir, f -> f.getFileName().toString().startsWith(start)
                && f.getFileName().toString().endsWith(".partial"))) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    /**
     * Writes the bytes to a temporary file beside the target and moves it into place, so readers see the whole file
     * or the previous one, never a part. The temporary is created as any new file (not by
     * {@code Files.createTempFile}, whose files are 0600), so the result gets the permissions the process's umask
     * gives.
     */
    public static Path atomicWrite(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        for (int attempt = 0; tmp == null; attempt++) {
            Path candidate = dir.resolve("." + target.getFileName()
                    + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".partial");
            try {
                Files.write(candidate, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                tmp = candidate;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ResultSet.WriteFailure(target, reason(e), e); // a full disk, an I/O error: name the file
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /** Hex SHA-256 of the text's UTF-8 bytes: the resolved configuration's fingerprint. */
    static String sha256(String text) {
        return org.gdmc.fields.Sha256.hex(text);
    }
}
