package dev.lui.core.cli;

import dev.lui.core.LuiException;
import dev.lui.core.inventory.NodeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code define-node --from nodes.csv}: RFC 4180 quoting, a header row naming the fields. */
final class NodeCsv {
  static final Set<String> FIELDS =
      Set.of(
          "name",
          "mac",
          "ip",
          "netmask",
          "gateway",
          "hostname",
          "groups",
          "resources",
          "disk",
          "after-install",
          "network",
          "bmc");

  /** A netmask may come from the node's network or the ip's CIDR (#14). */
  private static final List<String> REQUIRED = List.of("name", "mac", "ip");

  private NodeCsv() {}

  static List<NodeSpec> read(Path file, String text) {
    List<List<String>> rows = parse(file, text);
    if (rows.isEmpty()) {
      throw LuiException.invalid(
          "--from", file.toString(), "the file is empty; the first row names the fields");
    }
    List<String> header = rows.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    for (String h : header) {
      if (!FIELDS.contains(h)) {
        throw LuiException.invalid(
            file + " header", h, "unknown field; fields are " + String.join(",", sorted()));
      }
    }
    for (String r : REQUIRED) {
      if (!header.contains(r)) {
        throw LuiException.invalid(
            file + " header", String.join(",", header), "must name the field '" + r + "'");
      }
    }
    List<NodeSpec> specs = new ArrayList<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      if (row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      if (row.size() != header.size()) {
        throw LuiException.invalid(
            file + " line " + (i + 1),
            String.join(",", row),
            "has " + row.size() + " fields, the header has " + header.size());
      }
      Map<String, String> f = new HashMap<>();
      for (int k = 0; k < header.size(); k++) {
        f.put(header.get(k), row.get(k).trim());
      }
      specs.add(
          new NodeSpec(
              f.get("name"),
              f.get("mac"),
              f.get("ip"),
              f.getOrDefault("netmask", ""),
              opt(f.get("gateway")),
              opt(f.get("hostname")),
              list(f.get("groups")),
              list(f.get("resources")),
              opt(f.get("disk")),
              opt(f.get("after-install")),
              opt(f.get("network")),
              opt(f.get("bmc"))));
    }
    if (specs.isEmpty()) {
      throw LuiException.invalid("--from", file.toString(), "no node rows after the header");
    }
    return specs;
  }

  private static List<String> sorted() {
    return FIELDS.stream().sorted().toList();
  }

  private static Optional<String> opt(String v) {
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private static List<String> list(String v) {
    return v == null || v.isBlank() ? List.of() : Arrays.asList(v.trim().split("\\s+"));
  }

  /** Rows of fields; quoted fields may hold commas, quotes ("") and newlines. */
  static List<List<String>> parse(Path file, String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
          line += c == '\n' ? 1 : 0;
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        line++;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw LuiException.invalid(
          "--from",
          file.toString(),
          "a quoted field starting before line " + line + " is never closed");
    }
    if (field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
