package dev.lui.core.server;

import dev.lui.contract.plan.Finish;
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
 * @param dhcpBackends which files to keep: {@code isc}, {@code isc-managed}, {@code bootptab},
 *     {@code kea}, {@code dnsmasq}
 * @param dnsDomain the domain of node host names in {@code lui dns render}
 * @param dhcpAdminConf the admin's own dhcpd.conf, read for dynamic pools a node's address must not
 *     fall in (a warning naming the pool)
 * @param dnsServer the DNS server that resolves node host names when {@code define-node} is given
 *     no {@code --ip}
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
    Optional<Path> tftpRoot,
    List<String> dhcpBackends,
    String dnsDomain,
    Optional<Path> dhcpAdminConf,
    Optional<InetSocketAddress> dnsServer,
    InstallEnv installEnv,
    dev.lui.dhcp.BootFiles dhcpBootFiles,
    Optional<Path> bootptabAdminFile,
    Optional<Path> dnsUpdateKey,
    List<String> dhcpNameServers,
    java.util.Map<String, DhcpBackendSettings> dhcpBackendSettings) {

  public static final Path DEFAULT_STATE = Path.of("/var/lib/lui");
  public static final Path DEFAULT_CONFIG = Path.of("/etc/lui/lui.yaml");

  /** The backends written when none are configured (all of them: {@code DhcpBackend}). */
  public static final List<String> DEFAULT_BACKENDS = List.of("isc", "bootptab");

  public ServerConfig {
    dhcpReload = List.copyOf(dhcpReload);
    dhcpBackends = List.copyOf(dhcpBackends);
    dhcpNameServers = List.copyOf(dhcpNameServers);
    dhcpBackendSettings = java.util.Map.copyOf(dhcpBackendSettings);
  }

  /**
   * Unprivileged, loopback only, free ports, nodes finish with no reboot: the demo's and tests'.
   */
  public static ServerConfig loopback(Path stateDir) {
    return new ServerConfig(
        stateDir,
        new InetSocketAddress("127.0.0.1", 0),
        new InetSocketAddress("127.0.0.1", 0),
        "http://127.0.0.1:0",
        "127.0.0.1",
        "127.0.0.1",
        "pxelinux.0",
        "lui/vmlinuz",
        "lui/initrd.img",
        Finish.NONE,
        true,
        List.of(),
        Optional.empty(),
        DEFAULT_BACKENDS,
        "cluster",
        Optional.empty(),
        Optional.empty(),
        InstallEnv.legacy(),
        dev.lui.dhcp.BootFiles.defaults(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        java.util.Map.of());
  }

  public ServerConfig withHttp(InetSocketAddress newHttp, String newPublicUrl) {
    return new ServerConfig(
        stateDir,
        newHttp,
        tftp,
        newPublicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        dhcpBackends,
        dnsDomain,
        dhcpAdminConf,
        dnsServer,
        installEnv,
        dhcpBootFiles,
        bootptabAdminFile,
        dnsUpdateKey,
        dhcpNameServers,
        dhcpBackendSettings);
  }

  /** The command run after the DHCP files changed (argument array), e.g. for tests. */
  public ServerConfig withDhcpReload(List<String> command) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        command,
        tftpRoot,
        dhcpBackends,
        dnsDomain,
        dhcpAdminConf,
        dnsServer,
        installEnv,
        dhcpBootFiles,
        bootptabAdminFile,
        dnsUpdateKey,
        dhcpNameServers,
        dhcpBackendSettings);
  }

  public ServerConfig withDhcpBackends(List<String> backends) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        backends,
        dnsDomain,
        dhcpAdminConf,
        dnsServer,
        installEnv,
        dhcpBootFiles,
        bootptabAdminFile,
        dnsUpdateKey,
        dhcpNameServers,
        dhcpBackendSettings);
  }

  public ServerConfig withDhcpAdminConf(Path adminConf) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        dhcpBackends,
        dnsDomain,
        Optional.of(adminConf),
        dnsServer,
        installEnv,
        dhcpBootFiles,
        bootptabAdminFile,
        dnsUpdateKey,
        dhcpNameServers,
        dhcpBackendSettings);
  }

  public ServerConfig withDns(String domain, InetSocketAddress server) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        dhcpBackends,
        domain,
        dhcpAdminConf,
        Optional.of(server),
        installEnv,
        dhcpBootFiles,
        bootptabAdminFile,
        dnsUpdateKey,
        dhcpNameServers,
        dhcpBackendSettings);
  }

  public ServerConfig withInstallEnv(InstallEnv env) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        dhcpBackends,
        dnsDomain,
        dhcpAdminConf,
        dnsServer,
        env,
        dhcpBootFiles,
        bootptabAdminFile,
        dnsUpdateKey,
        dhcpNameServers,
        dhcpBackendSettings);
  }

  public ServerConfig withInstallFiles(String kernel, String initrd) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        kernel,
        initrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        dhcpBackends,
        dnsDomain,
        dhcpAdminConf,
        dnsServer,
        installEnv,
        dhcpBootFiles,
        bootptabAdminFile,
        dnsUpdateKey,
        dhcpNameServers,
        dhcpBackendSettings);
  }

  public ServerConfig withDhcpBootFiles(dev.lui.dhcp.BootFiles files) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        dhcpBackends,
        dnsDomain,
        dhcpAdminConf,
        dnsServer,
        installEnv,
        files,
        bootptabAdminFile,
        dnsUpdateKey,
        dhcpNameServers,
        dhcpBackendSettings);
  }

  /** What a chain-loaded iPXE is told to fetch: it chains on to its own per-MAC script. */
  public static final String IPXE_CHAIN = "ipxe/boot.ipxe";

  public ServerConfig withBootptabAdminFile(Path file) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        dhcpBackends,
        dnsDomain,
        dhcpAdminConf,
        dnsServer,
        installEnv,
        dhcpBootFiles,
        Optional.of(file),
        dnsUpdateKey,
        dhcpNameServers,
        dhcpBackendSettings);
  }

  /**
   * RFC 2136 updates of the nodes' A and PTR records at {@code server}, signed with the TSIG key in
   * {@code keyFile}.
   */
  public ServerConfig withDnsUpdates(String domain, InetSocketAddress server, Path keyFile) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        dhcpBackends,
        domain,
        dhcpAdminConf,
        Optional.of(server),
        installEnv,
        dhcpBootFiles,
        bootptabAdminFile,
        Optional.of(keyFile),
        dhcpNameServers,
        dhcpBackendSettings);
  }

  public ServerConfig withDhcpNameServers(List<String> servers) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        dhcpBackends,
        dnsDomain,
        dhcpAdminConf,
        dnsServer,
        installEnv,
        dhcpBootFiles,
        bootptabAdminFile,
        dnsUpdateKey,
        servers,
        dhcpBackendSettings);
  }

  public ServerConfig withDhcpBackendSettings(java.util.Map<String, DhcpBackendSettings> settings) {
    return new ServerConfig(
        stateDir,
        http,
        tftp,
        publicUrl,
        nextServer,
        nfsServer,
        bootFile,
        installKernel,
        installInitrd,
        finish,
        dhcpValidate,
        dhcpReload,
        tftpRoot,
        dhcpBackends,
        dnsDomain,
        dhcpAdminConf,
        dnsServer,
        installEnv,
        dhcpBootFiles,
        bootptabAdminFile,
        dnsUpdateKey,
        dhcpNameServers,
        settings);
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
