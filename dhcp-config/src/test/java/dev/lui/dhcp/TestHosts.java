package dev.lui.dhcp;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Host fixtures. */
public final class TestHosts {
  private TestHosts() {}

  /** A host with a gateway and a host name, both given. */
  public static DhcpHost of(
      String name,
      String mac,
      Inet4Address ip,
      Inet4Address netmask,
      Inet4Address gateway,
      String hostname,
      Inet4Address nextServer,
      String bootFile) {
    return new DhcpHost(
        name,
        mac,
        ip,
        netmask,
        Optional.of(gateway),
        Optional.of(hostname),
        nextServer,
        bootFile,
        NameService.none());
  }

  /** A node with gateway .1 and a host name derived from its name ('_' is not allowed there). */
  public static DhcpHost node(String name, String mac, String ip) {
    return TestHosts.of(
        name,
        mac,
        Ipv4.parse(ip),
        Ipv4.parse("255.255.255.0"),
        Ipv4.parse(ip.substring(0, ip.lastIndexOf('.')) + ".1"),
        name.replace('_', '-'),
        Ipv4.parse("10.0.0.2"),
        "pxelinux.0");
  }

  public static DhcpHost bare(String name, String mac, String ip) {
    return new DhcpHost(
        name,
        mac,
        Ipv4.parse(ip),
        Ipv4.parse("255.255.255.0"),
        Optional.empty(),
        Optional.empty(),
        Ipv4.parse("10.0.0.2"),
        "lui/boot.img",
        NameService.none());
  }

  /** {@code count} hosts, alternating between 10.0.0.0/24 and 10.0.1.0/24. */
  public static List<DhcpHost> many(int count) {
    List<DhcpHost> hosts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hosts.add(
          node(
              String.format("node%03d", i),
              String.format("52:54:00:00:%02x:%02x", i / 256, i % 256),
              "10.0." + (i % 2) + "." + (10 + i)));
    }
    return hosts;
  }

  /** {@code count} (up to 62,500) hosts on 10.1.0.0/16, gateway 10.1.0.1, as a large cluster. */
  public static List<DhcpHost> cluster(int count) {
    List<DhcpHost> hosts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      hosts.add(
          TestHosts.of(
              String.format("n%05d", i),
              String.format("52:54:00:%02x:%02x:%02x", i >> 16, (i >> 8) & 0xff, i & 0xff),
              Ipv4.parse("10.1." + (i / 250) + "." + (i % 250 + 2)),
              Ipv4.parse("255.255.0.0"),
              Ipv4.parse("10.1.0.1"),
              String.format("n%05d", i),
              Ipv4.parse("10.1.0.2"),
              "pxelinux.0"));
    }
    return hosts;
  }
}
