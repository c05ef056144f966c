package dev.lui.agent.disk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.contract.disk.BlockDevice;
import dev.lui.contract.disk.DiskSelectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses {@code lsblk -J -b} output defensively: util-linux versions differ (no PATH before 2.33,
 * MOUNTPOINT vs MOUNTPOINTS array since 2.37, sizes as numbers or strings, upper-case keys in some
 * builds, "null" vs missing values).
 */
public final class Lsblk {
  /** The inventory command (whole disks only). */
  public static final List<String> INVENTORY =
      List.of("lsblk", "-J", "-b", "-d", "-o", "NAME,PATH,SIZE,SERIAL,WWN,MODEL,TYPE,MOUNTPOINT");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Lsblk() {}

  /** The command listing one disk with its partitions and mount points. */
  public static List<String> tree(String diskPath) {
    return List.of("lsblk", "-J", "-b", "-o", "NAME,PATH,SIZE,TYPE,MOUNTPOINT", diskPath);
  }

  public static List<BlockDevice> parse(String json) throws DiskSelectionException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new DiskSelectionException("cannot parse lsblk output: " + e.getOriginalMessage());
    }
    JsonNode devices = field(root, "blockdevices");
    if (devices == null || !devices.isArray()) {
      throw new DiskSelectionException("lsblk output has no 'blockdevices' array");
    }
    List<BlockDevice> out = new ArrayList<>();
    for (JsonNode d : devices) {
      out.add(device(d));
    }
    return out;
  }

  private static BlockDevice device(JsonNode d) throws DiskSelectionException {
    String name =
        text(d, "name")
            .orElseThrow(() -> new DiskSelectionException("lsblk device without a name: " + d));
    String path = text(d, "path").orElse(name.startsWith("/") ? name : "/dev/" + name);
    List<String> mounts = new ArrayList<>();
    text(d, "mountpoint").ifPresent(mounts::add);
    JsonNode many = field(d, "mountpoints");
    if (many != null && many.isArray()) {
      for (JsonNode m : many) {
        if (m.isTextual() && !m.asText().isEmpty() && !mounts.contains(m.asText())) {
          mounts.add(m.asText());
        }
      }
    }
    List<BlockDevice> children = new ArrayList<>();
    JsonNode kids = field(d, "children");
    if (kids != null && kids.isArray()) {
      for (JsonNode k : kids) {
        children.add(device(k));
      }
    }
    return new BlockDevice(
        name,
        path,
        size(d),
        text(d, "serial"),
        text(d, "wwn"),
        text(d, "model"),
        text(d, "type").orElse("unknown").toLowerCase(Locale.ROOT),
        mounts,
        children);
  }

  private static long size(JsonNode d) throws DiskSelectionException {
    JsonNode s = field(d, "size");
    if (s == null || s.isNull()) {
      return 0;
    }
    if (s.isIntegralNumber()) {
      return s.asLong();
    }
    try {
      return Long.parseLong(s.asText().trim());
    } catch (NumberFormatException e) {
      throw new DiskSelectionException(
          "lsblk size '" + s.asText() + "' is not a byte count (was lsblk run without -b?)");
    }
  }

  private static JsonNode field(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v != null ? v : n.get(name.toUpperCase(Locale.ROOT));
  }

  private static Optional<String> text(JsonNode n, String name) {
    JsonNode v = field(n, name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    String s = v.asText().trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
