package dev.lui.contract.plan;

import java.util.List;
import java.util.Optional;

/** Plans for tests. */
public final class TestPlans {
  public static final String SHA = "a".repeat(64);

  private TestPlans() {}

  public static NodeIdentity node() {
    return new NodeIdentity(
        "node01",
        "node01.cluster",
        "52:54:00:12:34:56",
        "10.0.0.11",
        "255.255.255.0",
        Optional.of("10.0.0.1"));
  }

  public static PartitionSpec part(String size, String fs, String mount) {
    return new PartitionSpec(size, fs, Optional.ofNullable(mount), Optional.empty(), List.of());
  }

  public static InstallPlan sample() {
    return new InstallPlan(
        1,
        node(),
        "path=/dev/sdz",
        new PartitionLayout(
            "gpt",
            List.of(
                new PartitionSpec(
                    "512M", "vfat", Optional.of("/boot/efi"), Optional.of("EFI"), List.of("esp")),
                new PartitionSpec("2G", "swap", Optional.empty(), Optional.of("swap"), List.of()),
                new PartitionSpec(
                    "rest", "ext4", Optional.of("/"), Optional.of("root"), List.of()))),
        List.of(
            new Payload.Tarball(
                "base", "http://10.0.0.1:8080/api/v1/agent/node01/resources/base", SHA, "/"),
            new Payload.FileCopy(
                "hosts", "/srv/lui/hosts", SHA, "/etc/hosts", "0644", "root:root")),
        List.of(),
        Finish.REBOOT,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public static InstallPlan withPartitions(InstallPlan p, PartitionLayout layout) {
    return new InstallPlan(
            p.version(),
            p.node(),
            p.disk(),
            layout,
            p.payloads(),
            p.scripts(),
            p.finish(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty())
        .withBootloader(p.bootloader());
  }

  public static InstallPlan withPayloads(InstallPlan p, List<Payload> payloads) {
    return new InstallPlan(
            p.version(),
            p.node(),
            p.disk(),
            p.partitions(),
            payloads,
            p.scripts(),
            p.finish(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty())
        .withBootloader(p.bootloader());
  }

  public static InstallPlan withScripts(InstallPlan p, List<ScriptStep> scripts) {
    return new InstallPlan(
            p.version(),
            p.node(),
            p.disk(),
            p.partitions(),
            p.payloads(),
            scripts,
            p.finish(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty())
        .withBootloader(p.bootloader());
  }

  public static InstallPlan withBootloader(InstallPlan p, Bootloader b) {
    return new InstallPlan(
            p.version(),
            p.node(),
            p.disk(),
            p.partitions(),
            p.payloads(),
            p.scripts(),
            p.finish(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty())
        .withBootloader(Optional.of(b));
  }

  public static InstallPlan withNode(InstallPlan p, NodeIdentity n) {
    return new InstallPlan(
            p.version(),
            n,
            p.disk(),
            p.partitions(),
            p.payloads(),
            p.scripts(),
            p.finish(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty())
        .withBootloader(p.bootloader());
  }

  public static InstallPlan withDisk(InstallPlan p, String disk) {
    return new InstallPlan(
            p.version(),
            p.node(),
            disk,
            p.partitions(),
            p.payloads(),
            p.scripts(),
            p.finish(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty())
        .withBootloader(p.bootloader());
  }
}
