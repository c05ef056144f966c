package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.NodeIdentity;
import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Configures the interface with the node's MAC (address, netmask, default route, DNS) in the
 * target's own network system, detected from the target root. The installed kernel may name the NIC
 * differently from the install environment, so configs match by MAC: directly where the format can
 * (networkd, NetworkManager), else through a systemd {@code .link} file naming it {@value #IFNAME}
 * (ifupdown, ifcfg, whose configs are keyed by interface name).
 */
public final class Network implements Step {
  static final String IFNAME = "lui0";

  /** The network systems the agent can configure, in detection order. */
  public enum Flavor {
    NETWORKD,
    NETWORK_MANAGER,
    IFCFG,
    IFUPDOWN,
    NONE;

    public String display() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** One file to write, relative to the target root. */
  record TargetFile(String path, String text, int mode) {}

  @Override
  public String name() {
    return "network";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    Path root = ctx.target();
    Flavor f = detect(root);
    NodeIdentity n = ctx.plan().node();
    if (f == Flavor.NONE) {
      ctx.events()
          .log(
              ctx.dryRun() ? "dry-run" : "agent",
              (ctx.dryRun()
                      ? "the target's network system is detected once the payloads are in " + root
                      : "warning: no systemd-networkd, NetworkManager, ifcfg or ifupdown found in "
                          + root)
                  + "; the network of "
                  + n.mac()
                  + " is not configured");
      return;
    }
    ctx.events().log("agent", "network system of the target: " + f.display());
    for (TargetFile tf : files(f, n, root)) {
      Path file = ctx.inTarget(tf.path());
      if (ctx.dryRun()) {
        ctx.runner().wouldDo("write " + file + ":");
        for (String l : tf.text().split("\n")) {
          ctx.events().log("dry-run", "  " + l);
        }
        continue;
      }
      for (String l : tf.text().split("\n")) {
        ctx.events().log("agent", tf.path() + ": " + l);
      }
      TargetFiles.writeString(file, tf.text(), tf.mode(), new TargetFiles.Owner(0, 0));
    }
    if (f == Flavor.NETWORKD && !networkdEnabled(root)) {
      enableNetworkd(ctx);
    }
  }

  /** Which network system the target root uses. */
  public static Flavor detect(Path root) {
    if (networkdEnabled(root)) {
      return Flavor.NETWORKD;
    }
    if (anyExists(root, "usr/sbin/NetworkManager", "sbin/NetworkManager")) {
      return Flavor.NETWORK_MANAGER;
    }
    if (Files.isDirectory(root.resolve("etc/sysconfig/network-scripts"))) {
      return Flavor.IFCFG;
    }
    if (anyExists(root, "etc/network/interfaces", "sbin/ifup", "usr/sbin/ifup")) {
      return Flavor.IFUPDOWN;
    }
    if (anyExists(root, "lib/systemd/systemd-networkd", "usr/lib/systemd/systemd-networkd")) {
      return Flavor.NETWORKD;
    }
    return Flavor.NONE;
  }

  static boolean networkdEnabled(Path root) {
    Path units = root.resolve("etc/systemd/system");
    if (!Files.isDirectory(units)) {
      return false;
    }
    try (Stream<Path> s = Files.list(units)) {
      return s.filter(d -> d.getFileName().toString().endsWith(".wants"))
          .anyMatch(
              d -> Files.exists(d.resolve("systemd-networkd.service"), LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      return false;
    }
  }

  private static void enableNetworkd(StepContext ctx) throws StepFailedException {
    Path link =
        ctx.inTarget("/etc/systemd/system/multi-user.target.wants/systemd-networkd.service");
    String unit =
        Files.exists(ctx.inTarget("/usr/lib/systemd/system/systemd-networkd.service"))
            ? "/usr/lib/systemd/system/systemd-networkd.service"
            : "/lib/systemd/system/systemd-networkd.service";
    ctx.events().log("agent", "enabling systemd-networkd: " + link + " -> " + unit);
    try {
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, Path.of(unit));
    } catch (IOException e) {
      throw new StepFailedException("cannot enable systemd-networkd: " + e.getMessage(), e);
    }
  }

  private static boolean anyExists(Path root, String... paths) {
    for (String p : paths) {
      if (Files.exists(root.resolve(p), LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  /** The files for {@code flavor}; {@code root} is read for what must be merged (ifupdown). */
  static List<TargetFile> files(Flavor flavor, NodeIdentity n, Path root)
      throws StepFailedException {
    // The plan was validated: both parse. The MAC in its canonical form (lower case, colons).
    String mac = MacAddress.parse("node.mac", n.mac()).value();
    int prefix = Ipv4.parseNetmask("node.netmask", n.netmask()).prefixLength();
    String header = "# written by lui-agent for " + n.name() + " (" + mac + ")\n";
    List<TargetFile> out = new ArrayList<>();
    switch (flavor) {
      case NETWORKD -> {
        StringBuilder sb =
            new StringBuilder(header)
                .append("[Match]\nMACAddress=")
                .append(mac)
                .append("\nType=ether\n\n")
                .append("[Network]\nAddress=")
                .append(n.ip())
                .append('/')
                .append(prefix)
                .append('\n');
        n.gateway().ifPresent(g -> sb.append("Gateway=").append(g).append('\n'));
        n.nameservers().forEach(d -> sb.append("DNS=").append(d).append('\n'));
        appendJoined(sb, "Domains=", n.searchDomains(), " ", "\n");
        out.add(new TargetFile("/etc/systemd/network/10-lui.network", sb.toString(), 0644));
      }
      case NETWORK_MANAGER -> {
        String id = "lui-" + n.name();
        StringBuilder sb =
            new StringBuilder(header)
                .append("[connection]\nid=")
                .append(id)
                .append("\nuuid=")
                .append(
                    UUID.nameUUIDFromBytes(("lui-agent:" + mac).getBytes(StandardCharsets.UTF_8)))
                .append("\ntype=ethernet\nautoconnect=true\n\n")
                .append("[ethernet]\nmac-address=")
                .append(mac.toUpperCase(Locale.ROOT))
                .append("\n\n")
                .append("[ipv4]\nmethod=manual\naddress1=")
                .append(n.ip())
                .append('/')
                .append(prefix)
                .append(n.gateway().map(g -> "," + g).orElse(""))
                .append('\n');
        appendJoined(sb, "dns=", n.nameservers(), ";", ";\n");
        appendJoined(sb, "dns-search=", n.searchDomains(), ";", ";\n");
        // NetworkManager ignores keyfiles readable by others.
        out.add(
            new TargetFile(
                "/etc/NetworkManager/system-connections/" + id + ".nmconnection",
                sb.toString(),
                0600));
      }
      case IFCFG -> {
        out.add(link(n, mac));
        StringBuilder sb =
            new StringBuilder(header)
                .append("DEVICE=")
                .append(IFNAME)
                .append("\nNAME=")
                .append(IFNAME)
                .append("\nHWADDR=")
                .append(mac.toUpperCase(Locale.ROOT))
                .append("\nTYPE=Ethernet\nBOOTPROTO=none\nONBOOT=yes\nIPADDR=")
                .append(n.ip())
                .append("\nPREFIX=")
                .append(prefix)
                .append('\n');
        n.gateway().ifPresent(g -> sb.append("GATEWAY=").append(g).append("\nDEFROUTE=yes\n"));
        for (int i = 0; i < n.nameservers().size(); i++) {
          sb.append("DNS").append(i + 1).append('=').append(n.nameservers().get(i)).append('\n');
        }
        appendJoined(sb, "DOMAIN=\"", n.searchDomains(), " ", "\"\n");
        out.add(
            new TargetFile("/etc/sysconfig/network-scripts/ifcfg-" + IFNAME, sb.toString(), 0644));
      }
      case IFUPDOWN -> {
        out.add(link(n, mac));
        StringBuilder sb =
            new StringBuilder(header)
                .append("# ")
                .append(IFNAME)
                .append(" is named by /etc/systemd/network/10-")
                .append(IFNAME)
                .append(".link\n")
                .append("auto ")
                .append(IFNAME)
                .append("\niface ")
                .append(IFNAME)
                .append(" inet static\n    address ")
                .append(n.ip())
                .append("\n    netmask ")
                .append(n.netmask())
                .append('\n');
        n.gateway().ifPresent(g -> sb.append("    gateway ").append(g).append('\n'));
        appendJoined(sb, "    dns-nameservers ", n.nameservers(), " ", "\n");
        appendJoined(sb, "    dns-search ", n.searchDomains(), " ", "\n");
        out.add(new TargetFile("/etc/network/interfaces.d/" + IFNAME, sb.toString(), 0644));
        Optional<String> interfaces = TargetFiles.read(root.resolve("etc/network/interfaces"));
        Optional<String> merged = sourcing(interfaces);
        if (merged.isPresent()) {
          out.add(new TargetFile("/etc/network/interfaces", merged.get(), 0644));
        }
        // Without resolvconf, ifupdown ignores dns-* lines; a static resolv.conf then does it.
        Path resolv = root.resolve("etc/resolv.conf");
        if (!n.nameservers().isEmpty()
            && !Files.isSymbolicLink(resolv)
            && !anyExists(root, "sbin/resolvconf", "usr/sbin/resolvconf")) {
          out.add(new TargetFile("/etc/resolv.conf", resolvConf(n), 0644));
        }
      }
      case NONE -> {}
    }
    return out;
  }

  private static TargetFile link(NodeIdentity n, String mac) {
    return new TargetFile(
        "/etc/systemd/network/10-" + IFNAME + ".link",
        "# written by lui-agent for "
            + n.name()
            + ": the NIC with the node's MAC is "
            + IFNAME
            + "\n[Match]\nMACAddress="
            + mac
            + "\nType=ether\n\n[Link]\nName="
            + IFNAME
            + "\n",
        0644);
  }

  /**
   * /etc/network/interfaces that reads interfaces.d/{@value #IFNAME}, or empty when the file
   * already sources interfaces.d (Debian's default).
   */
  static Optional<String> sourcing(Optional<String> interfaces) {
    if (interfaces.isEmpty()) {
      return Optional.of("auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n");
    }
    for (String line : interfaces.get().split("\n")) {
      String l = line.strip();
      if ((l.startsWith("source ") || l.startsWith("source-directory "))
          && l.contains("/etc/network/interfaces.d")) {
        return Optional.empty();
      }
    }
    String text = interfaces.get();
    return Optional.of(
        (text.endsWith("\n") || text.isEmpty() ? text : text + "\n")
            + "source /etc/network/interfaces.d/"
            + IFNAME
            + "\n");
  }

  static String resolvConf(NodeIdentity n) {
    StringBuilder sb = new StringBuilder("# written by lui-agent\n");
    n.nameservers().forEach(d -> sb.append("nameserver ").append(d).append('\n'));
    appendJoined(sb, "search ", n.searchDomains(), " ", "\n");
    return sb.toString();
  }

  /**
   * One setting that lists {@code values}: {@code key}, the values joined by {@code separator},
   * {@code end}; nothing when there are none (no config format wants an empty list line).
   */
  static void appendJoined(
      StringBuilder sb, String key, List<String> values, String separator, String end) {
    if (!values.isEmpty()) {
      sb.append(key).append(String.join(separator, values)).append(end);
    }
  }
}
