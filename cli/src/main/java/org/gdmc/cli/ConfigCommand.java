package org.gdmc.cli;

import java.util.concurrent.Callable;

import org.gdmc.config.MaskedStudyConfig;
import org.gdmc.config.StudyConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the resolved study (every default filled in) after validating it; runs nothing. */
@Command(name = "config", mixinStandardHelpOptions = true,
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
        StudyConfig config = options.load();
        System.out.print(config.resolvedYaml());
        return 0;
    }
}
