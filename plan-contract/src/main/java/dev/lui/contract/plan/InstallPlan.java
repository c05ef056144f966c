package dev.lui.contract.plan;

import dev.lui.contract.disk.DiskIdentity;
import java.util.List;
import java.util.Optional;

/**
 * The install plan: everything the agent needs to install one node, and nothing else.
 *
 * <p>The agent owns this format; installer-core produces it. It is versioned so that an agent never
 * half-executes a plan written for a different agent: {@link PlanCodec} rejects any version other
 * than {@link #CURRENT_VERSION}. See {@code docs/plan-format.md}.
 *
 * @param bootloader optional; when empty the layout decides ({@link Bootloader#effective})
 * @param expectedDisk optional; the disk recorded at the node's last install, which the selected
 *     disk must be
 * @param firstBoot optional; where the installed system reports its first boot
 */
public record InstallPlan(
    int version,
    NodeIdentity node,
    String disk,
    PartitionLayout partitions,
    List<Payload> payloads,
    List<ScriptStep> scripts,
    Finish finish,
    Optional<Bootloader> bootloader,
    Optional<DiskIdentity> expectedDisk,
    Optional<FirstBoot> firstBoot) {

  public static final int CURRENT_VERSION = 1;

  public InstallPlan {
    payloads = List.copyOf(payloads);
    scripts = List.copyOf(scripts);
    bootloader = bootloader == null ? Optional.empty() : bootloader;
    expectedDisk = expectedDisk == null ? Optional.empty() : expectedDisk;
    firstBoot = firstBoot == null ? Optional.empty() : firstBoot;
  }

  public InstallPlan withExpectedDisk(Optional<DiskIdentity> identity) {
    return withOptionals(bootloader, identity, firstBoot);
  }

  public InstallPlan withFirstBoot(Optional<FirstBoot> report) {
    return withOptionals(bootloader, expectedDisk, report);
  }

  public InstallPlan withBootloader(Optional<Bootloader> loader) {
    return withOptionals(loader, expectedDisk, firstBoot);
  }

  /** The one copy path of the withers: everything but the optional parts stays. */
  private InstallPlan withOptionals(
      Optional<Bootloader> loader, Optional<DiskIdentity> identity, Optional<FirstBoot> report) {
    return new InstallPlan(
        version, node, disk, partitions, payloads, scripts, finish, loader, identity, report);
  }
}
