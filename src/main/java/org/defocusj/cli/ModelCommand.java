package org.defocusj.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.fossa.FossaModel;
import org.defocusj.fossa.FossaModelInfo;

/** {@code defocusj model}: inspect FOSSA models. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect FOSSA models.",
        subcommands = {ModelCommand.Info.class})
final class ModelCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'model info --help')");
    }

    /** {@code defocusj model info MODEL}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Prints the metadata embedded in an exported FOSSA model (architecture, configuration, "
                    + "canonical-depth convention, input normalisation, maximum stack size, versions). Reads the "
                    + "file only; nothing is executed.")
    static final class Info implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "MODEL", description = "builtin:tiny or a TorchScript .pt file.")
        String model;

        @Override
        public Integer call() {
            FossaModelInfo info = FossaModel.inspect(model);
            spec.commandLine().getOut().println(model + ": " + info);
            spec.commandLine().getOut().println(info.toJson());
            return 0;
        }
    }
}
