package dev.lui.nfsroot.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Ganesha {@code Export_Id}s that stay the same for a path across rewrites. The id is part of the
 * file handles mounted clients hold, so a renumbered export gives a booted node stale handles.
 * Known paths keep the id recorded in the map file; a new path gets a hash of itself (so even a
 * lost map usually reproduces the same ids), probing upwards on a collision.
 */
public final class ExportIds {
  private static final String HEADER = "# ganesha Export_Id per path, kept by lui; do not edit\n";

  private ExportIds() {}

  /** Reads {@code ID PATH} lines; a missing file is an empty map. */
  public static Map<Path, Integer> load(Path file) throws IOException {
    Map<Path, Integer> ids = new TreeMap<>();
    if (!Files.exists(file)) {
      return ids;
    }
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ", 2);
      try {
        int id = Integer.parseInt(parts[0]);
        if (parts.length != 2 || id < Exports.MIN_GANESHA_ID || id > Exports.MAX_GANESHA_ID) {
          throw new NumberFormatException();
        }
        ids.put(Path.of(parts[1]), id);
      } catch (NumberFormatException e) {
        throw new IOException(
            file + " line " + lineNo + " must be 'ID PATH' with ID in 1..65535: " + line, e);
      }
    }
    return ids;
  }

  /**
   * Ids for exactly {@code paths}: those already in {@code known} keep theirs; new ones get their
   * hash slot or the next free one. Paths no longer exported are dropped from the result.
   */
  public static Map<Path, Integer> assign(Map<Path, Integer> known, Collection<Path> paths) {
    Objects.requireNonNull(known, "known");
    Map<Path, Integer> out = new TreeMap<>();
    Set<Integer> used = new HashSet<>();
    for (Path p : paths) {
      Integer id = known.get(p);
      if (id != null && used.add(id)) {
        out.put(p, id);
      }
    }
    int span = Exports.MAX_GANESHA_ID - Exports.MIN_GANESHA_ID + 1;
    for (Path p : new TreeMap<Path, Boolean>(toMap(paths)).keySet()) {
      if (out.containsKey(p)) {
        continue;
      }
      if (used.size() >= span) {
        throw new IllegalArgumentException(
            "more than " + span + " exports; ganesha ids are 16 bit");
      }
      int id = hashSlot(p.toString());
      while (!used.add(id)) {
        id = id == Exports.MAX_GANESHA_ID ? Exports.MIN_GANESHA_ID : id + 1;
      }
      out.put(p, id);
    }
    return out;
  }

  /** The map file content, sorted by path. */
  public static String render(Map<Path, Integer> ids) {
    StringBuilder sb = new StringBuilder(HEADER);
    new TreeMap<>(ids).forEach((p, id) -> sb.append(id).append(' ').append(p).append('\n'));
    return sb.toString();
  }

  /** Where a path lands without collisions: 1 + CRC-32 modulo the id range. */
  static int hashSlot(String path) {
    CRC32 crc = new CRC32();
    crc.update(path.getBytes(StandardCharsets.UTF_8));
    int span = Exports.MAX_GANESHA_ID - Exports.MIN_GANESHA_ID + 1;
    return Exports.MIN_GANESHA_ID + (int) (crc.getValue() % span);
  }

  private static Map<Path, Boolean> toMap(Collection<Path> paths) {
    Map<Path, Boolean> m = new TreeMap<>();
    for (Path p : paths) {
      m.put(p, Boolean.TRUE);
    }
    return m;
  }
}
