package dev.lui.agent.steps;

import dev.lui.contract.plan.PartitionLayout;
import dev.lui.contract.plan.PartitionSize;
import dev.lui.contract.plan.PartitionSpec;
import java.util.OptionalLong;

/**
 * Renders a {@link PartitionLayout} as an sfdisk script. Percentages are computed here from the
 * disk size because sfdisk (2.38) does not accept {@code size=10%}.
 */
public final class SfdiskScript {
  private static final String BIOS_BOOT_GUID = "21686148-6449-6E6F-744E-656564454649";
  private static final String MS_BASIC_DATA_GUID = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7";
  private static final long MIB = 1024L * 1024L;

  private SfdiskScript() {}

  /**
   * @param diskBytes empty only in dry-run without a real disk; percentages then show as-is
   */
  public static String render(PartitionLayout layout, OptionalLong diskBytes) {
    boolean gpt = layout.label().equals("gpt");
    StringBuilder sb = new StringBuilder("label: ").append(layout.label()).append('\n');
    for (PartitionSpec p : layout.partitions()) {
      StringBuilder line = new StringBuilder();
      PartitionSize size = parse(p.size());
      if (size instanceof PartitionSize.Fixed f) {
        line.append("size=").append(f.mebibytes()).append("MiB, ");
      } else if (size instanceof PartitionSize.Percent pc) {
        if (diskBytes.isPresent()) {
          long mib = diskBytes.getAsLong() / 100 * pc.percent() / MIB;
          line.append("size=").append(mib).append("MiB, ");
        } else {
          line.append("size=<").append(pc.percent()).append("% of disk>, ");
        }
      }
      line.append("type=").append(type(p, gpt));
      if (p.flags().contains("boot")) {
        line.append(gpt ? ", attrs=\"LegacyBIOSBootable\"" : ", bootable");
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  private static String type(PartitionSpec p, boolean gpt) {
    if (p.flags().contains("esp")) {
      return gpt ? "U" : "ef";
    }
    if (p.flags().contains("bios_grub")) {
      return BIOS_BOOT_GUID;
    }
    return switch (p.filesystem()) {
      case "swap" -> gpt ? "S" : "82";
      case "vfat" -> gpt ? MS_BASIC_DATA_GUID : "c";
      default -> gpt ? "L" : "83";
    };
  }

  private static PartitionSize parse(String text) {
    return PartitionSize.parse(text);
  }
}
