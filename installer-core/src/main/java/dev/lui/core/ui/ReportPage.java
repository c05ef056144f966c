package dev.lui.core.ui;

import dev.lui.core.report.BatchReport;
import dev.lui.core.report.ReportLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The batch report page: what {@code lui report} says ({@link BatchReport}), failed nodes first
 * with their last lines, sortable by any column, the steps' median and slowest times, and the same
 * report as CSV and as the API's JSON.
 */
final class ReportPage {
  private ReportPage() {}

  /** The columns one can sort by, with how. */
  enum Column {
    NAME(Comparator.comparing(ReportLine::name, dev.lui.core.domain.NodeSet::natural)),
    STATE(Comparator.comparing(ReportLine::state)),
    STEP(Comparator.comparing(l -> l.step().orElse(""))),
    SECONDS(Comparator.comparing(l -> l.seconds().orElse(-1L))),
    ERROR(Comparator.comparing(l -> l.error().orElse("")));

    final Comparator<ReportLine> order;

    Column(Comparator<ReportLine> order) {
      this.order = order;
    }

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Column of(String text) {
      for (Column c : values()) {
        if (c.wire().equals(text)) {
          return c;
        }
      }
      return NAME;
    }
  }

  /** Failed nodes first, then by {@code by} ({@code descending} reverses that part only). */
  static List<ReportLine> sorted(List<ReportLine> lines, Column by, boolean descending) {
    Comparator<ReportLine> failedFirst =
        Comparator.comparing((ReportLine l) -> l.state().equals("failed") ? 0 : 1);
    Comparator<ReportLine> then = descending ? by.order.reversed() : by.order;
    List<ReportLine> out = new ArrayList<>(lines);
    out.sort(failedFirst.thenComparing(then));
    return out;
  }

  static String render(
      Sessions.Session session,
      BatchReport.Result report,
      String nodes,
      Column by,
      boolean descending,
      String problem) {
    StringBuilder b = new StringBuilder(4096 + report.nodes().size() * 200);
    String set = nodes.isEmpty() ? "" : "nodes=" + Html.query(nodes) + "&";
    b.append("<h1>Batch report</h1><form class=\"filter\" method=\"get\" action=\"")
        .append(Layout.PREFIX)
        .append("/report\"><label>nodes <input name=\"nodes\" value=\"")
        .append(Html.text(nodes))
        .append("\" placeholder=\"every node\"></label><button type=\"submit\">Show</button>")
        .append("<a id=\"export-csv\" href=\"")
        .append(Layout.PREFIX)
        .append("/report.csv?")
        .append(set)
        .append("\">CSV</a> <a id=\"export-json\" href=\"")
        .append(Layout.PREFIX)
        .append("/report.json?")
        .append(set)
        .append("\">JSON</a></form>");
    if (!problem.isEmpty()) {
      b.append("<p class=\"error\" id=\"message\">").append(Html.text(problem)).append("</p>");
    }
    Map<String, Long> byState =
        report.nodes().stream()
            .collect(Collectors.groupingBy(ReportLine::state, Collectors.counting()));
    b.append("<p id=\"summary\">")
        .append(report.nodes().size())
        .append(" nodes: ")
        .append(
            byState.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", ")))
        .append("</p>");
    steps(b, report.steps());
    b.append("<h2>Nodes</h2><table id=\"report\" class=\"report\"><thead><tr>");
    for (Column c : Column.values()) {
      boolean now = c == by;
      b.append("<th><a href=\"")
          .append(Layout.PREFIX)
          .append("/report?")
          .append(set)
          .append("sort=")
          .append(c.wire())
          .append(now && !descending ? "&dir=desc" : "")
          .append("\">")
          .append(c.wire())
          .append(now ? (descending ? " \u25bc" : " \u25b2") : "")
          .append("</a></th>");
    }
    b.append("<th>steps</th></tr></thead><tbody>");
    for (ReportLine l : sorted(report.nodes(), by, descending)) {
      b.append(l.state().equals("failed") ? "<tr class=\"failed\">" : "<tr>")
          .append("<td><a href=\"")
          .append(Layout.PREFIX)
          .append("/node/")
          .append(Html.segment(l.name()))
          .append("\">")
          .append(Html.text(l.name()))
          .append("</a></td><td>")
          .append(Html.text(l.state()))
          .append("</td><td>")
          .append(Html.text(l.step().orElse("")))
          .append("</td><td class=\"num\">")
          .append(l.seconds().map(String::valueOf).orElse(""))
          .append("</td><td>")
          .append(Html.text(l.error().orElse("")));
      if (!l.lastLines().isEmpty()) {
        b.append("<pre class=\"last\">");
        l.lastLines().forEach(line -> b.append(Html.text(line)).append('\n'));
        b.append("</pre>");
      }
      b.append("</td><td class=\"steps\">");
      l.steps()
          .forEach(
              s ->
                  b.append("<span class=\"")
                      .append(s.ok() ? "ok" : "failed")
                      .append("\">")
                      .append(Html.text(s.step()))
                      .append(' ')
                      .append(seconds(s.seconds()))
                      .append("</span> "));
      b.append("</td></tr>");
    }
    b.append("</tbody></table>");
    return Layout.page("report", session, b.toString(), "page", "report");
  }

  private static void steps(StringBuilder b, List<BatchReport.StepSummary> steps) {
    b.append("<h2>Steps</h2><table id=\"steps\" class=\"report\"><thead><tr><th>step</th>")
        .append("<th>nodes ok</th><th>median</th><th>slowest</th><th>failed</th></tr></thead>")
        .append("<tbody>");
    for (BatchReport.StepSummary s : steps) {
      b.append("<tr><td>")
          .append(Html.text(s.step()))
          .append("</td><td class=\"num\">")
          .append(s.nodes())
          .append("</td><td class=\"num\">")
          .append(s.medianSeconds().map(ReportPage::seconds).orElse(""))
          .append("</td><td>")
          .append(
              s.slowest()
                  .map(n -> Html.text(n) + " (" + seconds(s.slowestSeconds().orElse(0.0)) + ")")
                  .orElse(""))
          .append("</td><td class=\"num\">")
          .append(s.failed())
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
  }

  static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  /**
   * The report as CSV (RFC 4180): a line per node, failed first. A cell a spreadsheet would run as
   * a formula (starting with {@code = + - @}) gets a leading apostrophe.
   */
  static String csv(BatchReport.Result report) {
    StringBuilder b =
        new StringBuilder("name,state,step,seconds,error,rehearsal,steps,last_lines\r\n");
    for (ReportLine l : sorted(report.nodes(), Column.NAME, false)) {
      String steps =
          l.steps().stream()
              .map(s -> s.step() + "=" + s.seconds() + (s.ok() ? "" : " failed"))
              .collect(Collectors.joining("; "));
      List<String> cells =
          List.of(
              l.name(),
              l.state(),
              l.step().orElse(""),
              l.seconds().map(String::valueOf).orElse(""),
              l.error().orElse(""),
              l.rehearsal().orElse(""),
              steps,
              String.join("\n", l.lastLines()));
      b.append(cells.stream().map(ReportPage::cell).collect(Collectors.joining(",")))
          .append("\r\n");
    }
    return b.toString();
  }

  static String cell(String value) {
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  static Optional<String> nonEmpty(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }
}
