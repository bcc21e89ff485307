package org.gdmc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gdmc} command. */
@Command(name = "gdmc", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Guided diffusion Monte Carlo: large studies of what guidance does to diffusion samplers.",
        subcommands = {RunCommand.class, MergeCommand.class, PlotCommand.class, CompareCommand.class,
            ConfigCommand.class, DevicesCommand.class, BenchCommand.class, SelfCheckCommand.class, BundleCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Exit codes: 0 success, 1 runtime failure, 2 bad input (usage or configuration). */
    public static int execute(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new Errors())
                .execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
