package dev.lui.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.contract.event.AgentEvent;
import dev.lui.contract.event.DiskSelected;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {
  /** Each reading is 1.5 s after the previous one. */
  static final class SteppingClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      Instant t = now;
      now = now.plus(Duration.ofMillis(1500));
      return t;
    }
  }

  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

  private EventLog log(List<String> hints) {
    return new EventLog(
        "run-e",
        new ConsoleReporter(new PrintStream(buf, true, StandardCharsets.UTF_8), hints),
        new SteppingClock());
  }

  private List<String> lines() {
    return List.of(buf.toString(StandardCharsets.UTF_8).split("\n"));
  }

  @Test
  void printsOneLinePerStepStartAndEndWithItsDurationAndTheTimeSinceTheStart() {
    EventLog log = log(List.of());
    log.log("agent", "installing node n1");
    log.stepStarted("partition");
    log.log("stderr", "Checking that no-one is using this disk right now ... OK");
    log.stepFinished("partition", true, Optional.empty());
    log.installFinished(true, Optional.of("finish: reboot"));
    assertThat(lines())
        .containsExactly(
            "installing node n1",
            "==> partition  (at 1.5 s)",
            "[partition] stderr: Checking that no-one is using this disk right now ... OK",
            "<== partition ok in 3.0 s  (at 4.5 s)",
            "install finished OK in 6.0 s: finish: reboot");
  }

  @Test
  void aFailedInstallEndsWithABoxSayingWhatFailedAndThatTheNodeStaysUp() {
    EventLog log = log(List.of("Agent log (JSON lines): /var/log/lui-agent.log"));
    log.stepStarted("mount");
    log.log("stderr", "oops");
    log.stepFinished(
        "mount",
        false,
        Optional.of("mount -t ext4 /dev/sda2 /mnt/lui-target exited 32\nlast output:\n  oops"));
    log.stepStarted("unmount");
    log.stepFinished("unmount", true, Optional.empty());
    log.installFinished(
        false,
        Optional.of(
            "mount: mount -t ext4 /dev/sda2 /mnt/lui-target exited 32\nlast output:\n  oops"));
    List<String> out = lines();
    assertThat(out)
        .contains(
            "<== mount FAILED in 3.0 s  (at 3.0 s): mount -t ext4 /dev/sda2 /mnt/lui-target exited 32 ...",
            "install FAILED after 7.5 s: mount: mount -t ext4 /dev/sda2 /mnt/lui-target exited 32 ...");
    int top = out.indexOf("+" + "-".repeat(76) + "+");
    assertThat(top).isPositive();
    List<String> box = out.subList(top, out.size());
    assertThat(box).allMatch(l -> l.length() == 78).last().isEqualTo(box.get(0));
    String text = String.join("\n", box);
    assertThat(text)
        .contains(
            "| LUI INSTALL FAILED in step 'mount' ",
            "| mount -t ext4 /dev/sda2 /mnt/lui-target exited 32 ",
            "|   oops ",
            "it will NOT reboot",
            "| Agent log (JSON lines): /var/log/lui-agent.log ");
  }

  @Test
  void theBoxKeepsTheFirstAndLastLinesOfALongErrorAndWrapsLongLines() {
    StringBuilder error = new StringBuilder("tar exited 2");
    for (int i = 1; i <= 30; i++) {
      error.append("\n  line ").append(i);
    }
    List<String> box =
        ConsoleReporter.failureBox(
            Optional.of("payloads"), "payloads: " + error + "\n" + "x".repeat(100), List.of());
    String text = String.join("\n", box);
    assertThat(text)
        .contains("| tar exited 2 ", "lines more in the log", "line 30")
        .doesNotContain("line 5 ")
        .doesNotContain("payloads: tar");
    assertThat(box).allMatch(l -> l.length() == ConsoleReporter.BOX_WIDTH);
  }

  @Test
  void aPlanThatCouldNotBeFetchedStillGetsABoxSayingNoDiskWasTouched() {
    EventLog log = log(List.of());
    log.installFinished(
        false, Optional.of("cannot get the plan: GET http://s/plan answered HTTP 503"));
    String text = String.join("\n", lines());
    assertThat(text)
        .contains(
            "| LUI INSTALL FAILED ",
            "| cannot get the plan: GET http://s/plan" + " answered HTTP 503",
            "will NOT reboot",
            "stopped before touching any disk");
  }

  @Test
  void anEventOfAKindThisCodeDoesNotKnowIsPrintedWithItsName() {
    new ConsoleReporter(new PrintStream(buf, true, StandardCharsets.UTF_8))
        .report(
            new AgentEvent(
                "r",
                1,
                Instant.EPOCH,
                "disk-smart",
                Optional.of("select-disk"),
                Optional.empty(),
                Optional.of("healthy"),
                Optional.empty()));
    assertThat(lines()).containsExactly("[disk-smart] select-disk: healthy");
  }

  @Test
  void theSelectedDiskIsPrintedInWords() {
    new ConsoleReporter(new PrintStream(buf, true, StandardCharsets.UTF_8))
        .report(
            AgentEvent.diskSelected(
                "r",
                1,
                Instant.EPOCH,
                Optional.of("select-disk"),
                new DiskSelected("/dev/vda", Optional.of("QM0001"), Optional.empty(), 8L << 30)));
    assertThat(lines())
        .containsExactly(
            "[disk-selected] select-disk: selected /dev/vda (serial QM0001, 8589934592 bytes)");
  }
}
