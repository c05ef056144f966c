package dev.lui.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.store.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeRunsTest {
  private static Run run(int i, String arm, Run.Kind kind) {
    return Run.open("r-" + i, "n01", arm, kind, Instant.EPOCH.plusSeconds(i));
  }

  @Test
  void dropsTheOldestRunsBeyondTheKeptNumber() {
    List<Run> runs = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      runs.add(run(i, "a" + i, Run.Kind.INSTALL));
    }
    assertThat(NodeRuns.beyond(runs, "a7", 5)).containsExactly("r-1", "r-2");
    assertThat(NodeRuns.beyond(runs, "a7", 7)).isEmpty();
    assertThat(NodeRuns.beyond(runs, "a7", 1)).hasSize(6).doesNotContain("r-7");
  }

  @Test
  void keepsTheCurrentInstallEvenWhenRehearsalsCameAfterIt() {
    List<Run> runs =
        List.of(
            run(1, "a0", Run.Kind.INSTALL),
            run(2, "a1", Run.Kind.INSTALL),
            run(3, "a1", Run.Kind.REHEARSAL),
            run(4, "a1", Run.Kind.REHEARSAL));
    assertThat(NodeRuns.beyond(runs, "a1", 2)).containsExactly("r-1", "r-3");
  }

  @Test
  void namesARunByItsNumberFromEitherEndOrByItsId() {
    List<Run> runs =
        List.of(
            run(1, "a", Run.Kind.INSTALL).ended(false, Instant.EPOCH.plusSeconds(9)),
            run(2, "b", Run.Kind.REHEARSAL),
            run(3, "b", Run.Kind.INSTALL));
    assertThat(NodeRuns.named(runs, "n01", "1").id()).isEqualTo("r-1");
    assertThat(NodeRuns.named(runs, "n01", "-1").id()).isEqualTo("r-3");
    assertThat(NodeRuns.named(runs, "n01", "-3").id()).isEqualTo("r-1");
    assertThat(NodeRuns.named(runs, "n01", "r-2").id()).isEqualTo("r-2");
    for (String bad : List.of("0", "4", "-4")) {
      assertThatThrownBy(() -> NodeRuns.named(runs, "n01", bad))
          .hasMessageContaining("run '" + bad + "'")
          .hasMessageContaining("give 1 to 3 (oldest first) or -1 to -3")
          .hasMessageContaining("lui logs n01 --runs");
    }
    assertThatThrownBy(() -> NodeRuns.named(runs, "n01", "r-9"))
        .hasMessageContaining("not a kept run of node n01");
    assertThatThrownBy(() -> NodeRuns.named(List.of(), "n01", "1"))
        .hasMessageContaining("no kept run");
  }

  @Test
  void listsRunsNumberedOldestFirstWithTheirOutcome() {
    List<Run> runs =
        List.of(
            run(1, "a", Run.Kind.INSTALL).ended(false, Instant.EPOCH.plusSeconds(9)),
            run(2, "a", Run.Kind.INSTALL),
            run(3, "b", Run.Kind.REHEARSAL).ended(true, Instant.EPOCH.plusSeconds(99)),
            run(4, "b", Run.Kind.INSTALL));
    assertThat(NodeRuns.views(runs, "b"))
        .extracting(
            NodeRuns.RunView::number,
            NodeRuns.RunView::kind,
            NodeRuns.RunView::outcome,
            NodeRuns.RunView::current)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "install", "failed", false),
            org.assertj.core.groups.Tuple.tuple(2, "install", "unfinished", false),
            org.assertj.core.groups.Tuple.tuple(3, "rehearsal", "succeeded", true),
            org.assertj.core.groups.Tuple.tuple(4, "install", "running", true));
  }
}
