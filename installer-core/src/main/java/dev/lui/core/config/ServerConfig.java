package dev.lui.core.config;

import dev.lui.contract.plan.Finish;
import dev.lui.core.store.PostgresTarget;
import dev.lui.dhcp.BootFiles;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How {@code lui server} runs, resolved from its settings ({@code dev.lui.core.settings}: one table
 * of keys, each a flag and a key of {@code /etc/lui/lui.yaml}; docs/settings.md). Grouped by what
 * each part configures; every group is an immutable record with withers for tests.
 *
 * @param stateDir the state directory: store, TFTP root ({@code tftp}), DHCP files ({@code dhcp}),
 *     node roots ({@code nfsroot})
 * @param listeners where nodes reach the server
 * @param boot what DHCP and boot entries hand a node
 * @param installEnv how boot entries point a node at its install environment
 * @param dhcp which DHCP/BOOTP files lui keeps and how they are checked and reloaded
 * @param dns the nodes' DNS domain and the DNS server lui asks or updates
 * @param power how the server reaches nodes' BMCs (#14)
 * @param logs where the server logs and how much of nodes' install logs it keeps
 * @param store the PostgreSQL database the store is in; empty: SQLite, {@code STATE/lui.db} (#17)
 */
public record ServerConfig(
    Path stateDir,
    Listeners listeners,
    Boot boot,
    InstallEnv installEnv,
    Dhcp dhcp,
    Dns dns,
    PowerConfig power,
    Logs logs,
    Optional<PostgresTarget> store) {

  /**
   * The server's own log and the nodes' install logs.
   *
   * @param file the server's log file, rolled by size and day ({@code ServerLog}); empty: stderr
   * @param runsKept how many agent runs each node's install log keeps
   */
  public record Logs(Optional<Path> file, int runsKept) {
    public static final int DEFAULT_RUNS_KEPT = 5;

    public static Logs defaults() {
      return new Logs(Optional.empty(), DEFAULT_RUNS_KEPT);
    }
  }

  public static final Path DEFAULT_STATE = Path.of("/var/lib/lui");
  public static final Path DEFAULT_CONFIG = Path.of("/etc/lui/lui.yaml");

  /** The backends written when none are configured (all of them: {@code DhcpBackend}). */
  public static final List<String> DEFAULT_BACKENDS = List.of("isc", "bootptab");

  /** What a chain-loaded iPXE is told to fetch: it chains on to its own per-MAC script. */
  public static final String IPXE_CHAIN = dev.lui.nfsroot.boot.Ipxe.CHAIN_PATH;

  /**
   * The node listener and TFTP.
   *
   * @param publicUrl the HTTP URL nodes use to reach this server (plans point payloads under it)
   */
  public record Listeners(InetSocketAddress http, InetSocketAddress tftp, String publicUrl) {}

  /**
   * What a booting node is handed.
   *
   * @param nextServer the TFTP server address DHCP hands to nodes
   * @param nfsServer the NFS server address in boot entries (defaults to nextServer)
   * @param bootFile the first-stage boot file DHCP names
   * @param firmware which boot file each kind of firmware gets (UEFI, iPXE)
   * @param installKernel the install kernel, relative to the TFTP root
   * @param installInitrd the install initramfs, relative to the TFTP root
   * @param finish what nodes do after a good install
   */
  public record Boot(
      String nextServer,
      String nfsServer,
      String bootFile,
      BootFiles firmware,
      String installKernel,
      String installInitrd,
      Finish finish) {
    public Boot withFirmware(BootFiles files) {
      return new Boot(nextServer, nfsServer, bootFile, files, installKernel, installInitrd, finish);
    }

    public Boot withInstallFiles(String kernel, String initrd) {
      return new Boot(nextServer, nfsServer, bootFile, firmware, kernel, initrd, finish);
    }
  }

  /**
   * The DHCP/BOOTP files.
   *
   * @param backends which files to keep: {@code isc}, {@code isc-managed}, {@code bootptab}, {@code
   *     bootptab-managed}, {@code kea}, {@code dnsmasq}
   * @param validate validate generated dhcpd.conf with {@code dhcpd -t} when dhcpd is installed
   * @param reload command run after the DHCP files changed (argument array); empty: none
   * @param adminConf the admin's own dhcpd.conf, read for dynamic pools a node's address must not
   *     fall in (a warning naming the pool); the isc-managed backend's file
   * @param bootptabAdminFile the admin's own bootptab, the bootptab-managed backend's file
   * @param nameServers DNS servers every node is told (option 6)
   * @param backendSettings per backend: its file, check and reload
   */
  public record Dhcp(
      List<String> backends,
      boolean validate,
      List<String> reload,
      Optional<Path> adminConf,
      Optional<Path> bootptabAdminFile,
      List<String> nameServers,
      Map<String, DhcpBackendSettings> backendSettings) {
    public Dhcp {
      backends = List.copyOf(backends);
      reload = List.copyOf(reload);
      nameServers = List.copyOf(nameServers);
      backendSettings = Map.copyOf(backendSettings);
    }

    public static Dhcp defaults() {
      return new Dhcp(
          DEFAULT_BACKENDS,
          true,
          List.of(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          Map.of());
    }

    public Dhcp withBackends(List<String> names) {
      return new Dhcp(
          names, validate, reload, adminConf, bootptabAdminFile, nameServers, backendSettings);
    }

    public Dhcp withValidate(boolean check) {
      return new Dhcp(
          backends, check, reload, adminConf, bootptabAdminFile, nameServers, backendSettings);
    }

    public Dhcp withReload(List<String> command) {
      return new Dhcp(
          backends, validate, command, adminConf, bootptabAdminFile, nameServers, backendSettings);
    }

    public Dhcp withAdminConf(Path conf) {
      return new Dhcp(
          backends,
          validate,
          reload,
          Optional.of(conf),
          bootptabAdminFile,
          nameServers,
          backendSettings);
    }

    public Dhcp withBootptabAdminFile(Path file) {
      return new Dhcp(
          backends, validate, reload, adminConf, Optional.of(file), nameServers, backendSettings);
    }

    public Dhcp withNameServers(List<String> servers) {
      return new Dhcp(
          backends, validate, reload, adminConf, bootptabAdminFile, servers, backendSettings);
    }

    public Dhcp withBackendSettings(Map<String, DhcpBackendSettings> settings) {
      return new Dhcp(
          backends, validate, reload, adminConf, bootptabAdminFile, nameServers, settings);
    }
  }

  /**
   * The nodes' names in DNS.
   *
   * @param domain the domain of node host names
   * @param server the DNS server that resolves node host names when {@code define-node} is given no
   *     {@code --ip} (and that RFC 2136 updates go to)
   * @param updateKey the TSIG key file that signs RFC 2136 updates of the nodes' A and PTR records
   */
  public record Dns(String domain, Optional<InetSocketAddress> server, Optional<Path> updateKey) {
    public static Dns of(String domain) {
      return new Dns(domain, Optional.empty(), Optional.empty());
    }
  }

  /**
   * Unprivileged, loopback only, free ports, nodes finish with no reboot: the demo's and tests'.
   */
  public static ServerConfig loopback(Path stateDir) {
    return new ServerConfig(
        stateDir,
        new Listeners(
            new InetSocketAddress("127.0.0.1", 0),
            new InetSocketAddress("127.0.0.1", 0),
            "http://127.0.0.1:0"),
        new Boot(
            "127.0.0.1",
            "127.0.0.1",
            "pxelinux.0",
            BootFiles.defaults(),
            "lui/vmlinuz",
            "lui/initrd.img",
            Finish.NONE),
        InstallEnv.legacy(),
        Dhcp.defaults(),
        Dns.of("cluster"),
        PowerConfig.defaults(),
        Logs.defaults(),
        Optional.empty());
  }

  public ServerConfig withHttp(InetSocketAddress newHttp, String newPublicUrl) {
    return new ServerConfig(
        stateDir,
        new Listeners(newHttp, listeners.tftp(), newPublicUrl),
        boot,
        installEnv,
        dhcp,
        dns,
        power,
        logs,
        store);
  }

  public ServerConfig withBoot(UnaryOperator<Boot> change) {
    return new ServerConfig(
        stateDir, listeners, change.apply(boot), installEnv, dhcp, dns, power, logs, store);
  }

  public ServerConfig withInstallEnv(InstallEnv env) {
    return new ServerConfig(stateDir, listeners, boot, env, dhcp, dns, power, logs, store);
  }

  public ServerConfig withDhcp(UnaryOperator<Dhcp> change) {
    return new ServerConfig(
        stateDir, listeners, boot, installEnv, change.apply(dhcp), dns, power, logs, store);
  }

  public ServerConfig withDns(Dns newDns) {
    return new ServerConfig(
        stateDir, listeners, boot, installEnv, dhcp, newDns, power, logs, store);
  }

  public ServerConfig withPower(UnaryOperator<PowerConfig> change) {
    return new ServerConfig(
        stateDir, listeners, boot, installEnv, dhcp, dns, change.apply(power), logs, store);
  }

  public ServerConfig withLogs(Logs newLogs) {
    return new ServerConfig(
        stateDir, listeners, boot, installEnv, dhcp, dns, power, newLogs, store);
  }

  public ServerConfig withStore(Optional<PostgresTarget> newStore) {
    return new ServerConfig(
        stateDir, listeners, boot, installEnv, dhcp, dns, power, logs, newStore);
  }

  /** Where BMC passwords are read from. */
  public Path bmcSecretsDir() {
    return power.secretsDir(stateDir);
  }

  public Path tftpDir() {
    return stateDir.resolve("tftp");
  }

  public Path dhcpDir() {
    return stateDir.resolve("dhcp");
  }

  public Path nfsrootDir() {
    return stateDir.resolve("nfsroot");
  }
}
