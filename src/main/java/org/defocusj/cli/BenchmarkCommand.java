package org.defocusj.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code defocusj benchmark}: public benchmarks run end to end; one subcommand per benchmark. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Runs a public benchmark end to end and prints its metrics as the papers report them.",
        subcommands = {ZeddCommand.class})
final class BenchmarkCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing benchmark (try --help)");
    }
}
