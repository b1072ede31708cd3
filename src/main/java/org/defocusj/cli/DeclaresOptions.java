package org.defocusj.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * A subcommand with options made from declared parameters ({@link DeclaredOptions}); {@link Main} calls
 * {@link #declareOptions} before the command line is parsed.
 */
interface DeclaresOptions {

    void declareOptions(CommandSpec spec);
}
