package dev.lui.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.agent.report.EventLog;
import dev.lui.agent.report.RecordingReporter;
import dev.lui.io.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {
  private final RecordingReporter rec = new RecordingReporter();
  private final EventLog events = new EventLog("r", rec, Clock.systemUTC());

  @Test
  void streamsStdoutAndStderrLinesAsLogEvents() throws Exception {
    new CommandRunner(events, false)
        .run(Command.of("sh", "-c", "echo one; echo two >&2; echo three"));
    assertThat(rec.lines("stdout")).containsExactly("one", "three");
    assertThat(rec.lines("stderr")).containsExactly("two");
    assertThat(rec.lines("agent")).containsExactly("$ sh -c 'echo one; echo two >&2; echo three'");
  }

  @Test
  void feedsStdin() throws Exception {
    new CommandRunner(events, false).run(Command.of("cat").withStdin("a\nb\n"));
    assertThat(rec.lines("stdout")).containsExactly("a", "b");
  }

  @Test
  void failsWithCommandExitCodeAndLastLines() {
    assertThatThrownBy(
            () ->
                new CommandRunner(events, false)
                    .run(Command.of("sh", "-c", "echo disk busy >&2; exit 3")))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("exit code 3")
        .hasMessageContaining("sh -c")
        .hasMessageContaining("disk busy")
        .satisfies(
            e -> {
              StepFailedException s = (StepFailedException) e;
              assertThat(s.exitCode()).isEqualTo(3);
              assertThat(s.lastLines()).containsExactly("disk busy");
              assertThat(s.command()).hasValueSatisfying(c -> assertThat(c).startsWith("sh", "-c"));
            });
  }

  @Test
  void missingProgramIsExitCode127() throws Exception {
    assertThat(
            new CommandRunner(events, false)
                .runAllowingFailure(Command.of("lui-no-such-program-xyz")))
        .isEqualTo(127);
  }

  @Test
  void queryReturnsStdoutWithoutLoggingIt() throws Exception {
    assertThat(new CommandRunner(events, false).query(Command.of("echo", "{\"x\":1}")))
        .contains("{\"x\":1}\n");
    assertThat(rec.lines("stdout")).isEmpty();
  }

  @Test
  void dryRunRunsNothingAndPrintsQuotedCommand(@TempDir Path dir) throws Exception {
    Path victim = dir.resolve("victim");
    Files.writeString(victim, "keep");
    CommandRunner dry = new CommandRunner(events, true);
    dry.run(Command.of("rm", "-f", victim.toString()));
    dry.run(Command.of("sh", "-c", "echo it's"));
    assertThat(victim).hasContent("keep");
    assertThat(dry.query(Command.of("blkid"))).isEmpty();
    assertThat(rec.lines("dry-run"))
        .containsExactly("rm -f " + victim, "sh -c 'echo it'\\''s'", "would query: blkid");
  }
}
