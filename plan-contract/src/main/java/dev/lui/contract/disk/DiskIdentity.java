package dev.lui.contract.disk;

import dev.lui.contract.disk.BlockDevice;
import java.util.Optional;

/**
 * The disk a node was installed on last time, as the server recorded it. A plan that carries one
 * makes the agent refuse a disk that is not that disk (swapped, or re-enumerated so that the
 * selector now finds another one): an install must never land on the wrong disk silently.
 */
public record DiskIdentity(Optional<String> serial, Optional<String> wwn, long sizeBytes) {
  public DiskIdentity {
    serial = serial == null ? Optional.empty() : serial;
    wwn = wwn == null ? Optional.empty() : wwn;
  }

  public static DiskIdentity of(BlockDevice disk) {
    return new DiskIdentity(disk.serial(), disk.wwn(), disk.sizeBytes());
  }

  /**
   * Why {@code disk} is not this disk, or empty when it is. A serial or WWN recorded before must be
   * there and equal now; the size must be equal (it is all a loop device or a VM disk has).
   */
  public Optional<String> mismatch(BlockDevice disk) {
    if (serial.isPresent() && !serial.equals(disk.serial())) {
      return Optional.of("serial " + disk.serial().orElse("(none)") + ", expected " + serial.get());
    }
    if (wwn.isPresent() && !wwn.equals(disk.wwn())) {
      return Optional.of("wwn " + disk.wwn().orElse("(none)") + ", expected " + wwn.get());
    }
    if (sizeBytes != disk.sizeBytes()) {
      return Optional.of("size " + disk.sizeBytes() + " bytes, expected " + sizeBytes);
    }
    return Optional.empty();
  }
}
