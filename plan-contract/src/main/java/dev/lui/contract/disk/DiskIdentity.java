package dev.lui.contract.disk;

import dev.lui.contract.value.InvalidValueException;
import java.util.List;
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

  /**
   * This identity, if it can be recorded and checked against: a size of more than 0 bytes, and a
   * serial or WWN, where known, a printable, non-empty string.
   *
   * @throws InvalidValueException naming the field ({@code sizeBytes}, {@code serial}, {@code wwn})
   */
  public DiskIdentity checked() {
    if (sizeBytes <= 0) {
      throw new InvalidValueException(
          "sizeBytes", String.valueOf(sizeBytes), "must be the disk's size in bytes, more than 0");
    }
    for (String field : List.of("serial", "wwn")) {
      Optional<String> id = field.equals("serial") ? serial : wwn;
      if (id.isPresent()
          && (id.get().isEmpty() || id.get().chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
        throw new InvalidValueException(
            field, id.get(), "serial and wwn are printable, non-empty strings");
      }
    }
    return this;
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
