package dev.lui.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.contract.event.AgentEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolFileTest {
  @TempDir Path dir;

  static AgentEvent event(String run, long seq, String text) {
    return new AgentEvent(
        run,
        seq,
        Instant.parse("2026-12-02T03:00:00Z"),
        AgentEvent.Kind.LOG,
        Optional.of("payloads"),
        Optional.of("stdout"),
        Optional.of(text),
        Optional.empty());
  }

  static List<Long> seqs(List<AgentEvent> events) {
    return events.stream().map(AgentEvent::seq).toList();
  }

  @Test
  void eventsComeBackInOrderInBatchesAndTheFileEmptiesOnceAllAreDelivered() throws IOException {
    SpoolFile spool = SpoolFile.open(dir.resolve("spool"), "n01-x");
    for (int i = 1; i <= 10; i++) {
      spool.add(event("r1", i, "line " + i));
    }
    assertThat(spool.size()).isEqualTo(10);
    assertThat(seqs(spool.head(4))).containsExactly(1L, 2L, 3L, 4L);
    assertThat(seqs(spool.head(4))).as("head does not consume").containsExactly(1L, 2L, 3L, 4L);
    spool.remove(4);
    assertThat(seqs(spool.head(100))).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
    spool.remove(6);
    assertThat(spool.size()).isZero();
    assertThat(spool.head(10)).isEmpty();
    assertThat(Files.size(spool.file())).as("truncated when everything is delivered").isZero();
    spool.add(event("r1", 11, "after"));
    assertThat(seqs(spool.head(10))).containsExactly(11L);
    spool.close();
    assertThat(Files.getPosixFilePermissions(dir.resolve("spool")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void aReopenedSpoolHoldsExactlyWhatWasNotAcknowledged() throws IOException {
    SpoolFile first = SpoolFile.open(dir, "n01-x");
    for (int i = 1; i <= 10; i++) {
      first.add(event("r1", i, "line " + i));
    }
    first.head(3);
    first.remove(3);
    first.close(); // the agent dies here

    SpoolFile again = SpoolFile.open(dir, "n01-x");
    assertThat(again.size()).isEqualTo(7);
    again.add(event("r2", 1, "the next run"));
    List<AgentEvent> all = again.head(100);
    assertThat(seqs(all)).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 1L);
    assertThat(all.get(0).text()).contains("line 4");
    assertThat(all.get(7).runId()).isEqualTo("r2");
    again.close();
  }

  @Test
  void aLineTornByACrashIsSkippedAndEverythingElseDelivered() throws IOException {
    SpoolFile first = SpoolFile.open(dir, "n01-x");
    first.add(event("r1", 1, "one"));
    first.add(event("r1", 2, "two"));
    first.close();
    Files.writeString(
        dir.resolve("n01-x.jsonl"), "{\"runId\":\"r1\",\"seq\":3,\"ti", StandardOpenOption.APPEND);

    SpoolFile again = SpoolFile.open(dir, "n01-x");
    again.add(event("r1", 4, "four"));
    assertThat(seqs(again.head(100))).containsExactly(1L, 2L, 4L);
    assertThat(again.size()).isEqualTo(3);
    again.remove(3);
    assertThat(again.size()).isZero();
    again.close();
  }

  @Test
  void aLineLongerThanTheReadChunkIsReadWhole() throws IOException {
    SpoolFile spool = SpoolFile.open(dir, "n01-x");
    String big = "x".repeat(200_000);
    spool.add(event("r1", 1, "small"));
    spool.add(event("r1", 2, big));
    spool.add(event("r1", 3, "small again"));
    List<AgentEvent> all = spool.head(10);
    assertThat(seqs(all)).containsExactly(1L, 2L, 3L);
    assertThat(all.get(1).text()).contains(big);
    spool.close();
  }

  @Test
  void aDeliveredOffsetBeyondTheFileMeansResendEverythingNotLoseIt() throws IOException {
    SpoolFile first = SpoolFile.open(dir, "n01-x");
    first.add(event("r1", 1, "one"));
    first.close();
    Files.writeString(dir.resolve("n01-x.jsonl.delivered"), "999999\n");
    SpoolFile again = SpoolFile.open(dir, "n01-x");
    assertThat(seqs(again.head(10))).containsExactly(1L);
    again.close();
  }

  @Test
  void theNameIsPerInstallAndDoesNotRevealTheToken() {
    URI server = URI.create("http://10.0.0.1:8080/");
    String a = SpoolFile.nameFor(server, "n01", "token-one");
    assertThat(a).startsWith("n01-").doesNotContain("token");
    assertThat(SpoolFile.nameFor(URI.create("http://10.0.0.1:8080"), "n01", "token-one"))
        .as("a trailing slash is the same server")
        .isEqualTo(a);
    assertThat(SpoolFile.nameFor(server, "n01", "token-two")).isNotEqualTo(a);
    assertThat(SpoolFile.nameFor(URI.create("http://10.0.0.2:8080/"), "n01", "token-one"))
        .isNotEqualTo(a);
    assertThat(SpoolFile.nameFor(server, "../etc", "t")).doesNotContain("/");
  }
}
