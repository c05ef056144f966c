package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.NodeIdentity;
import dev.lui.contract.plan.SshHostKey;
import dev.lui.io.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Gives the installed system its own identity: /etc/hostname, the 127.0.1.1 line of /etc/hosts, a
 * machine-id nobody else has, and ssh host keys (the plan's, or fresh ones). Images are often
 * cloned from one golden system, so whatever ids and keys it carried are replaced.
 */
public final class Identity implements Step {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String FIRST_BOOT = "uninitialized";

  @Override
  public String name() {
    return "identity";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    NodeIdentity n = ctx.plan().node();
    write(ctx, "/etc/hostname", shortName(n.hostname()) + "\n", 0644);
    write(
        ctx, "/etc/hosts", hosts(TargetFiles.read(ctx.inTarget("/etc/hosts")), n.hostname()), 0644);
    machineId(ctx);
    sshKeys(ctx, n.sshHostKeys());
    if (selinuxEnabled(ctx.target())) {
      // Files written from outside carry no SELinux labels; relabel at first boot, as
      // installers that write into a target root do.
      ctx.events().log("agent", "SELinux is enabled in the target: relabel at first boot");
      write(ctx, "/.autorelabel", "", 0644);
    }
  }

  static boolean selinuxEnabled(Path root) throws StepFailedException {
    Optional<String> config = TargetFiles.read(root.resolve("etc/selinux/config"));
    return config.isPresent()
        && config
            .get()
            .lines()
            .map(String::strip)
            .filter(l -> l.startsWith("SELINUX="))
            .anyMatch(l -> !l.equals("SELINUX=disabled"));
  }

  static String shortName(String hostname) {
    int dot = hostname.indexOf('.');
    return dot < 0 ? hostname : hostname.substring(0, dot);
  }

  /**
   * The target's hosts file with its 127.0.1.1 line(s) replaced by this node's names (Debian's
   * convention for the own name); a default file when the target has none.
   */
  static String hosts(Optional<String> existing, String hostname) {
    String shortName = shortName(hostname);
    String own =
        "127.0.1.1\t" + (shortName.equals(hostname) ? hostname : hostname + "\t" + shortName);
    if (existing.isEmpty() || existing.get().isBlank()) {
      return "127.0.0.1\tlocalhost\n"
          + own
          + "\n\n"
          + "::1\tlocalhost ip6-localhost ip6-loopback\n"
          + "ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";
    }
    List<String> out = new ArrayList<>();
    boolean placed = false;
    for (String line : existing.get().split("\n", -1)) {
      String first = line.strip().split("\\s+", 2)[0];
      if (first.equals("127.0.1.1")) {
        continue;
      }
      out.add(line);
      if (!placed && first.equals("127.0.0.1")) {
        out.add(own);
        placed = true;
      }
    }
    if (!placed) {
      out.add(0, own);
    }
    String text = String.join("\n", out);
    return text.endsWith("\n") ? text : text + "\n";
  }

  /** A fresh id in systemd's format: 128 random bits as 32 lower-case hex digits (v4 UUID). */
  static String newMachineId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    return HexFormat.of().formatHex(b);
  }

  /**
   * An image prepared for first boot (machine-id empty or "uninitialized", see machine-id(5)) is
   * left so: systemd creates the id at first boot and runs its first-boot units. Otherwise, an id
   * the image may share with its clones is replaced.
   */
  private static void machineId(StepContext ctx) throws StepFailedException {
    Path file = ctx.inTarget("/etc/machine-id");
    Optional<String> current = TargetFiles.read(file).map(String::strip);
    if (current.isPresent() && (current.get().isEmpty() || current.get().equals(FIRST_BOOT))) {
      ctx.events()
          .log(
              "agent",
              "/etc/machine-id is '"
                  + current.get()
                  + "': left for systemd to create at first boot");
      return;
    }
    String id = newMachineId();
    write(ctx, "/etc/machine-id", id + "\n", 0444);
    Path dbus = ctx.inTarget("/var/lib/dbus/machine-id");
    // Usually a symlink to /etc/machine-id; an own copy would keep the image's old id.
    if (Files.isRegularFile(dbus, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      write(ctx, "/var/lib/dbus/machine-id", id + "\n", 0444);
    }
  }

  private static void sshKeys(StepContext ctx, List<SshHostKey> keys) throws StepFailedException {
    Path sshDir = ctx.inTarget("/etc/ssh");
    if (keys.isEmpty() && !ctx.dryRun() && !Files.isDirectory(sshDir)) {
      ctx.events().log("agent", "no /etc/ssh in the target: no ssh host keys to make");
      return;
    }
    removeOldKeys(ctx, sshDir);
    if (keys.isEmpty()) {
      ctx.runner().run(Command.of("ssh-keygen", "-A", "-f", ctx.target().toString()));
      return;
    }
    for (SshHostKey k : keys) {
      String base = "/etc/ssh/ssh_host_" + k.type() + "_key";
      // Contents are secret: only the file names are reported.
      write(
          ctx, base, k.privateKey().endsWith("\n") ? k.privateKey() : k.privateKey() + "\n", 0600);
      write(ctx, base + ".pub", k.publicKey().strip() + "\n", 0644);
      ctx.events()
          .log(
              ctx.dryRun() ? "dry-run" : "agent",
              "ssh host key " + k.type() + " from the plan -> " + ctx.inTarget(base));
    }
  }

  private static void removeOldKeys(StepContext ctx, Path sshDir) throws StepFailedException {
    if (ctx.dryRun()) {
      ctx.runner().wouldDo("remove " + sshDir + "/ssh_host_*_key* left by the image");
      return;
    }
    if (!Files.isDirectory(sshDir)) {
      return;
    }
    try (Stream<Path> s = Files.list(sshDir)) {
      for (Path p :
          s.filter(p -> p.getFileName().toString().matches("ssh_host_.*key(\\.pub)?")).toList()) {
        Files.delete(p);
        ctx.events().log("agent", "removed the image's " + p.getFileName());
      }
    } catch (IOException e) {
      throw new StepFailedException(
          "cannot remove old host keys in " + sshDir + ": " + e.getMessage(), e);
    }
  }

  private static void write(StepContext ctx, String path, String text, int mode)
      throws StepFailedException {
    Path file = ctx.inTarget(path);
    if (ctx.dryRun()) {
      ctx.runner().wouldDo("write " + file + " (mode " + String.format("%04o", mode) + ")");
      return;
    }
    TargetFiles.writeString(file, text, mode, new TargetFiles.Owner(0, 0));
  }
}
