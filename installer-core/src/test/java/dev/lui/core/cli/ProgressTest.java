package dev.lui.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  static final long MIB = 1 << 20;
  static final long SECOND = 1_000_000_000L;
  final AtomicLong clock = new AtomicLong();
  final StringWriter err = new StringWriter();

  Progress progress(boolean terminal, long total) {
    return new Progress(
        new PrintWriter(err, true),
        terminal,
        clock::get,
        "uploading",
        "uploaded",
        "base.tar",
        total);
  }

  @Test
  void aSmallQuickFileShowsNothing() {
    Progress p = progress(false, 10 * MIB);
    clock.set(SECOND);
    p.update(10 * MIB);
    p.finish();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void offATerminalALineAtMostEveryFiveSecondsThenTheRate() {
    Progress p = progress(false, 1024 * MIB);
    for (int s = 1; s <= 12; s++) {
      clock.set(s * SECOND);
      p.update(s * 64 * MIB);
    }
    clock.set(16 * SECOND);
    p.update(1024 * MIB);
    p.finish();
    assertThat(err.toString().lines().toList())
        .containsExactly(
            "lui: uploading base.tar: 128.0 of 1024.0 MiB (12%), 64.0 MiB/s",
            "lui: uploading base.tar: 448.0 of 1024.0 MiB (43%), 64.0 MiB/s",
            "lui: uploading base.tar: 768.0 of 1024.0 MiB (75%), 64.0 MiB/s",
            "lui: uploaded base.tar: 1024.0 MiB in 16.0 s, 64.0 MiB/s");
  }

  @Test
  void onATerminalOneLineIsRewritten() {
    Progress p = progress(true, 100 * MIB);
    clock.set(SECOND / 2);
    p.update(50 * MIB);
    clock.set(SECOND / 2 + 100_000_000L);
    p.update(55 * MIB); // too soon: not drawn
    clock.set(SECOND);
    p.update(100 * MIB);
    p.finish();
    assertThat(err.toString())
        .isEqualTo(
            "\rlui: uploading base.tar: 50.0 of 100.0 MiB (50%), 100.0 MiB/s"
                + "\rlui: uploading base.tar: 100.0 of 100.0 MiB (100%), 100.0 MiB/s"
                + "\rlui: uploaded base.tar: 100.0 MiB in 1.0 s, 100.0 MiB/s"
                + " ".repeat(8)
                + System.lineSeparator());
  }

  @Test
  void aSmallFileThatTakesLongShowsProgressToo() {
    Progress p = progress(false, MIB);
    clock.set(3 * SECOND);
    p.update(MIB / 2);
    clock.set(4 * SECOND);
    p.update(MIB);
    p.finish();
    assertThat(err.toString())
        .contains("lui: uploading base.tar: 0.5 of 1.0 MiB (50%)")
        .contains("lui: uploaded base.tar: 1.0 MiB in 4.0 s");
  }
}
