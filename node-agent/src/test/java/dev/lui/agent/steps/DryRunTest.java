package dev.lui.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.agent.exec.CommandRunner;
import dev.lui.agent.fetch.Fetcher;
import dev.lui.agent.report.EventLog;
import dev.lui.agent.report.RecordingReporter;
import dev.lui.contract.event.AgentEvent;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.ScriptStep;
import dev.lui.contract.plan.TestPlans;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DryRunTest {
  private static RecordingReporter dryRun(InstallPlan plan, boolean[] ok) {
    RecordingReporter rec = new RecordingReporter();
    EventLog events = new EventLog("run-1", rec, Clock.systemUTC());
    StepContext ctx =
        new StepContext(
            plan,
            new CommandRunner(events, true),
            events,
            new Fetcher(HttpClient.newHttpClient(), Optional.empty(), Optional.empty()),
            Path.of("/mnt/t"),
            StepContext.Environment.defaults());
    ok[0] = new Installer(false).run(ctx);
    return rec;
  }

  @Test
  void dryRunOfWholePlanPrintsTheCommandsInOrder() {
    boolean[] ok = new boolean[1];
    RecordingReporter rec = dryRun(TestPlans.sample(), ok);
    assertThat(ok[0]).isTrue();
    assertThat(rec.lines("dry-run"))
        .containsExactly(
            "would query: lsblk -J -b -d -o NAME,PATH,SIZE,SERIAL,WWN,MODEL,TYPE,MOUNTPOINT",
            "would query: lsblk -J -b -o NAME,PATH,SIZE,TYPE,MOUNTPOINT /dev/sdz",
            "would refuse /dev/sdz if it or a partition is mounted or used as swap",
            "sfdisk --wipe always --wipe-partitions always /dev/sdz <<'EOF'",
            "  label: gpt",
            "  size=512MiB, type=U",
            "  size=2048MiB, type=S",
            "  type=L",
            "  EOF",
            "partx -u /dev/sdz",
            "udevadm settle --timeout=10",
            "mkfs.vfat -n EFI /dev/sdz1",
            "mkswap -L swap /dev/sdz2",
            "mkfs.ext4 -F -L root /dev/sdz3",
            "mkdir -p /mnt/t",
            "mkdir -p /mnt/t",
            "mount -t ext4 /dev/sdz3 /mnt/t",
            "mkdir -p /mnt/t/boot/efi",
            "mount -t vfat /dev/sdz1 /mnt/t/boot/efi",
            "would fetch http://10.0.0.1:8080/api/v1/agent/node01/resources/base to"
                + " /mnt/t/.lui-fetch/base and verify sha256 "
                + TestPlans.SHA,
            "mkdir -p /mnt/t",
            "tar --xattrs '--xattrs-include=*' --acls --numeric-owner -xpf /mnt/t/.lui-fetch/base"
                + " -C /mnt/t",
            "would write /mnt/t/etc/hosts (mode 0644, owner root:root) from /srv/lui/hosts after"
                + " verifying sha256 "
                + TestPlans.SHA,
            "would write /mnt/t/etc/hostname (mode 0644)",
            "would write /mnt/t/etc/hosts (mode 0644)",
            "would write /mnt/t/etc/machine-id (mode 0444)",
            "would remove /mnt/t/etc/ssh/ssh_host_*_key* left by the image",
            "ssh-keygen -A -f /mnt/t",
            "the target's network system is detected once the payloads are in /mnt/t; the network"
                + " of 52:54:00:12:34:56 is not configured",
            "would query: blkid -c /dev/null -s UUID -o value /dev/sdz3",
            "would query: blkid -c /dev/null -s UUID -o value /dev/sdz1",
            "would query: blkid -c /dev/null -s UUID -o value /dev/sdz2",
            "would write /mnt/t/etc/fstab:",
            "  # written by lui-agent",
            "  UUID=<uuid-of-/dev/sdz3>\t/\text4\tdefaults\t0\t1",
            "  UUID=<uuid-of-/dev/sdz1>\t/boot/efi\tvfat\tumask=0077\t0\t2",
            "  UUID=<uuid-of-/dev/sdz2>\tnone\tswap\tsw\t0\t0",
            "grub-install --target=x86_64-efi --efi-directory=/mnt/t/boot/efi"
                + " --boot-directory=/mnt/t/boot --removable --no-nvram",
            "would run the target's grub-mkconfig in a chroot if the payloads bring one (chroot"
                + " /mnt/t grub-mkconfig -o /boot/grub/grub.cfg); else:",
            "would query: blkid -c /dev/null -s UUID -o value /dev/sdz3",
            "would write /mnt/t/boot/grub/grub.cfg:",
            "  # written by lui-agent (the target has no grub-mkconfig)",
            "  set timeout=3",
            "  set default=0",
            "  insmod part_gpt",
            "  insmod ext2",
            "  search --no-floppy --fs-uuid --set=root <uuid-of-/dev/sdz3>",
            "  menuentry 'node01.cluster' {",
            "    linux /boot/vmlinuz-VERSION root=UUID=<uuid-of-/dev/sdz3> ro",
            "    initrd /boot/initrd.img-VERSION",
            "  }",
            "sync",
            "umount /mnt/t/boot/efi",
            "umount /mnt/t");
  }

  @Test
  void reportsStepsInOrderWithIncreasingSeq() {
    boolean[] ok = new boolean[1];
    RecordingReporter rec = dryRun(TestPlans.sample(), ok);
    List<AgentEvent> events = rec.events();
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).seq()).isEqualTo(i + 1);
      assertThat(events.get(i).runId()).isEqualTo("run-1");
    }
    assertThat(
            events.stream()
                .filter(e -> e.kind() == AgentEvent.Kind.STEP_STARTED)
                .map(e -> e.step().orElseThrow()))
        .containsExactly(
            "select-disk",
            "partition",
            "make-filesystems",
            "mount",
            "payloads",
            "identity",
            "network",
            "write-fstab",
            "bootloader",
            "unmount");
    AgentEvent last = events.get(events.size() - 1);
    assertThat(last.kind()).isEqualTo(AgentEvent.Kind.INSTALL_FINISHED);
    assertThat(last.ok()).contains(true);
  }

  @Test
  void dryRunWithNonPathSelectorUsesPlaceholderAndSaysSo() {
    boolean[] ok = new boolean[1];
    RecordingReporter rec =
        dryRun(TestPlans.withDisk(TestPlans.sample(), "serial=ABC,size=1G..2T"), ok);
    assertThat(rec.lines("agent"))
        .anyMatch(l -> l.contains("not path-based") && l.contains("placeholder /dev/DISK"));
    assertThat(rec.lines("dry-run")).contains("mkfs.ext4 -F -L root /dev/DISK3");
  }

  @Test
  void dryRunOfScriptsBindsSystemDirsAndChroots() {
    boolean[] ok = new boolean[1];
    RecordingReporter rec =
        dryRun(
            TestPlans.withScripts(
                TestPlans.sample(), List.of(new ScriptStep("post", "/srv/post.sh", TestPlans.SHA))),
            ok);
    List<String> lines = rec.lines("dry-run");
    assertThat(lines)
        .containsSubsequence(
            "mount --bind /dev /mnt/t/dev",
            "mount -t proc proc /mnt/t/proc",
            "mount -t sysfs sysfs /mnt/t/sys",
            "chroot /mnt/t /bin/sh /.lui-scripts/post",
            "umount /mnt/t/sys",
            "umount /mnt/t/proc",
            "umount /mnt/t/dev",
            "umount /mnt/t/boot/efi",
            "umount /mnt/t");
  }
}
