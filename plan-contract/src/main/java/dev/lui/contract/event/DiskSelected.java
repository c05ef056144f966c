package dev.lui.contract.event;

import dev.lui.contract.disk.BlockDevice;
import dev.lui.contract.disk.DiskIdentity;
import dev.lui.contract.value.InvalidValueException;
import java.util.Optional;

/**
 * The disk the agent's select-disk step chose, as the {@code disk} of a {@code disk-selected}
 * event. The server records its {@link #identity()} as the node's disk when the run that sent it
 * ends the install successfully; the next plan carries it as {@code expectedDisk}.
 *
 * @param path the device the agent installs onto, as lsblk names it ({@code /dev/sda})
 * @param serial lsblk SERIAL, when the disk has one
 * @param wwn lsblk WWN, when the disk has one
 */
public record DiskSelected(
    String path, Optional<String> serial, Optional<String> wwn, long sizeBytes) {
  public DiskSelected {
    serial = serial == null ? Optional.empty() : serial;
    wwn = wwn == null ? Optional.empty() : wwn;
    if (path == null
        || !path.startsWith("/dev/")
        || path.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
      throw new InvalidValueException(
          "disk.path", String.valueOf(path), "a device path under /dev/ without spaces");
    }
    try {
      new DiskIdentity(serial, wwn, sizeBytes).checked();
    } catch (InvalidValueException e) {
      throw new InvalidValueException("disk." + e.field(), e.value(), e.rule());
    }
  }

  public static DiskSelected of(BlockDevice disk) {
    return new DiskSelected(disk.path(), disk.serial(), disk.wwn(), disk.sizeBytes());
  }

  /** What a later install must find again (path is not part of it: kernel names move). */
  public DiskIdentity identity() {
    return new DiskIdentity(serial, wwn, sizeBytes);
  }

  /** For people: {@code /dev/sda (serial S3Z1, wwn 0x5002, 256060514304 bytes)}. */
  public String describe() {
    StringBuilder sb = new StringBuilder(path).append(" (");
    serial.ifPresent(s -> sb.append("serial ").append(s).append(", "));
    wwn.ifPresent(w -> sb.append("wwn ").append(w).append(", "));
    return sb.append(sizeBytes).append(" bytes)").toString();
  }
}
