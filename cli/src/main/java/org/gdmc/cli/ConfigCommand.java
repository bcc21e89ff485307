package org.gdmc.cli;

import java.util.concurrent.Callable;

import org.gdmc.config.MaskedStudyConfig;
import org.gdmc.config.StudyConfig;
import org.gdmc.config.Sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Prints the resolved study (every default filled in) after validating it; runs nothing. A sweep prints its first
 * value's study with the sweep block, after validating every value.
 */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Validate a study and print it with every default filled in (runs nothing).")
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    StudyOptions options;

    @Override
    public Integer call() throws Exception {
        MaskedStudyConfig masked = options.loadMasked(false);
        if (masked != null) {
            System.out.print(masked.resolvedYaml());
            return 0;
        }
        Sweep largeSweep = options.sweep();
        org.gdmc.config.HighDimStudyConfig large = options.loadLarge(false, largeSweep, 0);
        if (large != null) {
            for (int i = 1; largeSweep != null && i < largeSweep.size(); i++) {
                options.loadLarge(false, largeSweep, i);   // validates every value
            }
            System.out.print(large.resolvedYaml());
            return 0;
        }
        Sweep sweep = options.sweep();
        if (sweep == null) {
            System.out.print(options.load().resolvedYaml());
            return 0;
        }
        for (int i = 1; i < sweep.size(); i++) {
            options.load(false, sweep, i);   // validates every value
        }
        ObjectNode first = options.load(false, sweep, 0).resolved();
        first.set("sweep", sweep.axis().toJson());
        System.out.print(StudyConfig.yaml(first));
        return 0;
    }
}
