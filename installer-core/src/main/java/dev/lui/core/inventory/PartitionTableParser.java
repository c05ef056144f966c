package dev.lui.core.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.contract.plan.PartitionLayout;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.contract.value.InvalidValueException;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a partition-table resource: LUI's small text format, or YAML (chosen by a {@code .yaml} /
 * {@code .yml} name). The rules on values (sizes, filesystems, mount points) are the agent's and
 * are checked with the agent's own validator when the resource is defined.
 *
 * <pre>
 * label gpt
 * # part  size  filesystem  mount      flags/options
 * 1       1M    none        -          bios_grub
 * 2       4G    swap        -
 * 3       rest  ext4        /          label=root
 * bootloader extlinux console=ttyS0,115200   # optional: grub-bios, grub-efi, extlinux, none + kernel args
 * disk size=200G..300G                       # optional: the disk of nodes with no selector of their own
 * </pre>
 */
public final class PartitionTableParser {
  private PartitionTableParser() {}

  public static PartitionLayout parse(String fileName, String text) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml")
        ? parseYaml(fileName, text)
        : parseText(fileName, text);
  }

  /**
   * The optional {@code bootloader TYPE [KERNEL ARGS...]} line (YAML: {@code bootloader: TYPE} or
   * {@code bootloader: {type: TYPE, kernelArgs: "..."}}): the bootloader of nodes with this table
   * and the installed system's kernel command line. Absent: derived from the layout (GRUB).
   */
  public static Optional<dev.lui.contract.plan.Bootloader> bootloader(
      String fileName, String text) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    String type = null;
    Optional<String> args = Optional.empty();
    String where = fileName + " bootloader";
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      JsonNode b;
      try {
        b = Json.yaml().readTree(text).path("bootloader");
      } catch (IOException e) {
        return Optional.empty(); // parse() reports the YAML error
      }
      if (b.isMissingNode() || b.isNull()) {
        return Optional.empty();
      }
      type = b.isTextual() ? b.asText() : b.path("type").asText("");
      args =
          b.hasNonNull("kernelArgs") ? Optional.of(b.get("kernelArgs").asText()) : Optional.empty();
    } else {
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String[] f = lines[i].replaceFirst("#.*", "").trim().split("\\s+", 3);
        if (f[0].equals("bootloader") || f[0].equals("bootloader:")) {
          where = fileName + " line " + (i + 1);
          if (f.length < 2) {
            throw LuiException.invalid(
                where,
                lines[i].trim(),
                "write 'bootloader TYPE [KERNEL ARGS]', TYPE one of grub-bios, grub-efi, extlinux, none");
          }
          type = f[1];
          args = f.length > 2 ? Optional.of(f[2].trim()) : Optional.empty();
        }
      }
      if (type == null) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(
          new dev.lui.contract.plan.Bootloader(
              dev.lui.contract.plan.Bootloader.Type.fromJson(type), args));
    } catch (InvalidValueException e) {
      throw LuiException.invalid(where, type, "one of grub-bios, grub-efi, extlinux, none");
    }
  }

  /**
   * The optional {@code disk SELECTOR} line (YAML: {@code disk: SELECTOR}): the target disk of
   * nodes with this table whose own definition and groups name none. Checked with the agent's
   * parser.
   */
  public static Optional<String> disk(String fileName, String text) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    Optional<String> disk = Optional.empty();
    String where = fileName + " disk";
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      try {
        JsonNode d = Json.yaml().readTree(text).path("disk");
        if (!d.isMissingNode() && !d.isNull()) {
          disk = Optional.of(d.asText(""));
        }
      } catch (IOException e) {
        return Optional.empty(); // parse() reports the YAML error
      }
    } else {
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String[] f = lines[i].replaceFirst("#.*", "").trim().split("\\s+");
        if (f[0].equals("disk") || f[0].equals("disk:")) {
          where = fileName + " line " + (i + 1);
          if (f.length != 2) {
            throw LuiException.invalid(
                where,
                lines[i].trim(),
                "write 'disk SELECTOR', e.g. 'disk size=200G..300G' or 'disk serial=S,size=1T..2T' (no spaces)");
          }
          disk = Optional.of(f[1]);
        }
      }
    }
    String field = where;
    disk.ifPresent(d -> Inventory.checkDisk(field, d));
    return disk;
  }

  static PartitionLayout parseText(String fileName, String text) {
    String label = "gpt";
    List<PartitionSpec> parts = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replaceFirst("#.*", "").trim();
      if (line.isEmpty()) {
        continue;
      }
      String where = fileName + " line " + (i + 1);
      String[] f = line.split("\\s+");
      if (f[0].equals("bootloader")
          || f[0].equals("bootloader:")
          || f[0].equals("disk")
          || f[0].equals("disk:")) {
        continue; // see bootloader() and disk()
      }
      if (f[0].equals("label") || f[0].equals("label:")) {
        if (f.length != 2) {
          throw LuiException.invalid(where, line, "write 'label gpt' or 'label dos'");
        }
        label = f[1];
        continue;
      }
      if (f.length < 4) {
        throw LuiException.invalid(
            where, line, "a partition line is: NUMBER SIZE FILESYSTEM MOUNT [FLAG|label=NAME]...");
      }
      if (!f[0].equals(Integer.toString(parts.size() + 1))) {
        throw LuiException.invalid(
            where,
            f[0],
            "partitions are numbered 1, 2, 3... in disk order; expected " + (parts.size() + 1));
      }
      Optional<String> mount = f[3].equals("-") ? Optional.empty() : Optional.of(f[3]);
      Optional<String> partLabel = Optional.empty();
      List<String> flags = new ArrayList<>();
      for (int k = 4; k < f.length; k++) {
        if (f[k].startsWith("label=")) {
          partLabel = Optional.of(f[k].substring("label=".length()));
        } else {
          flags.add(f[k]);
        }
      }
      parts.add(new PartitionSpec(f[1], f[2], mount, partLabel, flags));
    }
    if (parts.isEmpty()) {
      throw LuiException.invalid(
          fileName, "(no partitions)", "a partition table lists at least one partition");
    }
    return new PartitionLayout(label, parts);
  }

  static PartitionLayout parseYaml(String fileName, String text) {
    JsonNode root;
    try {
      root = Json.yaml().readTree(text);
    } catch (IOException e) {
      throw LuiException.invalid(
          fileName, "(yaml)", "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.path("partitions").isArray() || root.path("partitions").isEmpty()) {
      throw LuiException.invalid(
          fileName, "(yaml)", "expected a 'partitions:' list with at least one entry");
    }
    List<PartitionSpec> parts = new ArrayList<>();
    int n = 0;
    for (JsonNode p : root.path("partitions")) {
      n++;
      String where = fileName + " partitions[" + n + "]";
      if (!p.hasNonNull("size") || !p.hasNonNull("filesystem")) {
        throw LuiException.invalid(
            where, p.toString(), "each partition needs 'size' and 'filesystem'");
      }
      List<String> flags = new ArrayList<>();
      p.path("flags").forEach(flag -> flags.add(flag.asText()));
      parts.add(
          new PartitionSpec(
              p.get("size").asText(),
              p.get("filesystem").asText(),
              Optional.ofNullable(p.get("mount")).map(JsonNode::asText).filter(m -> !m.equals("-")),
              Optional.ofNullable(p.get("label")).map(JsonNode::asText),
              flags));
    }
    return new PartitionLayout(root.path("label").asText("gpt"), parts);
  }
}
