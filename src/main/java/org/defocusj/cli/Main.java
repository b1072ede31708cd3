package org.defocusj.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.defocusj.BadInputException;

/** The {@code defocusj} command line: {@code scripts/defocusj SUBCOMMAND ...}. */
@Command(name = "defocusj", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Focus stacks to depth maps: depth from focus, FOSSA depth from defocus, focus-stack "
                + "simulation and evaluation against ground truth.",
        subcommands = {DepthCommand.class, BatchCommand.class, EvaluateCommand.class, SurfaceCommand.class,
            SimulateCommand.class, SynthCommand.class,
            ModelCommand.class, BenchmarkCommand.class})
public final class Main implements Runnable {

    /** Exit code for input the user can fix (bad file, bad parameter). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for unexpected failures. */
    public static final int EXIT_FAILURE = 1;
    /** The older spelling of {@code --debug}, as a Java system property ({@code -Ddefocusj.debug=true}). */
    static final String DEBUG_PROPERTY = "defocusj.debug";

    // Inherited: accepted before or after the subcommand (defocusj --debug depth ..., defocusj depth --debug ...).
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of an error (for bug reports); also -D" + DEBUG_PROPERTY + "=true.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try --help)");
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code; used by {@link #main} and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        declareOptions(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String name = prefix(commandLine);
            boolean bad = ex instanceof BadInputException;
            err.println(name + (bad ? ": error: " + ex.getMessage() : ": failed: " + ex));
            if (debug(commandLine.getCommandSpec())) {
                ex.printStackTrace(err);
            }
            return bad ? EXIT_BAD_INPUT : EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            String name = prefix(ex.getCommandLine());
            err.println(name + ": error: " + ex.getMessage());
            err.println("Try '" + name + " --help'.");
            return EXIT_BAD_INPUT;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Outputs are temporary files until they are complete, so nothing half-written is left behind.
            err.println("defocusj: failed: out of memory (Java may use " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB): give it more with DEFOCUSJ_JAVA_OPTS=-Xmx<size>, e.g. -Xmx" + suggestedHeapGb()
                    + "g, or process a smaller stack");
            if (debug(cli.getCommandSpec())) {
                e.printStackTrace(err);
            }
            code = EXIT_FAILURE;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Twice the heap that was too small, in whole GB: a first guess the message can name. */
    private static long suggestedHeapGb() {
        return Math.max(1, (2 * Runtime.getRuntime().maxMemory() + (1L << 30) - 1) >> 30);
    }

    /** True when stack traces are wanted: {@code --debug} anywhere on the line, or the system property. */
    static boolean debug(CommandLine.Model.CommandSpec command) {
        Object root = command.root().userObject();
        return root instanceof Main && ((Main) root).debug || Boolean.getBoolean(DEBUG_PROPERTY);
    }

    /** Adds the declared-parameter options of every subcommand that has some. */
    private static void declareOptions(CommandLine commandLine) {
        if (commandLine.getCommand() instanceof DeclaresOptions) {
            ((DeclaresOptions) commandLine.getCommand()).declareOptions(commandLine.getCommandSpec());
        }
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            declareOptions(sub);
        }
    }

    /** What messages start with: {@code defocusj}, or {@code defocusj SUB} for a subcommand's. */
    private static String prefix(CommandLine commandLine) {
        return commandLine.getParent() == null ? "defocusj" : "defocusj " + qualifiedName(commandLine);
    }

    /** A subcommand's name with its parents below the root, e.g. {@code benchmark zedd}, as messages show it. */
    static String qualifiedName(CommandLine commandLine) {
        String name = commandLine.getCommandName();
        for (CommandLine p = commandLine.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
            name = p.getCommandName() + " " + name;
        }
        return name;
    }
}
