package dev.lui.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.ErrorKind;
import dev.lui.core.Fixtures;
import dev.lui.core.LuiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NodeSetTest {
  // ---------------------------------------------------------------- expand

  @Test
  void expandsARangeKeepingItsZeroPadding() {
    assertThat(NodeSet.expand("n[001-128]"))
        .hasSize(128)
        .startsWith("n001", "n002")
        .endsWith("n128");
    assertThat(NodeSet.expand("n[8-10]")).containsExactly("n8", "n9", "n10");
  }

  @Test
  void expandsSeveralRangesAndNumbersInOneBracket() {
    assertThat(NodeSet.expand("n[01-04,07]")).containsExactly("n01", "n02", "n03", "n04", "n07");
  }

  @Test
  void expandsEveryCombinationOfSeveralBracketGroups() {
    assertThat(NodeSet.expand("r[1-2]n[01-02]"))
        .containsExactly("r1n01", "r1n02", "r2n01", "r2n02");
    assertThat(NodeSet.expand("rack[1-2]-n[1,3].ib"))
        .containsExactly("rack1-n1.ib", "rack1-n3.ib", "rack2-n1.ib", "rack2-n3.ib");
  }

  @Test
  void expandsAUnionInOrderEachNameOnce() {
    assertThat(NodeSet.expand("n02,n[01-03],x")).containsExactly("n02", "n01", "n03", "x");
  }

  @Test
  void refusesARangeThatGoesDownNamingTheFix() {
    assertThatThrownBy(() -> NodeSet.expand("n[5-2]"))
        .isInstanceOf(LuiException.class)
        .hasMessage("nodes 'n[5-2]': the range 5-2 goes down: write n[2-5]");
    assertThatThrownBy(() -> NodeSet.expand("n[1,5-2,9]"))
        .hasMessageEndingWith("goes down: write n[1,2-5,9]");
  }

  @Test
  void refusesBoundsPaddedDifferently() {
    assertThatThrownBy(() -> NodeSet.expand("n[01-100]"))
        .hasMessage(
            "nodes 'n[01-100]': the bounds of 01-100 are zero-padded differently: give both the"
                + " same number of digits, like 001-100");
  }

  @Test
  void refusesMalformedBracketsAndParts() {
    assertThatThrownBy(() -> NodeSet.expand("n[1-"))
        .hasMessage("nodes 'n[1-': a '[' without its ']'");
    assertThatThrownBy(() -> NodeSet.expand("n1]")).hasMessageContaining("a ']' without its '['");
    assertThatThrownBy(() -> NodeSet.expand("n[[1]]")).hasMessageContaining("do not nest");
    assertThatThrownBy(() -> NodeSet.expand("n[]")).hasMessageContaining("an empty '[]'");
    assertThatThrownBy(() -> NodeSet.expand("n[a-b]"))
        .hasMessageContaining("must hold numbers and ranges of numbers");
    assertThatThrownBy(() -> NodeSet.expand("n01,,n02"))
        .hasMessageContaining("an empty part between commas");
    assertThatThrownBy(() -> NodeSet.expand("n 01")).hasMessageContaining("not a node name");
    assertThatThrownBy(() -> NodeSet.expand("n\n[1-2]"))
        .hasMessage(
            "nodes 'n\\x0a[1-2]': names hold letters, digits, '.', '_' and '-' around their ranges");
    assertThatThrownBy(() -> NodeSet.expand("-[1-2]")).hasMessageContaining("not a node name");
    assertThatThrownBy(() -> NodeSet.expand("@gpu")).hasMessageContaining("only names and ranges");
  }

  @Test
  void refusesAnExpansionPastTheLimit() {
    assertThatThrownBy(() -> NodeSet.expand("n[0-999999999]"))
        .hasMessageContaining("expands to more than 100000 names")
        .extracting(e -> ((LuiException) e).kind())
        .isEqualTo(ErrorKind.INVALID_INPUT);
    assertThatThrownBy(() -> NodeSet.expand("a[1-1000]b[1-1000]"))
        .hasMessageContaining("more than 100000");
    assertThat(NodeSet.expand("n[1-100000]")).hasSize(100_000);
  }

  // ---------------------------------------------------------------- compress

  @Test
  void compressesIntoTheShortestRangeForm() {
    assertThat(NodeSet.compress(List.of("n01", "n02", "n03", "n07"))).isEqualTo("n[01-03,07]");
    assertThat(NodeSet.compress(List.of("r1n01", "r1n02", "r2n01", "r2n02")))
        .isEqualTo("r[1-2]n[01-02]");
    assertThat(NodeSet.compress(List.of("n8", "n9", "n10"))).isEqualTo("n[8-10]");
    assertThat(NodeSet.compress(List.of("n09", "n10", "n11"))).isEqualTo("n[09-11]");
    assertThat(NodeSet.compress(List.of("n05"))).isEqualTo("n05");
    assertThat(NodeSet.compress(List.of("r1n05", "r2n05"))).isEqualTo("r[1-2]n05");
    assertThat(NodeSet.compress(List.of("head", "n2", "n10", "n1", "n3")))
        .isEqualTo("head,n[1-3,10]");
    assertThat(NodeSet.compress(List.of("n1", "n2"))).as("shorter written out").isEqualTo("n1,n2");
    assertThat(NodeSet.compress(List.of())).isEmpty();
  }

  @Test
  void compressKeepsNamesThatDifferOnlyInPaddingApart() {
    String folded = NodeSet.compress(List.of("n1", "n01", "n001", "n2"));
    assertThat(new TreeSet<>(NodeSet.expand(folded))).containsExactly("n001", "n01", "n1", "n2");
  }

  /** expand(compress(x)) is x, for thousands of random sets of names. */
  @Test
  void compressThenExpandGivesTheSameNamesForRandomSets() {
    Random random = new Random(14);
    for (int round = 0; round < 3000; round++) {
      Set<String> names = randomNames(random);
      String folded = NodeSet.compress(names);
      List<String> back = NodeSet.expand(folded);
      assertThat(new HashSet<>(back))
          .as("round %d: %s -> %s", round, names, folded)
          .isEqualTo(names);
      assertThat(back).as("each name once: %s", folded).hasSize(names.size());
      assertThat(folded.length())
          .as("never longer than the names themselves")
          .isLessThanOrEqualTo(String.join(",", names).length());
    }
  }

  private static Set<String> randomNames(Random random) {
    Set<String> names = new HashSet<>();
    int count = 1 + random.nextInt(random.nextBoolean() ? 8 : 300);
    String[] prefixes = {"n", "node", "r1n", "r2n", "gpu-", "a.b", "x_"};
    for (int i = 0; i < count; i++) {
      String prefix = prefixes[random.nextInt(prefixes.length)];
      int width = random.nextInt(4); // 0: no padding
      int value = random.nextInt(random.nextBoolean() ? 20 : 2000);
      String number =
          width == 0 ? Integer.toString(value) : String.format("%0" + width + "d", value);
      String suffix = random.nextInt(5) == 0 ? "-ib" + random.nextInt(3) : "";
      names.add(
          random.nextInt(20) == 0
              ? "head" + (char) ('a' + random.nextInt(3))
              : prefix + number + suffix);
    }
    return names;
  }

  /** A range of N..M expands to M-N+1 names, each padded to the width of the lower bound. */
  @Test
  void rangesExpandToTheExpectedCountWithTheirPadding() {
    Random random = new Random(1414);
    for (int round = 0; round < 3000; round++) {
      int width = 1 + random.nextInt(5);
      long max = (long) Math.pow(10, width) - 1;
      long from = (long) (random.nextDouble() * max);
      long to = Math.min(max, from + random.nextInt(300));
      String lo = String.format("%0" + width + "d", from);
      String hi = String.format("%0" + width + "d", to);
      String expression = "c" + random.nextInt(9) + "n[" + lo + "-" + hi + "]";
      List<String> names = NodeSet.expand(expression);
      assertThat(names).as(expression).hasSize((int) (to - from + 1));
      assertThat(names)
          .as(expression + " keeps its padding")
          .allSatisfy(n -> assertThat(n.substring(n.indexOf('n') + 1)).hasSize(width));
      if (to - from >= 2) {
        assertThat(NodeSet.compress(names)).as("folds back").isEqualTo(expression);
      }
    }
  }

  // ---------------------------------------------------------------- select

  private static final List<Node> NODES =
      List.of(
          Fixtures.node(1, "compute"),
          Fixtures.node(2, "compute"),
          Fixtures.node(3, "compute", "gpu"),
          Fixtures.node(4, "gpu"),
          Fixtures.node(7)
              .withStatus(
                  Fixtures.node(7)
                      .status()
                      .finished(false, Optional.of("partition failed"), java.time.Instant.EPOCH)));
  private static final List<Group> GROUPS =
      List.of(new Group("compute"), new Group("gpu"), new Group("empty"));

  private static NodeSet.Selection select(String... expressions) {
    return NodeSet.parse("NODES", List.of(expressions), Optional.empty()).select(NODES, GROUPS);
  }

  @Test
  void selectsNamesRangesAndGroupsInOrderEachOnce() {
    assertThat(select("n04,@compute").names()).containsExactly("n04", "n01", "n02", "n03");
    assertThat(select("n[01-10]").names()).containsExactly("n01", "n02", "n03", "n04", "n07");
    assertThat(select("gpu").names()).as("a bare group name").containsExactly("n03", "n04");
    assertThat(select("group:gpu", "node:n01").names()).containsExactly("n03", "n04", "n01");
  }

  @Test
  void saysWhetherTheAdminNamedEachNode() {
    assertThat(select("n01", "n02").expanded()).isFalse();
    assertThat(select("n[01-02]").expanded()).isTrue();
    assertThat(select("@gpu").expanded()).isTrue();
    assertThat(NodeSet.all().select(NODES, GROUPS).expanded()).isTrue();
  }

  @Test
  void filtersByState() {
    NodeSet failed = NodeSet.parse("NODES", List.of(), Optional.of("failed"));
    assertThat(failed.select(NODES, GROUPS).names()).containsExactly("n07");
    assertThat(
            NodeSet.parse("NODES", List.of("@compute"), Optional.of("failed"))
                .select(NODES, GROUPS)
                .names())
        .as("nothing left is an empty selection, not an error")
        .isEmpty();
    assertThatThrownBy(() -> NodeSet.parse("NODES", List.of(), Optional.of("broken")))
        .hasMessage(
            "state 'broken': a node state: one of defined, installing, installed, failed,"
                + " verified");
  }

  @Test
  void namesWhatMatchesNothingAndTheFix() {
    assertThatThrownBy(() -> select("n[001-128]"))
        .hasMessage(
            "NODES 'n[001-128]': matches no defined node (defined: n[01-04,07]); check the numbers"
                + " and their zero padding");
    assertThatThrownBy(() -> select("@io"))
        .hasMessage(
            "NODES '@io': no such group (groups: compute, empty, gpu); define it with 'lui"
                + " define-group io'")
        .extracting(e -> ((LuiException) e).kind())
        .isEqualTo(ErrorKind.NOT_FOUND);
    assertThatThrownBy(() -> select("@empty"))
        .hasMessage("NODES '@empty': group empty has no members, so it matches no node");
    assertThatThrownBy(() -> select("n01,n99")).hasMessage("node 'n99' is not defined");
  }

  @Test
  void aNameThatIsBothANodeAndAGroupMustSayWhich() {
    List<Group> groups = new ArrayList<>(GROUPS);
    groups.add(new Group("n01"));
    assertThatThrownBy(
            () -> NodeSet.parse("NODES", List.of("n01"), Optional.empty()).select(NODES, groups))
        .hasMessage("NODES 'n01': is both a node and a group: write node:n01 or @n01");
  }
}
