package org.gdmc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.fields.ConfigException;
import org.gdmc.config.HighDimStudyConfig;
import org.gdmc.config.StudyConfig;
import org.gdmc.highdim.HighDimState;
import org.gdmc.plot.Figures;
import org.gdmc.study.OutputLock;
import org.gdmc.study.ResultFiles;
import org.gdmc.study.ResultSet;
import org.gdmc.study.StateFiles;
import org.gdmc.study.StudyResult;
import org.gdmc.study.StudyState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Combines the shard results of one study ({@code gdmc run --shard i/n}) into the result one run over all particles
 * gives: the same estimates and standard errors, bit for bit.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Merge the shard results PREFIX.shard-I-of-N.state of one study into PREFIX.json and PREFIX.csv.")
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "shard result files, all N of one study")
    List<Path> files;

    @Mixin
    ResultOptions output;

    @Override
    public Integer call() throws Exception {
        List<Loaded> shards = new ArrayList<>();
        for (Path f : files) {
            shards.add(new Loaded(f, StateFiles.header(f)));
        }
        shards.sort(Comparator.comparingInt(l -> l.header.shard().index()));
        Loaded first = shards.get(0);
        int n = first.header.shard().count();
        for (int i = 0; i < shards.size(); i++) {
            Loaded l = shards.get(i);
            if (!l.header.fingerprint().equals(first.header.fingerprint())) {
                throw new ConfigException("SHARD", l.file + " is of a different study than " + first.file
                        + " (sampling fingerprints differ)");
            }
            if (l.header.shard().count() != n) {
                throw new ConfigException("SHARD", l.file + " is shard " + l.header.shard() + ", " + first.file
                        + " is shard " + first.header.shard() + ": the shards of one merge share n");
            }
            if (l.header.shard().index() != i) {
                throw new ConfigException("SHARD", (l.header.shard().index() < i ? "shard " + l.header.shard()
                        + " is given twice (" + l.file + ")" : "shard " + i + "/" + n + " is missing")
                        + "; a merge needs each of the " + n + " shards once");
            }
        }
        if (shards.size() != n) {
            throw new ConfigException("SHARD", "shard " + shards.size() + "/" + n + " is missing; a merge needs each "
                    + "of the " + n + " shards once");
        }
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(first.header.config());
        if (HighDimStudyConfig.describes(tree)) {
            return mergeLarge(shards, tree);
        }
        StudyConfig config = StudyConfig.parse(first.header.config(), java.util.Map.of());
        Path prefix = output.prefix(config.name());
        try (OutputLock claim = OutputLock.claim(prefix)) {
            ResultFiles.prepare(prefix, output.force);
            StudyState merged = null;
            ObjectMapper json = new ObjectMapper();
            ArrayNode provenance = json.createArrayNode();
            for (Loaded l : shards) {
                StudyState s = StateFiles.read(l.file, config.toStudySpec());
                if (!s.done()) {
                    throw new ConfigException("SHARD", l.file + " holds particles [" + s.first() + ", " + s.end()
                            + ") of its [" + s.first() + ", " + s.target() + "): it is not a finished shard");
                }
                provenance.add(provenance(json, l, s.end() - s.first(), s.wallSeconds()));
                if (merged == null) {
                    merged = s;
                } else {
                    merged.merge(s);
                }
            }
            StudyResult result = merged.finish();
            ObjectNode doc = ResultFiles.toJson(config.resolved(), result, config.threads(), provenance);
            List<Path> figures = write(prefix, doc);
            Summaries.study(System.out, config, result);
            System.out.printf(Locale.ROOT, "%nmerged %d shards (%.1f s of wall time in all); results: %s, %s%n", n,
                    result.wallSeconds(), ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
            if (!output.noPlots) {
                PlotCommand.report(System.out, figures);
            }
            return 0;
        }
    }

    /**
     * The shards of a large-mixture study: its configuration is parsed again (its target rebuilt from the seed, or
     * read from the files in the folder the shards recorded), and must give the shards' fingerprint, so a changed
     * means file is refused rather than merged.
     */
    private int mergeLarge(List<Loaded> shards, ObjectNode tree) throws Exception {
        Loaded first = shards.get(0);
        ObjectMapper json = new ObjectMapper();
        String folder = json.readTree(first.header.provenance()).path(HighDimRun.TARGET_FOLDER).asText(null);
        HighDimStudyConfig config = HighDimStudyConfig.parse(tree, java.util.Map.of(),
                folder == null ? null : Path.of(folder));
        if (!ResultFiles.fingerprint(config.resolved()).equals(first.header.fingerprint())) {
            throw new ConfigException("SHARD", first.file + ": the study's target files"
                    + (folder == null ? "" : " in " + folder) + " are not those the shards ran on (the sampling "
                    + "fingerprint differs)");
        }
        Path prefix = output.prefix(config.name());
        try (OutputLock claim = OutputLock.claim(prefix)) {
            ResultFiles.prepare(prefix, output.force);
            HighDimState merged = null;
            ArrayNode provenance = json.createArrayNode();
            for (Loaded l : shards) {
                HighDimState s = StateFiles.read(l.file, in -> HighDimState.read(config.spec(), in));
                if (!s.done()) {
                    throw new ConfigException("SHARD", l.file + " holds " + s.progress() + " of its " + s.total()
                            + " particles x rows: it is not a finished shard");
                }
                if (merged != null && s.float32() != merged.float32()) {
                    throw new ConfigException("SHARD", l.file + " ran in " + (s.float32() ? "float32" : "float64")
                            + ", " + first.file + " in " + (merged.float32() ? "float32" : "float64")
                            + ": the shards of one merge share a precision");
                }
                provenance.add(provenance(json, l, s.target() - s.first(), s.wallSeconds()));
                if (merged == null) {
                    merged = s;
                } else {
                    merged.merge(s);
                }
            }
            StudyResult result = merged.finish();
            ObjectNode doc = ResultFiles.toJson(config.resolved(), result, config.spec().threads(), provenance);
            List<Path> figures = write(prefix, doc);
            Summaries.highDimensional(System.out, merged.spec(), config.name(), result);
            System.out.printf(Locale.ROOT, "%nmerged %d shards (%.1f s of wall time in all); results: %s, %s%n",
                    shards.size(), result.wallSeconds(), ResultFiles.jsonPath(prefix), ResultFiles.csvPath(prefix));
            if (!output.noPlots) {
                PlotCommand.report(System.out, figures);
            }
            return 0;
        }
    }

    /** A shard's run provenance, with the shard, its file, particles and wall time added. */
    private static ObjectNode provenance(ObjectMapper json, Loaded l, long particles, double wallSeconds)
            throws java.io.IOException {
        ObjectNode p = (ObjectNode) json.readTree(l.header.provenance());
        p.put("shard", l.header.shard().toString());
        p.put("file", l.file.toString());
        p.put("particles", particles);
        p.put("wallSeconds", wallSeconds);
        return p;
    }

    /** Writes the merged result, its figures (unless --no-plots) and report as one result set; returns the figures. */
    private List<Path> write(Path prefix, ObjectNode doc) throws java.io.IOException {
        try (ResultSet set = ResultSet.begin(prefix)) {
            ResultFiles.stage(set, prefix, doc, ResultFiles.toCsv(doc), output.force);
            List<Path> figures = output.noPlots ? List.of() : Figures.draw(doc, prefix, set);
            org.gdmc.plot.Report.stage(doc, prefix, set, figures);
            set.commit();
            return figures;
        }
    }

    private record Loaded(Path file, StateFiles.Header header) {
    }
}
