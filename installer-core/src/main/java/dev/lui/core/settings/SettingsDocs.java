package dev.lui.core.settings;

import dev.lui.core.settings.SettingsTable.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings table for people: the markdown table of docs/settings.md and a commented example
 * settings file with every key, its default and its meaning (for {@code lui.yaml.example}). Both
 * are generated from {@link SettingsTable}; a test keeps docs/settings.md current.
 */
public final class SettingsDocs {
  private SettingsDocs() {}

  /** How a value is written in the settings file: {@code HOST:PORT}, {@code [NAME, ...]}. */
  public static String valueForm(Row r) {
    String label = r.setting().label();
    if (r.isBoolean()) {
      return "true | false";
    }
    if (r.isMap()) {
      return r.setting().fileOnly() ? label : "{" + label.replace("=", ": ") + "}";
    }
    return r.isList() ? "[" + label + ", ...]" : label;
  }

  /** The flag as {@code lui server --help} shows it. */
  public static String flagForm(Row r) {
    if (r.setting().fileOnly()) {
      return "(file only)";
    }
    if (r.isBoolean()) {
      return "--[no-]" + r.key();
    }
    String label = r.setting().label();
    String split = r.setting().split();
    String value =
        r.setting().command()
            ? label + "..."
            : split.isEmpty() ? label : label + "[" + split + label + "...]";
    return r.flag() + " " + value;
  }

  /** docs/settings.md's table: key, flag, value, default, meaning. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| key | flag | value | default | meaning |\n");
    out.append("|---|---|---|---|---|\n");
    for (Row r : SettingsTable.ROWS) {
      out.append("| `")
          .append(r.key())
          .append("` | `")
          .append(flagForm(r))
          .append("` | `")
          .append(cell(valueForm(r)))
          .append("` | ")
          .append(
              r.setting().defaultValue().isEmpty()
                  ? cell(r.setting().defaultText())
                  : "`" + cell(r.setting().defaultValue()) + "`")
          .append(" | ")
          .append(cell(r.setting().meaning()))
          .append(" |\n");
    }
    return out.toString();
  }

  /**
   * A settings file with every key commented out: its meaning, then {@code #key: DEFAULT} (or the
   * value's form, when the default is derived or there is none). Uncommenting a key's line gives
   * that setting its default.
   */
  public static String yamlExample() {
    StringBuilder out = new StringBuilder();
    out.append("# lui server settings (/etc/lui/lui.yaml, or lui server --config FILE).\n");
    out.append("# Every key is also a flag of lui server (--KEY); a flag wins over this file.\n");
    out.append("# Generated from lui's settings table; docs/settings.md explains each key.\n");
    for (Row r : SettingsTable.ROWS) {
      out.append('\n');
      for (String line : wrap(r.setting().meaning(), 96)) {
        out.append("# ").append(line).append('\n');
      }
      if (!r.setting().defaultText().isEmpty()) {
        out.append("# Default: ").append(r.setting().defaultText()).append(".\n");
      }
      String value =
          r.setting().defaultValue().isEmpty() ? valueForm(r) : r.setting().defaultValue();
      out.append('#').append(r.key()).append(": ").append(value).append('\n');
    }
    return out.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
