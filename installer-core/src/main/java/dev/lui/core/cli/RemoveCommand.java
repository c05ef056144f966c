package dev.lui.core.cli;

import java.util.List;
import picocli.CommandLine.Parameters;

/** remove-node, remove-resource, remove-group: DELETE each named thing, in order. */
abstract class RemoveCommand extends ClientCommand {
  @Parameters(arity = "1..*", paramLabel = "NAME", description = "The names to remove.")
  List<String> names;

  /** {@code node}, {@code resource} or {@code group}: names the API collection and the output. */
  abstract String kind();

  @Override
  public Integer call() {
    for (String n : names) {
      api().delete("/api/v1/" + kind() + "s/" + Paths.segment(n));
      out().println("removed " + kind() + " " + n);
    }
    out().flush();
    return 0;
  }
}
