package dev.lui.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real BMC for tests: OpenIPMI's {@code ipmi_sim} on a free 127.0.0.1 UDP port, configured in a
 * directory of the test ({@code lan.conf}, {@code cmds.emu}, its log {@code ipmi_sim.log}), started
 * without persistence ({@code -n -p}, state under the directory), ready when it answers an RMCP
 * presence ping, stopped by its PID (with what it started) by {@link #close}.
 *
 * <p>What the simulated chassis is (measured with ipmi_sim 2.0.33, see docs/testing.md):
 *
 * <ul>
 *   <li>{@link Builder#startcmd} (default {@code sleep 3600}): power on starts the command, power
 *       is "on" while its process lives; power off sends it SIGTERM within a second (no VM is
 *       connected, so there is no graceful wait); cycle is off, then on a second later. Setting the
 *       boot device is refused ({@code Invalid data field in request}): ipmi_sim stores boot flags
 *       only through a chassis control program.
 *   <li>{@link Builder#chassisControl}: ipmi_sim asks a program of this class for power and boot
 *       device instead; it keeps them in {@code chassis/power} and {@code chassis/boot} under the
 *       directory ({@link #chassis}), so {@code bootdev pxe} works and can be checked. The start
 *       command is not used then.
 * </ul>
 */
public final class IpmiSim implements AutoCloseable {
  /** The administrator ipmi_sim knows. */
  public static final String USER = "luiadmin";

  public static final String PASSWORD = "lui-test-pw";

  private final Process process;
  private final Path dir;
  private final int port;
  private final int serialPort;

  private IpmiSim(Process process, Path dir, int port, int serialPort) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.serialPort = serialPort;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How the simulated BMC is configured. */
  public static final class Builder {
    private String startcmd = "sleep 3600";
    private boolean chassisControl;
    private boolean startNow;
    private Optional<Integer> serialPort = Optional.empty();
    private Optional<Integer> port = Optional.empty();
    private Optional<Path> chassisProgram = Optional.empty();
    private List<String> launcher = List.of();

    private Builder() {}

    /** The UDP port of its LAN interface (default: a free one). */
    public Builder port(int port) {
      this.port = Optional.of(port);
      return this;
    }

    /**
     * Power and boot device through {@code program}, a chassis control program of the caller's
     * ({@code PROG get PARM...}, {@code PROG set PARM VAL...}): one that owns a VM, say.
     */
    public Builder chassisControl(Path program) {
      this.chassisControl = true;
      this.chassisProgram = Optional.of(program);
      return this;
    }

    /**
     * Runs ipmi_sim through {@code prefix}, a command that execs its arguments: {@code ip netns
     * exec NS} puts the BMC (and what it starts) in a network namespace. ipmi_sim's loopback
     * address is then the namespace's, so readiness is checked with {@code PREFIX ipmitool ...
     * chassis power status} instead of a ping from this JVM.
     */
    public Builder launcher(List<String> prefix) {
      this.launcher = List.copyOf(prefix);
      return this;
    }

    /** The command power on starts (a shell command line, run by ipmi_sim's {@code sh -c}). */
    public Builder startcmd(String command) {
      this.startcmd = command;
      return this;
    }

    /** Whether the start command runs at once (power on at start). */
    public Builder startNow(boolean now) {
      this.startNow = now;
      return this;
    }

    /** Power and boot device through a chassis control program keeping them in files. */
    public Builder chassisControl() {
      this.chassisControl = true;
      return this;
    }

    /** The TCP port of the serial {@code codec VM} interface a QEMU connects to. */
    public Builder serialPort(int port) {
      this.serialPort = Optional.of(port);
      return this;
    }

    /** Starts ipmi_sim in {@code dir} and waits until it answers (10 s at most). */
    public IpmiSim start(Path dir) throws IOException, InterruptedException {
      Path ipmiSim = RealTools.program("ipmi_sim");
      Files.createDirectories(dir.resolve("state"));
      int port = this.port.isPresent() ? this.port.get() : freeUdpPort();
      int serial = serialPort.isPresent() ? serialPort.get() : freeTcpPort();
      StringBuilder conf = new StringBuilder();
      conf.append("name \"lui-test\"\n")
          .append("set_working_mc 0x20\n")
          .append("  startlan 1\n")
          .append("    addr 127.0.0.1 ")
          .append(port)
          .append('\n')
          .append("    priv_limit admin\n")
          .append("    allowed_auths_callback none md2 md5 straight\n")
          .append("    allowed_auths_user none md2 md5 straight\n")
          .append("    allowed_auths_operator none md2 md5 straight\n")
          .append("    allowed_auths_admin none md2 md5 straight\n")
          .append("    guid a123456789abcdefa123456789abcdef\n")
          .append("  endlan\n")
          .append("  serial 15 127.0.0.1 ")
          .append(serial)
          .append(" codec VM\n");
      if (chassisControl) {
        Path prog = chassisProgram.isPresent() ? chassisProgram.get() : writeChassisControl(dir);
        conf.append("  chassis_control \"").append(prog).append("\"\n");
      } else {
        conf.append("  startcmd \"").append(startcmd).append("\"\n");
        conf.append("  startnow ").append(startNow).append('\n');
      }
      conf.append("  user 2 true \"")
          .append(USER)
          .append("\" \"")
          .append(PASSWORD)
          .append("\" admin 10 none md2 md5 straight\n");
      Files.writeString(dir.resolve("lan.conf"), conf.toString());
      Files.writeString(
          dir.resolve("cmds.emu"),
          "mc_setbmc 0x20\n"
              + "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr\n"
              + "mc_enable 0x20\n");
      Path log = dir.resolve("ipmi_sim.log");
      List<String> cmd =
          prefixed(
              launcher,
              ipmiSim.toString(),
              "-c",
              dir.resolve("lan.conf").toString(),
              "-f",
              dir.resolve("cmds.emu").toString(),
              "-s",
              dir.resolve("state").toString(),
              "-n",
              "-p");
      Process p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      IpmiSim sim = new IpmiSim(p, dir, port, serial);
      try {
        if (launcher.isEmpty()) {
          sim.awaitAnswer(Duration.ofSeconds(10));
        } else {
          sim.awaitStatus(launcher, Duration.ofSeconds(20));
        }
      } catch (IOException | RuntimeException e) {
        sim.close();
        throw e;
      }
      return sim;
    }
  }

  /** The chassis control program: {@code PROG get PARM...} and {@code PROG set PARM VAL...}. */
  private static Path writeChassisControl(Path dir) throws IOException {
    Path state = dir.resolve("chassis");
    Files.createDirectories(state);
    Files.writeString(state.resolve("power"), "0\n");
    Files.writeString(state.resolve("boot"), "default\n");
    Path prog = dir.resolve("chassis-control");
    String script =
        "#!/bin/sh\n"
            + "# Written by dev.lui.testkit.IpmiSim: ipmi_sim's chassis_control program.\n"
            + "state='"
            + state
            + "'\n"
            + "op=$1; shift\n"
            + "echo \"$op $*\" >> \"$state/calls\"\n"
            + "case $op in\n"
            + "  get) for p in \"$@\"; do echo \"$p:$(cat \"$state/$p\" 2>/dev/null || echo 0)\";"
            + " done ;;\n"
            + "  set) while [ $# -ge 2 ]; do echo \"$2\" > \"$state/$1\"; shift 2; done ;;\n"
            + "  *) echo \"unknown operation $op\"; exit 1 ;;\n"
            + "esac\n";
    Files.writeString(prog, script);
    Files.setPosixFilePermissions(prog, PosixFilePermissions.fromString("rwxr-xr-x"));
    return prog;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** The UDP port of its IPMI LAN interface. */
  public int port() {
    return port;
  }

  /** The TCP port of its serial VM interface. */
  public int serialPort() {
    return serialPort;
  }

  public long pid() {
    return process.pid();
  }

  public Path dir() {
    return dir;
  }

  /** The processes ipmi_sim started (its start command), alive now. */
  public List<ProcessHandle> started() {
    return process.descendants().filter(ProcessHandle::isAlive).toList();
  }

  /** A chassis parameter the chassis control program keeps ({@code power}, {@code boot}). */
  public String chassis(String parameter) throws IOException {
    return Files.readString(dir.resolve("chassis").resolve(parameter)).strip();
  }

  /** Its log so far, for an assertion's message. */
  public String log() {
    try {
      return Files.readString(dir.resolve("ipmi_sim.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** {@code prefix} (a launcher such as {@code ip netns exec NS}, or none), then {@code args}. */
  private static List<String> prefixed(List<String> prefix, String... args) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(args));
    return cmd;
  }

  private void requireRunning() throws IOException {
    if (!process.isAlive()) {
      throw new IOException("ipmi_sim exited with status " + process.exitValue() + ": " + log());
    }
  }

  /** Waits for the reply to an RMCP/ASF presence ping (which needs no session). */
  private void awaitAnswer(Duration limit) throws IOException, InterruptedException {
    byte[] ping = {6, 0, (byte) 0xff, 6, 0, 0, 0x11, (byte) 0xbe, (byte) 0x80, 1, 0, 0};
    long end = System.nanoTime() + limit.toNanos();
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(200);
      while (System.nanoTime() < end) {
        requireRunning();
        s.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), port));
        byte[] buf = new byte[64];
        DatagramPacket reply = new DatagramPacket(buf, buf.length);
        try {
          s.receive(reply);
          if (reply.getLength() > 8 && (buf[8] & 0xff) == 0x40) {
            return;
          }
        } catch (SocketTimeoutException e) {
          // not yet
        }
      }
    }
    throw new IOException(
        "ipmi_sim did not answer on 127.0.0.1:" + port + " in " + limit + ": " + log());
  }

  /**
   * Waits until {@code PREFIX ipmitool ... chassis power status} succeeds: the BMC is where this
   * JVM cannot send a packet (another network namespace). The password goes in the environment.
   */
  private void awaitStatus(List<String> prefix, Duration limit)
      throws IOException, InterruptedException {
    Path ipmitool = RealTools.program("ipmitool");
    List<String> cmd =
        prefixed(
            prefix,
            ipmitool.toString(),
            "-I",
            "lanplus",
            "-H",
            host(),
            "-p",
            String.valueOf(port),
            "-U",
            USER,
            "-E",
            "-C",
            "3",
            "-N",
            "1",
            "-R",
            "1",
            "chassis",
            "power",
            "status");
    long end = System.nanoTime() + limit.toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      requireRunning();
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("IPMI_PASSWORD", PASSWORD);
      Process probe =
          pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      last = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!probe.waitFor(10, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
      } else if (probe.exitValue() == 0 && last.contains("Chassis Power is")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IOException(
        "ipmi_sim did not answer on "
            + host()
            + ":"
            + port
            + " (through "
            + String.join(" ", prefix)
            + ") in "
            + limit
            + ": "
            + last
            + "\n"
            + log());
  }

  /** Stops what ipmi_sim started, then ipmi_sim, by PID (SIGTERM, SIGKILL after 5 s). */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        child.destroyForcibly();
      }
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
