package dev.lui.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Help that works on every command of {@code lui}, however its own options are named. */
final class HelpOptions {
  private HelpOptions() {}

  /**
   * picocli drops the whole inherited {@code -h/--help/-V/--version} mixin from a command that has
   * an option of the same name (define-resource's kernel {@code --version}), and that command's
   * {@code --help} then failed; such a command gets its own {@code --help}. The built-in {@code
   * help} command gets an example like every other command.
   */
  static void everywhere(CommandLine root) {
    for (CommandLine sub : root.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
        spec.addOption(
            OptionSpec.builder(
                    spec.findOption("-h") == null
                        ? new String[] {"-h", "--help"}
                        : new String[] {"--help"})
                .usageHelp(true)
                .description("Show this help message and exit.")
                .build());
      }
      if (spec.userObject() instanceof CommandLine.HelpCommand) {
        spec.usageMessage()
            .header(new String[0])
            .synopsisHeading("Usage: ")
            .description(
                "Show the help of a command, the same as 'lui COMMAND --help'; without a"
                    + " COMMAND, lui's own help.")
            .footer("", "Example:", "  lui help define-node");
      }
      everywhere(sub);
    }
  }
}
