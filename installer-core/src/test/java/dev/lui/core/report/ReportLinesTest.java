package dev.lui.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.store.LogEntry;
import dev.lui.core.store.MemoryStore;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportLinesTest {
  final MemoryStore store = new MemoryStore();

  void log(long seq, Optional<String> text) {
    store.appendLog(
        new LogEntry(
            0,
            "n01",
            "r1",
            seq,
            Instant.EPOCH,
            "log",
            Optional.of("payloads"),
            Optional.of("stdout"),
            text,
            Optional.empty()));
  }

  @Test
  void keepsTheLastEightLinesWithTextAcrossPages() {
    for (int i = 1; i <= 1234; i++) {
      log(i, i % 3 == 0 ? Optional.empty() : Optional.of("line " + i));
    }
    assertThat(ReportLines.last(store, "n01"))
        .containsExactly(
            "line 1223",
            "line 1225",
            "line 1226",
            "line 1228",
            "line 1229",
            "line 1231",
            "line 1232",
            "line 1234");
  }

  @Test
  void cutsEachLineSoAHugeLineCannotMakeTheReportHuge() {
    log(1, Optional.of("x".repeat(10 * 1024 * 1024)));
    log(2, Optional.of("short"));
    assertThat(ReportLines.last(store, "n01"))
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .hasSize(ReportLines.MAX_CHARS + " more characters]".length() + 3 + 8)
                    .startsWith("xxx")
                    .endsWith("\u2026 [10485520 more characters]"),
            second -> assertThat(second).isEqualTo("short"));
  }

  @Test
  void aLogWithoutTextGivesNoLines() {
    assertThat(ReportLines.last(store, "n02")).isEmpty();
  }
}
