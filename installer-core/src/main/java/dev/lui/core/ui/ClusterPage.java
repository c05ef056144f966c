package dev.lui.core.ui;

import dev.lui.core.domain.Group;
import dev.lui.core.domain.Network;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.domain.NodeState;
import dev.lui.core.store.Store;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster page: counts by state and a grid of the selected nodes, one small square per node
 * coloured by state (with its name when there are few), so 10,000 nodes fit one screen and one
 * response. The script moves squares between states as the event stream says.
 */
final class ClusterPage {
  private ClusterPage() {}

  /** Up to this many nodes the grid shows names; beyond, squares with the name as a tooltip. */
  static final int NAMED = 400;

  /**
   * The filters, as the form sends them; empty strings are "any".
   *
   * @param nodes a node set as the CLI takes it ({@code n[001-128]}, {@code @rack1}, ...)
   */
  record Filter(String group, String network, String state, String nodes) {
    static Filter of(java.util.function.Function<String, String> query) {
      return new Filter(
          value(query.apply("group")),
          value(query.apply("network")),
          value(query.apply("state")),
          value(query.apply("nodes")));
    }

    private static String value(String v) {
      return v == null ? "" : v.trim();
    }

    /**
     * The nodes it selects, in the store's order (a set's own order when it names nodes).
     *
     * @throws dev.lui.core.LuiException for a bad node set or state, naming the field
     */
    List<Node> select(Store store) {
      List<Node> all = store.nodes();
      Optional<String> st = state.isEmpty() ? Optional.empty() : Optional.of(state);
      List<Node> chosen = all;
      if (!nodes.isEmpty() || st.isPresent()) {
        NodeSet set = NodeSet.parse("nodes", nodes.isEmpty() ? List.of() : List.of(nodes), st);
        Map<String, Node> byName = new HashMap<>();
        all.forEach(n -> byName.put(n.name(), n));
        chosen = set.select(all, store.groups()).names().stream().map(byName::get).toList();
      }
      return chosen.stream()
          .filter(n -> group.isEmpty() || n.groups().contains(group))
          .filter(n -> network.isEmpty() || n.network().equals(Optional.of(network)))
          .toList();
    }

    String query() {
      return "group="
          + Html.query(group)
          + "&network="
          + Html.query(network)
          + "&state="
          + Html.query(state)
          + "&nodes="
          + Html.query(nodes);
    }
  }

  /** The state a square shows: the node's install state. */
  static String state(Node n) {
    return n.status().state().wireName();
  }

  /** What a square's tooltip adds: the node's error if any, else the step it is installing. */
  static String detail(Node n) {
    return n.status()
        .error()
        .or(() -> n.status().step().filter(s -> n.status().state() == NodeState.INSTALLING))
        .orElse("");
  }

  static String render(
      Sessions.Session session,
      Filter filter,
      List<Node> nodes,
      List<Group> groups,
      List<Network> networks,
      long version,
      String problem) {
    Map<NodeState, Integer> counts = new EnumMap<>(NodeState.class);
    nodes.forEach(n -> counts.merge(n.status().state(), 1, Integer::sum));
    StringBuilder b = new StringBuilder(256 + nodes.size() * 90);
    b.append("<h1>Cluster</h1>");
    form(b, filter, groups, networks);
    if (!problem.isEmpty()) {
      b.append("<p class=\"error\" id=\"message\">").append(Html.text(problem)).append("</p>");
    }
    b.append("<ul id=\"counts\" class=\"counts\"><li class=\"total\">")
        .append("<span id=\"total\">")
        .append(nodes.size())
        .append("</span> nodes</li>");
    for (NodeState s : NodeState.values()) {
      String name = s.wireName();
      b.append("<li class=\"s-")
          .append(name)
          .append("\"><span id=\"count-")
          .append(name)
          .append("\">")
          .append(counts.getOrDefault(s, 0))
          .append("</span> ")
          .append(name)
          .append("</li>");
    }
    b.append("</ul>\n<div id=\"grid\" class=\"grid")
        .append(nodes.size() > NAMED ? " compact" : "")
        .append("\">");
    for (Node n : nodes) {
      String name = Html.text(n.name());
      String detail = detail(n);
      b.append("<a id=\"n-")
          .append(name)
          .append("\" class=\"s-")
          .append(state(n))
          .append("\" href=\"")
          .append(Layout.PREFIX)
          .append("/node/")
          .append(Html.segment(n.name()))
          .append("\" title=\"")
          .append(name)
          .append(": ")
          .append(state(n));
      if (!detail.isEmpty()) {
        b.append(": ").append(Html.text(detail));
      }
      b.append("\">").append(name).append("</a>");
    }
    b.append("</div>\n");
    return Layout.page(
        "cluster", session, b.toString(), "page", "cluster", "version", Long.toString(version));
  }

  private static void form(
      StringBuilder b, Filter filter, List<Group> groups, List<Network> networks) {
    b.append("<form id=\"filter\" class=\"filter\" method=\"get\" action=\"")
        .append(Layout.PREFIX)
        .append("/\">");
    List<String> groupNames = new ArrayList<>();
    groups.forEach(g -> groupNames.add(g.name()));
    select(b, "group", "group", groupNames, filter.group());
    List<String> networkNames = new ArrayList<>();
    networks.forEach(n -> networkNames.add(n.name()));
    select(b, "network", "network", networkNames, filter.network());
    List<String> states = new ArrayList<>();
    for (NodeState s : NodeState.values()) {
      states.add(s.wireName());
    }
    select(b, "state", "state", states, filter.state());
    b.append("<label>nodes <input id=\"f-nodes\" name=\"nodes\" placeholder=\"n[001-128],@gpu\"")
        .append(" value=\"")
        .append(Html.text(filter.nodes()))
        .append("\"></label><button id=\"apply\" type=\"submit\">Filter</button></form>");
  }

  private static void select(
      StringBuilder b, String name, String label, List<String> options, String chosen) {
    b.append("<label>")
        .append(label)
        .append(" <select id=\"f-")
        .append(name)
        .append("\" name=\"")
        .append(name)
        .append("\"><option value=\"\">any</option>");
    for (String o : options) {
      b.append("<option")
          .append(o.equals(chosen) ? " selected" : "")
          .append(" value=\"")
          .append(Html.text(o))
          .append("\">")
          .append(Html.text(o))
          .append("</option>");
    }
    b.append("</select></label>");
  }
}
