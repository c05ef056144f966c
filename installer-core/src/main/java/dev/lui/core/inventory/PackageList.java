package dev.lui.core.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * A LUI-style package list (rpm-list, deb-list): one package file per line, relative to the list's
 * directory; {@code #} starts a comment; blank lines are skipped. The CLI reads it to find the
 * files to upload, the server to check that the uploaded packages are the list's, in order.
 */
public final class PackageList {
  private PackageList() {}

  /** One package line: its 1-based line number and the file as written. */
  public record Line(int number, String file) {}

  public static List<Line> parse(String text) {
    List<Line> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replaceFirst("#.*", "").trim();
      if (!line.isEmpty()) {
        out.add(new Line(i + 1, line));
      }
    }
    return out;
  }
}
