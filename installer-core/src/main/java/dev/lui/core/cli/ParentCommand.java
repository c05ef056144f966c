package dev.lui.core.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code lui dhcp}, {@code lui dns}): alone it is a usage
 * error.
 */
abstract class ParentCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name a subcommand: " + String.join(", ", spec.subcommands().keySet()));
  }
}
