package dev.lui.nfsroot.bootfiles;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** All loaders' results, in a fixed order. */
public record BootFilesReport(List<LoaderResult> results) {
  public BootFilesReport {
    results = List.copyOf(results);
  }

  /** True when every loader is in place (none missing or failed). */
  public boolean complete() {
    return results.stream()
        .noneMatch(r -> r.outcome() == Outcome.MISSING || r.outcome() == Outcome.FAILED);
  }

  /** Packages to install for the missing loaders, sorted, without repeats. */
  public List<String> missingPackages() {
    TreeSet<String> pkgs = new TreeSet<>();
    for (LoaderResult r : results) {
      if (r.outcome() == Outcome.MISSING) {
        pkgs.add(r.pkg());
      }
    }
    return List.copyOf(pkgs);
  }

  /** The x86-64 UEFI GRUB image to hand out as DHCP filename, if one is in place. */
  public Optional<String> grubEfiImage() {
    return grubImage("GRUB EFI");
  }

  /** The ARM64 UEFI GRUB image, if one is in place. */
  public Optional<String> grubArm64Image() {
    return grubImage("GRUB ARM64 EFI");
  }

  private Optional<String> grubImage(String loader) {
    return results.stream()
        .filter(r -> r.loader().startsWith(loader))
        .filter(r -> r.outcome() != Outcome.ABSENT)
        .filter(r -> r.outcome() != Outcome.MISSING && r.outcome() != Outcome.FAILED)
        .map(LoaderResult::target)
        .findFirst();
  }

  /** One line per loader. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    results.forEach(r -> sb.append(r.line()).append('\n'));
    return sb.toString();
  }
}
