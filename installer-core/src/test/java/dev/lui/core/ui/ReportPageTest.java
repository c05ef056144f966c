package dev.lui.core.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.report.BatchReport;
import dev.lui.core.report.ReportLine;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The report page's order, CSV and escaping. */
class ReportPageTest {
  static ReportLine line(String name, String state, long seconds, String error, String... last) {
    return new ReportLine(
        name,
        state,
        Optional.of("payloads"),
        error.isEmpty() ? Optional.empty() : Optional.of(error),
        Optional.of(seconds),
        List.of(last),
        Optional.empty(),
        List.of(new BatchReport.StepTime("partition", 2.5, true)));
  }

  final List<ReportLine> lines =
      List.of(
          line("n10", "installed", 30, ""),
          line("n2", "failed", 5, "partition: no disk", "<script>x</script>", "\u001b[31mred"),
          line("n1", "installed", 50, ""),
          line("n3", "failed", 9, "=cmd|' /C calc'!A0"));

  @Test
  void failedNodesComeFirstWhateverTheColumn() {
    assertThat(ReportPage.sorted(lines, ReportPage.Column.NAME, false))
        .extracting(ReportLine::name)
        .containsExactly("n2", "n3", "n1", "n10");
    assertThat(ReportPage.sorted(lines, ReportPage.Column.SECONDS, true))
        .extracting(ReportLine::name)
        .containsExactly("n3", "n2", "n1", "n10");
  }

  @Test
  void theCsvQuotesWhatItMustAndDefusesFormulas() {
    String csv = ReportPage.csv(new BatchReport.Result(lines, List.of()));
    assertThat(csv.split("\r\n"))
        .containsExactly(
            "name,state,step,seconds,error,rehearsal,steps,last_lines",
            "n2,failed,payloads,5,partition: no disk,,partition=2.5,\"<script>x</script>\n\u001b[31mred\"",
            "n3,failed,payloads,9,'=cmd|' /C calc'!A0,,partition=2.5,",
            "n1,installed,payloads,50,,,partition=2.5,",
            "n10,installed,payloads,30,,,partition=2.5,");
  }

  @Test
  void thePageShowsLastLinesAsText() {
    Sessions.Session s =
        new Sessions.Session("id", "csrf", java.time.Instant.EPOCH, java.time.Instant.EPOCH);
    String html =
        ReportPage.render(
            s, new BatchReport.Result(lines, List.of()), "", ReportPage.Column.NAME, false, "");
    assertThat(html)
        .contains("&lt;script&gt;x&lt;/script&gt;")
        .contains("\\x1b[31mred")
        .doesNotContain("<script>x")
        .doesNotContain("\u001b");
  }
}
