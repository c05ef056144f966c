package dev.lui.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
  private final ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(30));

  @Test
  void capturesStdoutAndStderrTogetherInTheOrderWritten() throws Exception {
    ProcessRunner.Result r = runner.run(List.of("sh", "-c", "echo one; echo two >&2; echo three"));
    assertThat(r.output()).isEqualTo("one\ntwo\nthree\n");
    assertThat(r.exitCode()).isZero();
    assertThat(r.succeeded()).isTrue();
  }

  @Test
  void anArgumentIsNeverInterpretedByAShell() throws Exception {
    assertThat(runner.run(List.of("echo", "$HOME; rm -rf /")).output())
        .isEqualTo("$HOME; rm -rf /\n");
  }

  @Test
  void describesAFailureWithItsCommandStatusAndOutput() throws Exception {
    ProcessRunner.Result r = runner.run(List.of("sh", "-c", "echo bad line 3 >&2; exit 4"));
    assertThat(r.succeeded()).isFalse();
    assertThat(r.describe())
        .isEqualTo("sh -c echo bad line 3 >&2; exit 4 exited with status 4:\nbad line 3");
  }

  @Test
  void stdinIsClosedUnlessTheCommandFeedsIt() throws Exception {
    assertThat(runner.run(List.of("cat")).output()).isEmpty();
    assertThat(runner.run(Command.of("cat").withStdin("a\nb\n")).output()).isEqualTo("a\nb\n");
  }

  @Test
  void killsACommandStillRunningAtTheTimeoutWithWhatItsChildrenHold() throws Exception {
    ProcessRunner quick = new ProcessRunner(Duration.ofMillis(300));
    ProcessRunner.Result r = quick.run(List.of("sh", "-c", "echo started; sleep 60 & sleep 60"));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.succeeded()).isFalse();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.output()).startsWith("started");
    assertThat(r.describe()).contains("timed out and was killed");
  }

  @Test
  void keepsOutputUpToItsBoundAndSaysItWasCut() throws Exception {
    ProcessRunner.Result r =
        runner
            .withMaxOutputBytes(100)
            .run(List.of("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x"));
    assertThat(r.output()).startsWith("x".repeat(100) + "\n[output truncated]");
    assertThat(r.succeeded()).isTrue();
    assertThat(runner.withMaxOutputBytes(100).run(List.of("printf", "%0100d", "0")).output())
        .isEqualTo("0".repeat(100));
  }

  @Test
  void streamsEveryLineOfEitherStreamAndCapturesStdoutOnly() throws Exception {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    ProcessRunner.Result r =
        ProcessRunner.withoutTimeout()
            .run(
                Command.of("sh", "-c", "echo one; echo two >&2; printf 'three\\r\\nfour\\rfive'"),
                (stream, line) -> lines.add(stream + " " + line));
    assertThat(lines)
        .containsExactlyInAnyOrder(
            "STDOUT one", "STDERR two", "STDOUT three", "STDOUT four", "STDOUT five");
    assertThat(r.output()).isEqualTo("one\nthree\r\nfour\rfive");
  }

  @Test
  void aVeryLongLineReachesTheListenerInPieces() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    ProcessRunner.withoutTimeout()
        .run(
            Command.of("sh", "-c", "head -c 150000 /dev/zero | tr '\\0' x"),
            (stream, line) -> sizes.add(line.length()));
    assertThat(sizes)
        .containsExactly(
            ProcessRunner.MAX_LINE_BYTES,
            ProcessRunner.MAX_LINE_BYTES,
            150000 - 2 * ProcessRunner.MAX_LINE_BYTES);
  }

  @Test
  void passesTheEnvironmentItWasGiven() throws Exception {
    ProcessRunner.Result r =
        runner.withEnvironment("LC_ALL", "C").run(List.of("sh", "-c", "echo $LC_ALL"));
    assertThat(r.output()).isEqualTo("C\n");
  }

  @Test
  void aProgramThatDoesNotExistCannotBeStarted() {
    assertThatThrownBy(() -> runner.run(List.of("lui-no-such-program-xyz")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void refusesAnEmptyCommandAndATimeoutThatIsNotPositive() {
    assertThatThrownBy(() -> runner.run(List.of()))
        .hasMessage("command '[]' is invalid: must name a program");
    assertThatThrownBy(() -> new ProcessRunner(Duration.ZERO))
        .hasMessage("timeout 'PT0S' is invalid: must be positive");
  }
}
