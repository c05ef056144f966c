package dev.lui.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.agent.steps.StepContext;
import dev.lui.contract.AgentJson;
import dev.lui.contract.event.AgentEvent;
import dev.lui.contract.event.DiskSelected;
import dev.lui.contract.plan.Finish;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.PartitionLayout;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.contract.plan.Payload;
import dev.lui.contract.plan.PlanCodec;
import dev.lui.contract.plan.TestPlans;
import dev.lui.testkit.Mounts;
import dev.lui.testkit.RealTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real thing on a loop device: needs root, util-linux, fdisk, e2fsprogs, dosfstools, tar. */
@Tag("slow")
class LoopDeviceInstallTest {
  @TempDir Path dir;
  private String loop;
  private final List<Path> mountedByTest = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void attachLoop() throws Exception {
    RealTools.rootAnd(
        "losetup",
        "sfdisk",
        "partx",
        "mkfs.ext4",
        "mkswap",
        "blkid",
        "lsblk",
        "tar",
        "mount",
        "umount");
    Path image = dir.resolve("disk.img");
    sh("truncate", "-s", "128M", image.toString());
    loop = sh("losetup", "--find", "--show", "--partscan", image.toString()).trim();
  }

  @AfterEach
  void detachLoop() throws Exception {
    for (int i = mountedByTest.size() - 1; i >= 0; i--) {
      exec("umount", mountedByTest.get(i).toString());
    }
    if (loop != null) {
      exec("losetup", "-d", loop);
    }
  }

  private int agent(InstallPlan plan, Path target) throws IOException {
    Path planFile = dir.resolve("plan.json");
    Files.writeString(planFile, PlanCodec.toJson(plan));
    return AgentMain.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        StepContext.Environment.defaults(),
        "--plan",
        planFile.toString(),
        "--target",
        target.toString(),
        "--log-file",
        dir.resolve("agent.log").toString(),
        "--no-finish");
  }

  @Test
  void installsOntoRealLoopDevice() throws Exception {
    // A tarball with a file owned by uid 1234, mode 0750.
    Path tree = Files.createDirectories(dir.resolve("tree/opt/app"));
    Path run = Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-x---"));
    Path tarball = dir.resolve("base.tar.gz");
    sh(
        "tar",
        "--owner=1234",
        "--group=1234",
        "--numeric-owner",
        "-czf",
        tarball.toString(),
        "-C",
        dir.resolve("tree").toString(),
        "opt");
    Path conf = Files.writeString(dir.resolve("lui.conf"), "answer=42\n");

    InstallPlan plan =
        new InstallPlan(
            1,
            TestPlans.node(),
            "path=" + loop,
            new PartitionLayout(
                "gpt",
                List.of(
                    new PartitionSpec(
                        "64M", "ext4", Optional.of("/"), Optional.of("root"), List.of()),
                    // swap, not vfat: the kernels CI and dev containers run on may lack vfat.
                    new PartitionSpec(
                        "rest", "swap", Optional.empty(), Optional.of("swap0"), List.of()))),
            List.of(
                new Payload.Tarball("base", tarball.toString(), sha(tarball), "/"),
                new Payload.FileCopy(
                    "conf", conf.toString(), sha(conf), "/etc/lui/lui.conf", "0640", "0:0")),
            List.of(),
            Finish.REBOOT,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Path target = dir.resolve("target");

    assertThat(agent(plan, target)).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(0);

    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(target.toString());
    JsonNode table = new ObjectMapper().readTree(sh("sfdisk", "-J", loop)).get("partitiontable");
    assertThat(table.get("label").asText()).isEqualTo("gpt");
    assertThat(table.get("partitions")).hasSize(2);
    assertThat(table.get("partitions").get(0).get("size").asLong()).isEqualTo(64L * 2048);
    assertThat(table.get("partitions").get(1).get("type").asText())
        .isEqualTo("0657FD6D-A4AB-43C4-84E5-0933C84B4F4F");
    String p1 = loop + "p1";
    String p2 = loop + "p2";
    assertThat(sh("blkid", "-c", "/dev/null", "-s", "TYPE", "-o", "value", p1).trim())
        .isEqualTo("ext4");
    assertThat(sh("blkid", "-c", "/dev/null", "-s", "TYPE", "-o", "value", p2).trim())
        .isEqualTo("swap");
    assertThat(sh("blkid", "-c", "/dev/null", "-s", "LABEL", "-o", "value", p1).trim())
        .isEqualTo("root");

    Path check = Files.createDirectories(dir.resolve("check"));
    Mounts.readOnly(p1, check);
    mountedByTest.add(check);
    Path extracted = check.resolve("opt/app/run.sh");
    assertThat(Files.getAttribute(extracted, "unix:uid")).isEqualTo(1234);
    assertThat(Files.getAttribute(extracted, "unix:gid")).isEqualTo(1234);
    assertThat((Integer) Files.getAttribute(extracted, "unix:mode") & 07777).isEqualTo(0750);
    Path copied = check.resolve("etc/lui/lui.conf");
    assertThat(copied).hasContent("answer=42");
    assertThat((Integer) Files.getAttribute(copied, "unix:mode") & 07777).isEqualTo(0640);
    assertThat(check.resolve(".lui-fetch")).doesNotExist();
    String uuid1 = sh("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", p1).trim();
    String uuid2 = sh("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", p2).trim();
    assertThat(Files.readAllLines(check.resolve("etc/fstab")))
        .contains(
            "UUID=" + uuid1 + "\t/\text4\tdefaults\t0\t1",
            "UUID=" + uuid2 + "\tnone\tswap\tsw\t0\t0");
    assertThat(Files.readString(dir.resolve("agent.log")))
        .contains("\"kind\":\"install-finished\"")
        .doesNotContain("answer=42");
    // The disk the server records comes as a typed event, not as a line of text.
    ObjectMapper json = AgentJson.newMapper();
    List<AgentEvent> selected = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("agent.log"))) {
      AgentEvent e = json.readValue(line, AgentEvent.class);
      if (e.kind() == AgentEvent.Kind.DISK_SELECTED) {
        selected.add(e);
      }
    }
    assertThat(selected)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.step()).contains("select-disk");
              assertThat(e.disk())
                  .contains(new DiskSelected(loop, Optional.empty(), Optional.empty(), 128L << 20));
            });
  }

  @Test
  void installsRpmsBuiltHereAndADebIntoTheTarget() throws Exception {
    RealTools.rootAnd("rpm", "rpmbuild", "dpkg-deb");
    // Two tiny RPMs made by rpmbuild in the test (one requires the other, so order matters to
    // rpm), and the sample .deb.
    Path a = rpm("lui-test-a", "", "/etc/lui-test-a.conf", "0640", "a=1");
    Path b = rpm("lui-test-b", "Requires: lui-test-a", "/usr/share/lui-test-b/README", "0644", "b");
    Path deb =
        Path.of("../resources/sample/files/lui-sample-tools_1.0_all.deb")
            .toAbsolutePath()
            .normalize();
    InstallPlan plan =
        new InstallPlan(
            1,
            TestPlans.node(),
            "path=" + loop,
            new PartitionLayout(
                "gpt",
                List.of(
                    new PartitionSpec(
                        "rest", "ext4", Optional.of("/"), Optional.of("root"), List.of()))),
            List.of(
                new Payload.RpmList(
                    "tools-rpm",
                    List.of(
                        new Payload.Source(a.toString(), sha(a)),
                        new Payload.Source(b.toString(), sha(b)))),
                new Payload.DebList(
                    "tools-deb", List.of(new Payload.Source(deb.toString(), sha(deb))))),
            List.of(),
            Finish.NONE,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Path target = dir.resolve("target");

    assertThat(agent(plan, target)).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(0);

    Path check = Files.createDirectories(dir.resolve("check"));
    Mounts.readOnly(loop + "p1", check);
    mountedByTest.add(check);
    assertThat(
            sh("rpm", "--root", check.toString(), "-q", "lui-test-a", "lui-test-b")
                .lines()
                .toList())
        .containsExactly("lui-test-a-1.0-1.noarch", "lui-test-b-1.0-1.noarch");
    Path conf = check.resolve("etc/lui-test-a.conf");
    assertThat(conf).hasContent("a=1");
    assertThat((Integer) Files.getAttribute(conf, "unix:mode") & 07777).isEqualTo(0640);
    assertThat(check.resolve("usr/share/lui-test-b/README")).hasContent("b");
    assertThat(check.resolve("usr/share/doc/lui-sample-tools/README")).exists();
  }

  /** A noarch RPM with one file, built by rpmbuild under the test's directory. */
  private Path rpm(String name, String requires, String file, String mode, String content)
      throws Exception {
    Path top = Files.createDirectories(dir.resolve("rpmbuild-" + name));
    Path spec =
        Files.writeString(
            top.resolve(name + ".spec"),
            String.join(
                "\n",
                "Name: " + name,
                "Version: 1.0",
                "Release: 1",
                "Summary: lui test package",
                "License: MIT",
                "BuildArch: noarch",
                requires,
                "%description",
                "A package built by LoopDeviceInstallTest.",
                "%install",
                "mkdir -p %{buildroot}" + Path.of(file).getParent(),
                "printf '%%s' '" + content + "' > %{buildroot}" + file,
                "%files",
                "%attr(" + mode + ",root,root) " + file,
                ""));
    sh(
        "rpmbuild",
        "--quiet",
        "--define",
        "_topdir " + top,
        "--define",
        "_build_id_links none",
        "-bb",
        spec.toString());
    return top.resolve("RPMS/noarch/" + name + "-1.0-1.noarch.rpm");
  }

  @Test
  void refusesADiskThatIsNotTheOneOfTheLastInstallAndLeavesItUntouched() throws Exception {
    sh("mkfs.ext4", "-q", "-F", "-L", "keep", loop);
    String uuid = sh("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", loop).trim();
    // The server recorded a 64 MiB disk with a serial; the selector now finds this 128 MiB one.
    InstallPlan plan =
        TestPlans.withDisk(TestPlans.sample(), "path=" + loop)
            .withExpectedDisk(
                Optional.of(
                    new dev.lui.contract.disk.DiskIdentity(
                        Optional.empty(), Optional.empty(), 64L << 20)));
    Path target = dir.resolve("target");

    assertThat(agent(plan, target)).isEqualTo(1);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("is not the disk node")
        .contains("size " + (128L << 20) + " bytes, expected " + (64L << 20))
        .contains("--new-disk");
    assertThat(sh("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", loop).trim())
        .isEqualTo(uuid);
  }

  @Test
  void theGuardRefusesEveryMismatchAndTheDiskImageStaysByteForByteTheSame() throws Exception {
    sh("mkfs.ext4", "-q", "-F", "-L", "keep", loop);
    Path image = dir.resolve("disk.img");
    String before = sha(image);
    Path image2 = dir.resolve("disk2.img");
    sh("truncate", "-s", "128M", image2.toString());
    String before2 = sha(image2);
    String loop2 = sh("losetup", "--find", "--show", image2.toString()).trim();
    try {
      InstallPlan base = TestPlans.withPayloads(TestPlans.sample(), List.of());
      record Case(String why, InstallPlan plan, String says) {}
      List<Case> cases =
          List.of(
              new Case(
                  "wrong size",
                  TestPlans.withDisk(base, "path=" + loop + ",size=1G..2G"),
                  "no disk matches"),
              new Case(
                  "wrong serial",
                  TestPlans.withDisk(base, "path=" + loop + ",serial=NOSUCHSERIAL"),
                  "no disk matches"),
              new Case(
                  "two disks match", TestPlans.withDisk(base, "size=127M..129M"), "disks match"),
              new Case(
                  "not the disk of the last install (serial)",
                  TestPlans.withDisk(base, "path=" + loop)
                      .withExpectedDisk(
                          Optional.of(
                              new dev.lui.contract.disk.DiskIdentity(
                                  Optional.of("QM0001"), Optional.empty(), 128L << 20))),
                  "is not the disk node"));
      for (Case c : cases) {
        out.reset();
        assertThat(agent(c.plan(), dir.resolve("target"))).as(c.why()).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).as(c.why()).contains(c.says());
        assertThat(sha(image)).as(c.why() + ": not a byte written").isEqualTo(before);
        assertThat(sha(image2)).as(c.why() + ": nor to the other disk").isEqualTo(before2);
      }
    } finally {
      exec("losetup", "-d", loop2);
    }
  }

  @Test
  void refusesMountedDiskAndLeavesItUntouched() throws Exception {
    sh("mkfs.ext4", "-q", "-F", "-L", "keep", loop);
    String uuid = sh("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", loop).trim();
    Path mnt = Files.createDirectories(dir.resolve("busy"));
    sh("mount", loop, mnt.toString());
    mountedByTest.add(mnt);
    Files.writeString(mnt.resolve("precious"), "data");

    InstallPlan plan =
        TestPlans.withPayloads(TestPlans.withDisk(TestPlans.sample(), "path=" + loop), List.of());
    assertThat(agent(plan, dir.resolve("target"))).isEqualTo(1);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("refusing to touch " + loop, "is mounted at " + mnt);
    assertThat(Files.readString(Path.of("/proc/mounts"))).contains(loop + " " + mnt);
    assertThat(mnt.resolve("precious")).hasContent("data");
    assertThat(sh("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", loop).trim())
        .isEqualTo(uuid);
  }

  @Test
  void unmountsEverythingWhenAPayloadFails() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.tar"), "not what the plan says");
    InstallPlan plan =
        new InstallPlan(
            1,
            TestPlans.node(),
            "path=" + loop,
            new PartitionLayout(
                "gpt",
                List.of(
                    new PartitionSpec(
                        "rest", "ext4", Optional.of("/"), Optional.empty(), List.of()))),
            List.of(new Payload.Tarball("base", bad.toString(), TestPlans.SHA, "/")),
            List.of(),
            Finish.NONE,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Path target = dir.resolve("target");
    assertThat(agent(plan, target)).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("sha256 mismatch", "== unmount ok");
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(target.toString());
  }

  private static String sha(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  private static String sh(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " exited " + rc + ": " + output);
    }
    return output;
  }

  private static void exec(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
  }
}
