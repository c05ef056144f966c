package dev.lui.contract.disk;

import java.util.List;
import java.util.Optional;

/**
 * One row of {@code lsblk -J -b}: a disk, loop device or partition, with its partitions.
 *
 * @param type lsblk TYPE: {@code disk}, {@code loop}, {@code part}, {@code rom}, ...
 * @param mountPoints every mount point lsblk reported (MOUNTPOINT and/or MOUNTPOINTS)
 */
public record BlockDevice(
    String name,
    String path,
    long sizeBytes,
    Optional<String> serial,
    Optional<String> wwn,
    Optional<String> model,
    String type,
    List<String> mountPoints,
    List<BlockDevice> children) {
  public BlockDevice {
    mountPoints = List.copyOf(mountPoints);
    children = List.copyOf(children);
  }

  public boolean isWholeDisk() {
    return type.equals("disk") || type.equals("loop");
  }

  /** For error messages: {@code /dev/sda (disk, 256060514304 bytes, serial S3Z, model X)}. */
  public String describe() {
    StringBuilder sb =
        new StringBuilder(path)
            .append(" (")
            .append(type)
            .append(", ")
            .append(sizeBytes)
            .append(" bytes");
    serial.ifPresent(s -> sb.append(", serial ").append(s));
    wwn.ifPresent(w -> sb.append(", wwn ").append(w));
    model.ifPresent(m -> sb.append(", model ").append(m));
    return sb.append(')').toString();
  }
}
