package dev.lui.core.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A command's node set as the server reads it: the expressions go to the server unexpanded ({@code
 * ?nodes=EXPR&state=STATE}), so the rule lives in one place ({@code domain.NodeSet}).
 */
final class NodeSetArgs {
  private NodeSetArgs() {}

  /** The help line every command taking nodes shows. */
  static final String SYNTAX =
      "NODES: names, ranges (n[001-128], n[01-04,07], r[1-2]n[01-02]), groups (@compute) and"
          + " comma-separated unions of them (n01,n02,@gpu).";

  /** The NODES parameter's own line in help. */
  static final String NODES_PARAM =
      "Which nodes: names, ranges (n[01-04]), @groups, or unions of them (n01,@gpu).";

  /**
   * {@code --in-state STATE}: only the nodes of the set in that install state. (Not {@code
   * --state}: every client command has that already, the server's state directory.)
   */
  static final class StateOption {
    @picocli.CommandLine.Option(
        names = "--in-state",
        paramLabel = "STATE",
        description =
            "Only nodes in this install state: defined, installing, installed, verified, failed.")
    Optional<String> state = Optional.empty();
  }

  /** {@code nodes=...&state=...}, empty when neither is given. */
  static String query(List<String> expressions, Optional<String> state) {
    List<String> params = new ArrayList<>();
    expressions.forEach(e -> params.add("nodes=" + Paths.segment(e)));
    state.ifPresent(s -> params.add("state=" + Paths.segment(s)));
    return String.join("&", params);
  }

  /** {@code path?query}, or {@code path} for no query. */
  static String path(String path, List<String> expressions, Optional<String> state) {
    String q = query(expressions, state);
    return q.isEmpty() ? path : path + "?" + q;
  }

  /** One node named as before: no range, group, union or filter. */
  static boolean oneName(List<String> expressions, Optional<String> state) {
    return expressions.size() == 1
        && state.isEmpty()
        && expressions.get(0).chars().noneMatch(c -> "[],@:".indexOf(c) >= 0);
  }
}
