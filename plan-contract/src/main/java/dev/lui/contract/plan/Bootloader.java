package dev.lui.contract.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lui.contract.value.InvalidValueException;
import java.util.Optional;

/**
 * How the installed system boots. Optional in the plan; without it the type follows from the layout
 * ({@link #effectiveType}).
 *
 * @param kernelArgs extra kernel command line arguments (e.g. {@code console=ttyS0,115200})
 */
public record Bootloader(Type type, Optional<String> kernelArgs) {
  public Bootloader {
    kernelArgs = kernelArgs == null ? Optional.empty() : kernelArgs;
  }

  public static Bootloader of(Type type) {
    return new Bootloader(type, Optional.empty());
  }

  /** JSON: {@code grub-bios}, {@code grub-efi}, {@code extlinux} (BIOS, SYSLINUX), {@code none}. */
  public enum Type {
    GRUB_BIOS("grub-bios"),
    GRUB_EFI("grub-efi"),
    EXTLINUX("extlinux"),
    NONE("none");

    private final String json;

    Type(String json) {
      this.json = json;
    }

    @JsonValue
    public String json() {
      return json;
    }

    @JsonCreator
    public static Type fromJson(String text) {
      for (Type t : values()) {
        if (t.json.equals(text)) {
          return t;
        }
      }
      throw new InvalidValueException(
          "bootloader type",
          text,
          "one of grub-bios, grub-efi, extlinux, none",
          "bootloader type '" + text + "' is not one of grub-bios, grub-efi, extlinux, none");
    }
  }

  /**
   * The plan's bootloader, or the one its layout implies: an {@code esp} partition with a mount
   * point means grub-efi, else a {@code bios_grub} partition grub-bios, else none; none also when
   * nothing is mounted at {@code /}. A derived type is therefore always one the layout can hold,
   * and plans written before this field existed stay valid.
   */
  public static Bootloader effective(InstallPlan plan) {
    return plan.bootloader().orElseGet(() -> of(derivedType(plan.partitions())));
  }

  public static Type effectiveType(InstallPlan plan) {
    return effective(plan).type();
  }

  static Type derivedType(PartitionLayout layout) {
    if (layout.partitions().stream()
        .noneMatch(p -> p.mountPoint().filter("/"::equals).isPresent())) {
      return Type.NONE;
    }
    if (layout.partitions().stream()
        .anyMatch(p -> p.flags().contains("esp") && p.mountPoint().isPresent())) {
      return Type.GRUB_EFI;
    }
    return hasFlag(layout, "bios_grub") ? Type.GRUB_BIOS : Type.NONE;
  }

  static boolean hasFlag(PartitionLayout layout, String flag) {
    return layout.partitions().stream().anyMatch(p -> p.flags().contains(flag));
  }
}
