package dev.lui.tests.e2e;

import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A network namespace {@code lui-e2e-<pid>} holding a bridge (10.77.0.1/24) and a tap device for
 * QEMU: every server of the lab runs inside it, so nothing listens in the root namespace. radvd
 * answers iPXE's IPv6 router solicitation at once (otherwise it waits about 13 s). Closing stops
 * every daemon started here by its PID, then any process still in the namespace, then deletes it.
 */
final class NetLab implements AutoCloseable {
  static final String ADDRESS = "10.77.0.1";
  static final String BRIDGE = "br0";
  static final String TAP = "tap0";
  private static final Duration QUICK = Duration.ofSeconds(30);

  final String ns;
  final Path dir;
  private final List<Daemon> daemons = Collections.synchronizedList(new ArrayList<>());

  private NetLab(String ns, Path dir) {
    this.ns = ns;
    this.dir = dir;
  }

  static NetLab create(Path dir) {
    RealTools.root();
    RealTools.program("ip");
    RealTools.program("radvd");
    String ns = "lui-e2e-" + ProcessHandle.current().pid();
    // A namespace left by a killed run of this same PID would make 'ip netns add' fail.
    Cmd.tryRun(QUICK, List.of("ip", "netns", "del", ns));
    Cmd.run(QUICK, "ip", "netns", "add", ns);
    NetLab lab = new NetLab(ns, dir);
    try {
      Files.createDirectories(dir);
      lab.ip("link", "set", "lo", "up");
      lab.ip("link", "add", BRIDGE, "type", "bridge", "forward_delay", "0", "stp_state", "0");
      lab.ip("addr", "add", ADDRESS + "/24", "dev", BRIDGE);
      lab.ip("tuntap", "add", "dev", TAP, "mode", "tap");
      lab.ip("link", "set", TAP, "master", BRIDGE);
      lab.ip("link", "set", TAP, "up");
      lab.ip("link", "set", BRIDGE, "up");
      // radvd refuses to advertise on an interface that does not forward IPv6.
      lab.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
      Path conf =
          Files.writeString(
              dir.resolve("radvd.conf"),
              "interface "
                  + BRIDGE
                  + " {\n"
                  + "  AdvSendAdvert on;\n"
                  + "  MinRtrAdvInterval 3;\n"
                  + "  MaxRtrAdvInterval 10;\n"
                  + "  AdvDefaultLifetime 0;\n"
                  + "  prefix fd77:77::/64 { AdvOnLink on; AdvAutonomous on; };\n"
                  + "};\n");
      lab.start(
          "radvd",
          dir.resolve("radvd.log"),
          "radvd",
          "-n",
          "-m",
          "stderr",
          "-C",
          conf.toString(),
          "-p",
          dir.resolve("radvd.pid").toString());
      return lab;
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  /**
   * One more tap device on the bridge, for another VM (a batch of machines each has its own; {@link
   * #TAP} is the first).
   */
  String addTap(String name) {
    ip("tuntap", "add", "dev", name, "mode", "tap");
    ip("link", "set", name, "master", BRIDGE);
    ip("link", "set", name, "up");
    return name;
  }

  /** {@code ip netns exec NS CMD...}: ip execs the command, so its PID is the program's own. */
  List<String> in(List<String> cmd) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    all.addAll(cmd);
    return all;
  }

  String exec(String... cmd) {
    return Cmd.run(Duration.ofMinutes(2), in(List.of(cmd)));
  }

  Cmd.Result tryExec(Duration timeout, String... cmd) {
    return Cmd.tryRun(timeout, in(List.of(cmd)));
  }

  private void ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    Cmd.run(QUICK, in(cmd));
  }

  Daemon start(String name, Path log, String... cmd) {
    return start(name, log, List.of(cmd));
  }

  Daemon start(String name, Path log, List<String> cmd) {
    Daemon d = Daemon.start(name, log, in(cmd));
    daemons.add(d);
    return d;
  }

  /** Stops one daemon now (a restart of dhcpd, say); close() stops whatever is left. */
  void stop(Daemon d) {
    d.close();
    daemons.remove(d);
  }

  @Override
  public void close() {
    List<Daemon> running = new ArrayList<>(daemons);
    Collections.reverse(running);
    for (Daemon d : running) {
      try {
        d.close();
      } catch (RuntimeException e) {
        System.err.println("lui-e2e: stopping " + d.name + ": " + e.getMessage());
      }
    }
    daemons.clear();
    // Anything still in the namespace was started by this lab (a daemon's child, say).
    String pids = Cmd.tryRun(QUICK, List.of("ip", "netns", "pids", ns)).output();
    for (String pid : pids.split("\\s+")) {
      if (Pattern.matches("\\d+", pid)) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    Cmd.Result del = Cmd.tryRun(QUICK, List.of("ip", "netns", "del", ns));
    if (del.code() != 0) {
      System.err.println("lui-e2e: ip netns del " + ns + ": " + del.output().strip());
    }
  }
}
