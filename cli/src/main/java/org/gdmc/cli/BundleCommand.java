package org.gdmc.cli;

import java.util.concurrent.Callable;

import org.gdmc.fields.ConfigException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gdmc bundle} is built by the launcher of a source checkout ({@code bin/gdmc}, which has the JDK's jlink and the
 * TornadoVM SDK at hand; see {@code bin/lib/bundle.sh}); this command only says so when the Java entry point is
 * reached directly, e.g. from inside a bundle.
 */
@Command(name = "bundle", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write one archive (--out FILE, tar.xz or tar.zst) that runs gdmc, TornadoVM included, on a GPU "
                + "node with no JDK, Maven or network: a jlink'ed runtime, gdmc's jars, the TornadoVM SDK trimmed to its "
                + "OpenCL driver, an OpenCL ICD loader and a launcher. Run it from a source checkout: bin/gdmc bundle "
                + "--out gdmc-bundle.tar.xz"})
final class BundleCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", description = "the archive to write")
    String out;

    @Option(names = "--compression", paramLabel = "xz|zstd", description = "xz (default) or zstd")
    String compression;

    @Override
    public Integer call() {
        throw new ConfigException("bundle", "gdmc bundle runs from a source checkout with a JDK and a TornadoVM SDK: "
                + "bin/gdmc bundle --out FILE" + (System.getProperty("gdmc.bundle") != null
                        ? " (this gdmc is itself a bundle, at " + System.getProperty("gdmc.bundle") + ")" : ""));
    }
}
