package dev.lui.core.domain;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of nodes as admins write it, everywhere a command takes nodes (issue #14): the one parser,
 * expander and folder of the syntax.
 *
 * <pre>
 *   n01                  a node (node:n01 when a group has the same name)
 *   n[001-128]           a range; the zero padding of the bounds is kept
 *   n[01-04,07]          several ranges and numbers in one bracket group
 *   r[1-2]n[01-02]       several bracket groups: every combination (r1n01, r1n02, r2n01, r2n02)
 *   &#64;compute             the members of a group (also group:compute; a bare group name still works)
 *   n01,n02,&#64;gpu         the union of comma-separated parts, in the order given, each node once
 * </pre>
 *
 * plus an optional filter by install state ({@code lui status --in-state failed}, {@code
 * ?state=failed}, {@link NodeState} wire names). No expression at all means every node. {@link
 * #select} resolves a set against the defined nodes and groups; every error names the field, the
 * part that is wrong and the fix. {@link #compress} folds names back into the shortest such
 * expression.
 */
public final class NodeSet {
  /** An expression expands to at most this many names (a typo must not exhaust the server). */
  public static final int MAX_NAMES = 100_000;

  /** One comma-separated part of an expression; each kind resolves itself. */
  private sealed interface Term permits Literal, Range, GroupRef {
    String text();

    /** Adds the nodes this part names to {@code into.out}. */
    void select(Resolution into);

    /** The names this part stands for without a store; groups refuse. */
    List<String> names();
  }

  /** A name: a node, {@code node:NAME}, {@code group:NAME}, or a bare group name. */
  private record Literal(String text) implements Term {
    @Override
    public void select(Resolution into) {
      if (text.startsWith("node:")) {
        into.node(text.substring(5));
      } else if (text.startsWith("group:")) {
        into.group(text, text.substring(6));
      } else if (into.isNode(text) && into.isGroup(text)) {
        throw LuiException.invalid(
            into.field(), text, "is both a node and a group: write node:" + text + " or @" + text);
      } else if (into.isGroup(text)) {
        into.group(text, text);
      } else {
        into.node(text);
      }
    }

    @Override
    public List<String> names() {
      if (text.contains(":")) {
        throw LuiException.invalid("nodes", text, "only names and ranges here");
      }
      return List.of(text);
    }
  }

  /** A name with bracket groups, already expanded, in order. */
  private record Range(String text, List<String> names) implements Term {
    @Override
    public void select(Resolution into) {
      into.range(text, names);
    }
  }

  /** {@code @NAME}. */
  private record GroupRef(String text, String name) implements Term {
    @Override
    public void select(Resolution into) {
      into.group(text, name);
    }

    @Override
    public List<String> names() {
      throw LuiException.invalid("nodes", text, "only names and ranges here");
    }
  }

  private final String field;
  private final List<Term> terms;
  private final Optional<NodeState> state;

  private NodeSet(String field, List<Term> terms, Optional<NodeState> state) {
    this.field = field;
    this.terms = List.copyOf(terms);
    this.state = state;
  }

  /** Every node. */
  public static NodeSet all() {
    return new NodeSet("nodes", List.of(), Optional.empty());
  }

  /**
   * Parses expressions (a command's arguments; each may itself be a comma-separated union) and an
   * optional state filter. No expression selects every node.
   *
   * @param field what to name in errors ({@code NODES}, {@code nodes})
   */
  public static NodeSet parse(String field, List<String> expressions, Optional<String> state) {
    List<Term> terms = new ArrayList<>();
    int[] count = {0};
    for (String expression : expressions) {
      for (String part : split(field, expression)) {
        Term term = term(field, part);
        if (term instanceof Range r) {
          count[0] += r.names().size();
        } else {
          count[0]++;
        }
        if (count[0] > MAX_NAMES) {
          throw NodeRanges.tooMany(field, String.join(",", expressions));
        }
        terms.add(term);
      }
    }
    return new NodeSet(field, terms, state.map(s -> parseState("state", s)));
  }

  public static NodeSet parse(String field, String expression) {
    return parse(field, List.of(expression), Optional.empty());
  }

  /** A {@link NodeState} by its wire name, or an error listing them. */
  public static NodeState parseState(String field, String text) {
    for (NodeState s : NodeState.values()) {
      if (s.wireName().equals(text)) {
        return s;
      }
    }
    List<String> names = new ArrayList<>();
    for (NodeState s : NodeState.values()) {
      names.add(s.wireName());
    }
    throw LuiException.invalid(field, text, "a node state: one of " + String.join(", ", names));
  }

  /** The expression, as it would be written again (parts joined by commas). */
  public String expression() {
    List<String> parts = terms.stream().map(Term::text).toList();
    return parts.isEmpty() ? "" : String.join(",", parts);
  }

  public Optional<NodeState> state() {
    return state;
  }

  /** No expression: the set is every node (maybe filtered by state). */
  public boolean isAll() {
    return terms.isEmpty();
  }

  /** What this set is, for messages: {@code n[01-04]}, {@code every node}, with the filter. */
  public String describe() {
    String what = isAll() ? "every node" : expression();
    return state.map(s -> what + " in state " + s.wireName()).orElse(what);
  }

  /**
   * The nodes a set selects.
   *
   * @param names in the order of the expression, each once
   * @param expanded whether a part was more than a node's own name (a range, a group, a filter, or
   *     every node): the admin did not name each node, which asks for confirmation where a plain
   *     list would not
   */
  public record Selection(List<String> names, boolean expanded) {
    public Selection {
      names = List.copyOf(names);
    }
  }

  /**
   * Resolves the set against the defined nodes (in their order) and groups. A name must be a
   * defined node (or group), a group must exist and have members, a range must match at least one
   * node; the state filter may leave nothing (an empty selection, which commands that change
   * something refuse).
   */
  public Selection select(List<Node> nodes, Collection<Group> groups) {
    Resolution r = new Resolution(field, nodes, groups);
    if (isAll()) {
      r.out.addAll(r.byName.keySet());
      r.expanded = true;
    }
    terms.forEach(t -> t.select(r));
    List<String> names = new ArrayList<>(r.out);
    if (state.isPresent()) {
      NodeState wanted = state.get();
      names.removeIf(n -> r.byName.get(n).status().state() != wanted);
    }
    return new Selection(names, r.expanded || state.isPresent());
  }

  /** The defined nodes and groups a set is resolved against, and what it selected so far. */
  private static final class Resolution {
    private final String field;
    private final List<Node> nodes;
    private final Map<String, Node> byName = new LinkedHashMap<>();
    private final Set<String> groupNames = new TreeSet<>();
    private final Set<String> out = new LinkedHashSet<>();
    private boolean expanded;

    Resolution(String field, List<Node> nodes, Collection<Group> groups) {
      this.field = field;
      this.nodes = nodes;
      nodes.forEach(n -> byName.put(n.name(), n));
      groups.forEach(g -> groupNames.add(g.name()));
    }

    String field() {
      return field;
    }

    boolean isNode(String name) {
      return byName.containsKey(name);
    }

    boolean isGroup(String name) {
      return groupNames.contains(name);
    }

    void node(String name) {
      if (!byName.containsKey(name)) {
        throw LuiException.notFound("node", name);
      }
      out.add(name);
    }

    void range(String text, List<String> names) {
      List<String> found = names.stream().filter(byName::containsKey).toList();
      if (found.isEmpty()) {
        throw LuiException.invalid(
            field,
            text,
            "matches no defined node"
                + (byName.isEmpty()
                    ? " (none is defined)"
                    : " (defined: " + shortened(compress(byName.keySet())) + ")")
                + "; check the numbers and their zero padding");
      }
      out.addAll(found);
      expanded = true;
    }

    void group(String text, String group) {
      if (!groupNames.contains(group)) {
        throw new LuiException(
            ErrorKind.NOT_FOUND,
            field
                + " '"
                + LuiException.printable(text)
                + "': no such group"
                + (groupNames.isEmpty()
                    ? ""
                    : " (groups: " + shortened(String.join(", ", groupNames)) + ")")
                + "; define it with 'lui define-group "
                + LuiException.printable(group)
                + "'");
      }
      List<String> members =
          nodes.stream().filter(n -> n.groups().contains(group)).map(Node::name).toList();
      if (members.isEmpty()) {
        throw LuiException.invalid(
            field, text, "group " + group + " has no members, so it matches no node");
      }
      out.addAll(members);
      expanded = true;
    }
  }

  private static String shortened(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  // ---------------------------------------------------------------- parsing

  /** Splits at commas outside brackets; checks the brackets pair up. */
  private static List<String> split(String field, String expression) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (c == '[') {
        if (depth > 0) {
          throw LuiException.invalid(
              field, expression, "brackets do not nest: write ranges like n[01-04,07]");
        }
        depth++;
      } else if (c == ']') {
        if (depth == 0) {
          throw LuiException.invalid(field, expression, "a ']' without its '['");
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(expression.substring(start, i));
        start = i + 1;
      }
    }
    if (depth > 0) {
      throw LuiException.invalid(field, expression, "a '[' without its ']'");
    }
    parts.add(expression.substring(start));
    for (String p : parts) {
      if (p.isEmpty()) {
        throw LuiException.invalid(
            field,
            expression,
            "an empty part between commas: write names, ranges or groups like n01,n[02-04],@gpu");
      }
    }
    return parts;
  }

  private static Term term(String field, String part) {
    if (part.startsWith("@")) {
      String group = part.substring(1);
      if (group.length() > 63 || !NodeRanges.NAME.matcher(group).matches()) {
        throw LuiException.invalid(
            field, part, "a group name after '@', like @compute (letters, digits, '.', '_', '-')");
      }
      return new GroupRef(part, group);
    }
    if (part.indexOf('[') >= 0) {
      return new Range(part, NodeRanges.expandPattern(field, part));
    }
    String name =
        part.startsWith("node:")
            ? part.substring(5)
            : part.startsWith("group:") ? part.substring(6) : part;
    if (name.length() > 63 || !NodeRanges.NAME.matcher(name).matches()) {
      throw LuiException.invalid(
          field,
          part,
          "not a node name, a range like n[01-04] or a group like @compute (names are letters,"
              + " digits, '.', '_', '-')");
    }
    return new Literal(part);
  }

  /**
   * The names an expression of names and ranges stands for, in order, each once (no store: groups
   * and {@code node:}/{@code group:} are refused).
   */
  public static List<String> expand(String expression) {
    Set<String> out = new LinkedHashSet<>();
    parse("nodes", expression).terms.forEach(t -> out.addAll(t.names()));
    return List.copyOf(out);
  }

  /** {@link NodeRanges#compress}: names folded back into the shortest range form. */
  public static String compress(Collection<String> names) {
    return NodeRanges.compress(names);
  }

  /** Natural order: digit runs compare as numbers (n2 before n10), then as text. */
  public static int natural(String a, String b) {
    return NodeRanges.natural(a, b);
  }

  @Override
  public String toString() {
    return describe();
  }
}
