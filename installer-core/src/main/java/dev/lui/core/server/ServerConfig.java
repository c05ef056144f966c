package dev.lui.core.server;

import dev.lui.agent.plan.Finish;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How {@code lui server} runs. Defaults suit a head node; every field has a flag (see {@code lui
 * server --help}) and a key in {@code /etc/lui/lui.yaml}.
 *
 * @param publicUrl the HTTP URL nodes use to reach this server (plans point payloads under it)
 * @param nextServer the TFTP server address DHCP hands to nodes
 * @param nfsServer the NFS server address in boot entries (defaults to nextServer)
 * @param dhcpValidate validate generated dhcpd.conf with {@code dhcpd -t} when dhcpd is installed
 * @param dhcpReload command run after the DHCP files changed (argument array); empty: none
 */
public record ServerConfig(
    Path stateDir,
    InetSocketAddress http,
    InetSocketAddress tftp,
    String publicUrl,
    String nextServer,
    String nfsServer,
    String bootFile,
    String installKernel,
    String installInitrd,
    Finish finish,
    boolean dhcpValidate,
    List<String> dhcpReload,
    Optional<Path> tftpRoot) {

  public static final Path DEFAULT_STATE = Path.of("/var/lib/lui");
  public static final Path DEFAULT_CONFIG = Path.of("/etc/lui/lui.yaml");

  public ServerConfig {
    dhcpReload = List.copyOf(dhcpReload);
  }

  public Path tftpDir() {
    return tftpRoot.orElse(stateDir.resolve("tftp"));
  }

  public Path dhcpDir() {
    return stateDir.resolve("dhcp");
  }

  public Path nfsrootDir() {
    return stateDir.resolve("nfsroot");
  }
}
