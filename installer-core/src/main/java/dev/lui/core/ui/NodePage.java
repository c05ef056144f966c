package dev.lui.core.ui;

import dev.lui.core.domain.Node;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.Store;
import dev.lui.core.timeline.RunRef;
import dev.lui.core.timeline.Timeline;
import dev.lui.core.timeline.TimelineEvent;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A node's page: its state, its timeline (from {@code timeline.Timelines}: armed, power, boot
 * files, plan fetch, steps, installed or failed), the runs to choose from, and the log of the run
 * shown (the last {@link #LOG_LINES} lines, searchable; followed live by the script).
 */
final class NodePage {
  private NodePage() {}

  static final int LOG_LINES = 2000;
  private static final int PAGE = 1000;
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The log lines of a run (every run if none), matching {@code search}, and the last id read. */
  record Log(List<LogEntry> lines, long lastId, boolean cut) {}

  static Log log(Store store, String node, Optional<String> run, String search) {
    ArrayDeque<LogEntry> last = new ArrayDeque<>();
    String needle = search.toLowerCase(Locale.ROOT);
    long after = 0;
    boolean cut = false;
    while (true) {
      List<LogEntry> page = store.log(node, after, PAGE);
      for (LogEntry e : page) {
        after = e.id();
        if (run.map(r -> r.equals(e.runId())).orElse(true) && matches(e, needle)) {
          last.addLast(e);
          if (last.size() > LOG_LINES) {
            last.removeFirst();
            cut = true;
          }
        }
      }
      if (page.size() < PAGE) {
        return new Log(List.copyOf(last), after, cut);
      }
    }
  }

  private static boolean matches(LogEntry e, String needle) {
    return needle.isEmpty()
        || e.text().map(t -> t.toLowerCase(Locale.ROOT).contains(needle)).orElse(false);
  }

  static String render(
      Sessions.Session session, Node node, Timeline timeline, Log log, String search) {
    String name = Html.text(node.name());
    String base = Layout.PREFIX + "/node/" + Html.segment(node.name());
    Optional<String> run = timeline.run();
    StringBuilder b = new StringBuilder(4096 + log.lines().size() * 120);
    b.append("<h1>").append(name).append("</h1>");
    b.append("<p class=\"status\"><span id=\"node-state\" class=\"badge s-")
        .append(ClusterPage.state(node))
        .append("\">")
        .append(ClusterPage.state(node))
        .append("</span> <span id=\"node-detail\">")
        .append(Html.text(ClusterPage.detail(node)))
        .append("</span></p>");
    b.append("<section><h2>Timeline</h2><div id=\"timeline\">")
        .append(timeline(timeline))
        .append("</div></section>");
    b.append("<section><h2>Log</h2><form class=\"search\" method=\"get\" action=\"")
        .append(base)
        .append("\">");
    run.ifPresent(
        r ->
            b.append("<input type=\"hidden\" name=\"run\" value=\"")
                .append(Html.text(r))
                .append("\">"));
    b.append("<input id=\"log-search\" name=\"q\" placeholder=\"search the log\" value=\"")
        .append(Html.text(search))
        .append("\"><button type=\"submit\">Search</button></form>");
    if (log.cut()) {
      b.append("<p class=\"hint\">The last ")
          .append(LOG_LINES)
          .append(" lines; <code>lui logs ")
          .append(name)
          .append("</code> prints them all.</p>");
    }
    b.append("<ol id=\"log\" class=\"log\">");
    for (LogEntry e : log.lines()) {
      List<Object> line = LiveUpdates.logLine(e);
      b.append("<li><time>")
          .append(Html.text((String) line.get(1)))
          .append("</time><span class=\"k\">")
          .append(Html.text((String) line.get(2)))
          .append("</span><span class=\"t\">")
          .append(Html.text((String) line.get(3)))
          .append("</span></li>");
    }
    b.append("</ol></section>");
    return Layout.page(
        node.name(),
        session,
        b.toString(),
        "page",
        "node",
        "events",
        base + "/events?after=" + log.lastId() + run.map(r -> "&run=" + Html.query(r)).orElse(""),
        "timeline",
        base + "/timeline" + run.map(r -> "?run=" + Html.query(r)).orElse(""),
        "search",
        search);
  }

  private static void runs(
      StringBuilder b, String base, List<RunRef> runs, Optional<String> shown) {
    if (runs.isEmpty()) {
      b.append("<p class=\"hint\" id=\"runs\">No run yet: the agent opens one when it fetches its")
          .append(" plan.</p>");
      return;
    }
    b.append("<p id=\"runs\" class=\"runs\">Runs: ");
    for (int i = runs.size() - 1; i >= 0; i--) {
      RunRef r = runs.get(i);
      boolean current = shown.map(s -> s.equals(r.id())).orElse(false);
      b.append("<a class=\"run")
          .append(current ? " current" : "")
          .append(r.ok().map(ok -> ok ? " ok" : " failed").orElse(""))
          .append("\" href=\"")
          .append(base)
          .append("?run=")
          .append(Html.query(r.id()))
          .append("\">")
          .append(Html.text(TIME.format(r.opened())))
          .append(
              r.ok()
                  .map(ok -> ok ? " ok" : " failed")
                  .orElse(r.ended().isEmpty() ? " running" : ""))
          .append("</a> ");
    }
    b.append("</p>");
  }

  /**
   * The runs to choose from and the timeline, as an HTML fragment (also what the script fetches
   * when the node changes).
   */
  static String timeline(Timeline t) {
    StringBuilder b = new StringBuilder(512 + t.events().size() * 160);
    runs(b, Layout.PREFIX + "/node/" + Html.segment(t.node()), t.runs(), t.run());
    if (t.events().isEmpty()) {
      return b.append("<p class=\"hint\">Nothing yet.</p>").toString();
    }
    b.append("<ol class=\"timeline\">");
    for (TimelineEvent e : t.events()) {
      b.append("<li class=\"k-")
          .append(e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .append(e.failure() ? " failure" : "")
          .append("\"><time>")
          .append(Html.text(TIME.format(e.at())))
          .append("</time><span class=\"title\">")
          .append(Html.text(e.title()))
          .append("</span>");
      e.duration()
          .ifPresent(d -> b.append("<span class=\"dur\">").append(duration(d)).append("</span>"));
      if (!e.detail().isEmpty()) {
        b.append("<span class=\"detail\">").append(Html.text(e.detail())).append("</span>");
      }
      b.append("</li>");
    }
    b.append("</ol>");
    return b.toString();
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    return ms < 10_000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000.0) : (ms / 1000) + " s";
  }
}
