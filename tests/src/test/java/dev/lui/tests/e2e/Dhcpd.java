package dev.lui.tests.e2e;

import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The real ISC dhcpd on the lab's bridge, serving lui's generated {@code STATE/dhcp/dhcpd.conf}
 * (its subnet and host declarations) through a small wrapper that adds iPXE's option 175/176 {@code
 * no-pxedhcp}, which spares iPXE a 3 s wait for ProxyDHCP offers.
 */
final class Dhcpd implements AutoCloseable {
  private final NetLab lab;
  private final Path conf;
  private final Path pidFile;
  private final Path leases;
  private Daemon process;
  private int starts;

  private Dhcpd(NetLab lab, Path luiConf) throws IOException {
    this.lab = lab;
    Path dir = Files.createDirectories(lab.dir.resolve("dhcpd"));
    this.conf =
        Files.writeString(
            dir.resolve("dhcpd.conf"),
            "# e2e lab: iPXE's own options, then lui's generated file\n"
                + "option space ipxe;\n"
                + "option ipxe-encap-opts code 175 = encapsulate ipxe;\n"
                + "option ipxe.no-pxedhcp code 176 = unsigned integer 8;\n"
                + "option ipxe.no-pxedhcp 1;\n"
                + "include \""
                + luiConf
                + "\";\n");
    this.pidFile = dir.resolve("dhcpd.pid");
    this.leases = dir.resolve("dhcpd.leases");
    Files.deleteIfExists(pidFile);
    if (!Files.exists(leases)) {
      Files.createFile(leases);
    }
  }

  static Dhcpd start(NetLab lab, Path luiConf) {
    RealTools.program("dhcpd");
    try {
      Dhcpd d = new Dhcpd(lab, luiConf);
      d.restart();
      return d;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare dhcpd: " + e.getMessage(), e);
    }
  }

  /** Stops the running dhcpd (waiting until it is gone: a stale pid file makes the next refuse). */
  void restart() {
    if (process != null) {
      lab.stop(process);
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    starts++;
    process =
        lab.start(
            "dhcpd",
            lab.dir.resolve("dhcpd/dhcpd-" + starts + ".log"),
            "dhcpd",
            "-d",
            "-4",
            "-cf",
            conf.toString(),
            "-lf",
            leases.toString(),
            "-pf",
            pidFile.toString(),
            NetLab.BRIDGE);
    process.await(Pattern.compile("Sending on +LPF/" + NetLab.BRIDGE), Duration.ofSeconds(60));
  }

  String log() {
    return process == null ? "" : process.output();
  }

  @Override
  public void close() {
    if (process != null) {
      lab.stop(process);
    }
  }
}
