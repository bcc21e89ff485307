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

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an internal error, print its stack trace too")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Exit codes: 0 success, 1 runtime failure, 2 bad input (usage, configuration, files). A JVM error (out of memory,
     * a stack overflow) is reported on one line as an internal error, like any exception gdmc did not foresee.
     */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main()).setExecutionExceptionHandler(new Errors());
        cli.setParameterExceptionHandler(Main::badUsage);
        exitCodes(cli);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            cli.getErr().println("gdmc: out of memory (" + e.getMessage() + "): lower --batch-size or raise the heap "
                    + "with GDMC_JAVA_OPTS=-Xmx...");
            cli.getErr().flush();
            return Errors.FAILURE;
        } catch (StackOverflowError | LinkageError e) {
            Errors.internal(cli.getErr(), e, cli.getParseResult());
            return Errors.FAILURE;
        }
    }

    /**
     * A usage error (an unknown option, a value of the wrong type, a missing parameter) as one line naming what was
     * wrong and where the help is, instead of the whole usage text; exit 2.
     */
    private static int badUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        String hint = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = " (did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?)";
        }
        c.getErr().println("gdmc: " + String.valueOf(ex.getMessage()).replace('\n', ' ').strip() + hint + "; see `"
                + c.getCommandSpec().qualifiedName() + " --help`");
        c.getErr().flush();
        return Errors.BAD_INPUT;
    }

    /** Lists the exit codes in every command's --help. */
    private static void exitCodes(CommandLine cli) {
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        codes.put("0", "done");
        codes.put("1", "a failure while running (or an internal error: rerun with --debug)");
        codes.put("2", "bad input: a field, file, flag or output location, refused before any work");
        if (cli.getCommandName().equals("compare")) {
            codes.put("3", "the backends disagree");
        }
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cli.getSubcommands().values().forEach(Main::exitCodes);
    }

    public static void main(String[] args) {
        int code = execute(args);
        FilteredStderr.drain();
        System.exit(code);
    }
}
