package dev.lui.core.timeline;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.store.Run;
import java.util.List;

/**
 * How admins name one of a node's kept runs ({@code lui logs NODE --run N}, {@code lui timeline
 * NODE --run N}, {@code ?run=N}): by its number in the list of kept runs, oldest first (1 is the
 * oldest kept), by a negative number counting back from the newest (-1 is the newest), or by its id
 * ({@code r-...}). Numbers shift when old runs are dropped; ids do not.
 */
public final class RunNames {
  private RunNames() {}

  /** The run {@code spec} names among the node's kept runs (oldest first). */
  public static Run named(List<Run> runs, String node, String spec) {
    if (runs.isEmpty()) {
      throw new LuiException(
          ErrorKind.NOT_FOUND, "node " + node + " has no kept run: its agent has not run yet");
    }
    if (spec.isBlank()) {
      throw LuiException.invalid(
          "run", spec, "give a run number or id; 'lui logs " + node + " --runs' lists them");
    }
    if (spec.matches("-?[0-9]{1,9}")) {
      int n = Integer.parseInt(spec);
      int index = n > 0 ? n - 1 : runs.size() + n;
      if (n == 0 || index < 0 || index >= runs.size()) {
        throw LuiException.invalid(
            "run",
            spec,
            "node "
                + node
                + " has "
                + runs.size()
                + " kept runs: give 1 to "
                + runs.size()
                + " (oldest first) or -1 to -"
                + runs.size()
                + " (newest first); 'lui logs "
                + node
                + " --runs' lists them");
      }
      return runs.get(index);
    }
    return runs.stream()
        .filter(r -> r.id().equals(spec))
        .findFirst()
        .orElseThrow(
            () ->
                new LuiException(
                    ErrorKind.NOT_FOUND,
                    "run '"
                        + LuiException.printable(spec)
                        + "' is not a kept run of node "
                        + node
                        + "; 'lui logs "
                        + node
                        + " --runs' lists them"));
  }
}
