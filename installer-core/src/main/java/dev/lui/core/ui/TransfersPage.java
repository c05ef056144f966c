package dev.lui.core.ui;

import dev.lui.core.store.TransferEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The transfers page: the latest boot files served over TFTP and HTTP, refused ({@code denied},
 * {@code not_found}) or broken off, newest first, each with its node when lui could tell. A
 * transfer shows when it ends; the script replaces the table as the event stream sends it.
 */
final class TransfersPage {
  private TransfersPage() {}

  /** Outcomes that are a good transfer; every other is shown as a refusal or an error. */
  static final Set<String> GOOD = Set.of("completed", "served");

  static String render(Sessions.Session session, List<TransferEntry> oldestFirst) {
    Map<String, Integer> outcomes = new TreeMap<>();
    oldestFirst.forEach(t -> outcomes.merge(t.outcome(), 1, Integer::sum));
    StringBuilder b = new StringBuilder(2048 + oldestFirst.size() * 200);
    b.append("<h1>Transfers</h1><p class=\"hint\">The latest ")
        .append(LiveUpdates.TRANSFERS_SHOWN)
        .append(" boot file transfers (TFTP and HTTP), newest first; each shows when it ends.")
        .append("</p><p id=\"outcomes\">");
    outcomes.forEach(
        (o, n) ->
            b.append("<span class=\"")
                .append(GOOD.contains(o) ? "ok" : "failed")
                .append("\">")
                .append(n)
                .append(' ')
                .append(Html.text(o))
                .append("</span> "));
    b.append("</p><table id=\"transfers\" class=\"report\"><thead><tr><th>time</th><th>client</th>")
        .append(
            "<th>node</th><th>path</th><th>bytes</th><th>outcome</th><th>detail</th></tr></thead>")
        .append("<tbody id=\"transfer-rows\">");
    for (List<Object> row : LiveUpdates.transfers(oldestFirst)) {
      String outcome = (String) row.get(5);
      b.append("<tr class=\"").append(GOOD.contains(outcome) ? "ok" : "failed").append("\">");
      for (int i = 0; i < row.size(); i++) {
        String cell = String.valueOf(row.get(i));
        b.append(i == 4 ? "<td class=\"num\">" : "<td>").append(Html.text(cell)).append("</td>");
      }
      b.append("</tr>");
    }
    b.append("</tbody></table>");
    return Layout.page("transfers", session, b.toString(), "page", "transfers");
  }
}
