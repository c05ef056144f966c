package dev.lui.core.settings;

import dev.lui.contract.plan.Finish;
import dev.lui.core.LuiException;
import dev.lui.core.config.AdminListener;
import dev.lui.core.config.BootLoaders;
import dev.lui.core.config.DhcpBackendSettings;
import dev.lui.core.config.InstallEnv;
import dev.lui.core.config.PowerConfig;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.domain.Names;
import dev.lui.core.domain.Values;
import dev.lui.core.publish.DhcpBackend;
import dev.lui.core.store.PostgresTarget;
import dev.lui.dhcp.BootFiles;
import dev.lui.dhcp.NameService;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns settings into the server's checked configuration: each value parsed and checked by its
 * rule, errors naming the flag; derived defaults (next-server from the TFTP host, the public URL
 * from the node listener) filled in. Takes settings with {@link SettingsTable#DEFAULTS} under them.
 */
public final class Resolver {
  private Resolver() {}

  /** The admin listener; refused (exit 2) off loopback without TLS. */
  public static AdminListener adminListener(ServerSettings s) {
    return AdminListener.of(
            hostPort(AdminListener.ADDRESS_FLAG, s.adminHttp().orElseThrow()),
            s.adminTlsCert().map(Path::toAbsolutePath),
            s.adminTlsKey().map(Path::toAbsolutePath))
        .withMetricsPublic(s.metricsPublic().orElseThrow());
  }

  public static ServerConfig config(ServerSettings s) {
    Path stateDir = s.state().orElseThrow().toAbsolutePath();
    InetSocketAddress http = hostPort("--http", s.http().orElseThrow());
    InetSocketAddress tftp = hostPort("--tftp", s.tftp().orElseThrow());
    String next = s.nextServer().orElse(wildcard(tftp) ? "127.0.0.1" : tftp.getHostString());
    Values.ipv4("--next-server", next);
    String nfs = s.nfsServer().orElse(next);
    Values.ipv4("--nfs-server", nfs);
    String publicUrl =
        s.publicUrl()
            .map(Resolver::checkUrl)
            .orElseGet(
                () ->
                    "http://"
                        + (wildcard(http) ? next : http.getHostString())
                        + ":"
                        + http.getPort());
    String kernel = tftpPath("--install-kernel", s.installKernel().orElseThrow());
    String initrd = tftpPath("--install-initrd", s.installInitrd().orElseThrow());
    ServerConfig.Boot boot =
        new ServerConfig.Boot(
            next,
            nfs,
            s.bootFile().orElseThrow(),
            firmware(s, publicUrl, stateDir.resolve("tftp")),
            kernel,
            initrd,
            finish(s.finish().orElseThrow()));
    InstallEnv env =
        new InstallEnv(s.installRoot(), s.kernelArg(), s.installNetwork(), s.exportsReload());
    String domain = s.dnsDomain().orElseThrow();
    Names.hostname("--dns-domain", domain);
    ServerConfig.Dns dns =
        new ServerConfig.Dns(
            domain, s.dnsServer().map(d -> hostPort("--dns-server", d)), s.dnsUpdateKey());
    ServerConfig config =
        new ServerConfig(
            stateDir,
            new ServerConfig.Listeners(http, tftp, publicUrl),
            boot,
            env,
            dhcp(s),
            dns,
            power(s),
            logs(s),
            s.store()
                .filter(url -> !url.isBlank())
                .map(url -> PostgresTarget.parse("--store", url, s.storePasswordFile())));
    if (!s.allowLoopback().orElseThrow()) {
      LoopbackRefusal.check(
          config,
          s.nextServer().isPresent()
              ? Optional.empty()
              : Optional.of(
                  wildcard(tftp)
                      ? "the default when --tftp listens on " + tftp.getHostString()
                      : "taken from --tftp " + s.tftp().orElseThrow()),
          s.publicUrl().isPresent()
              ? Optional.empty()
              : Optional.of(
                  wildcard(http)
                      ? "from --next-server and --http " + s.http().orElseThrow()
                      : "from --http " + s.http().orElseThrow()));
    }
    return config;
  }

  private static ServerConfig.Logs logs(ServerSettings s) {
    int kept = s.logRunsKept().orElseThrow();
    if (kept < 1 || kept > 1000) {
      throw LuiException.invalid("--log-runs-kept", Integer.toString(kept), "1-1000 runs per node");
    }
    s.logFile()
        .filter(java.nio.file.Files::isDirectory)
        .ifPresent(
            f -> {
              throw LuiException.invalid(
                  "--log-file", f.toString(), "a file, not a directory: like /var/log/lui/lui.log");
            });
    return new ServerConfig.Logs(s.logFile().map(Path::toAbsolutePath), kept);
  }

  /** The BMC settings, each checked by bmc-power's own rule (ipmitool's ranges). */
  private static PowerConfig power(ServerSettings s) {
    int timeout = s.bmcTimeout().orElseThrow();
    int retries = s.bmcRetries().orElseThrow();
    if (timeout < 1 || timeout > 60) {
      throw LuiException.invalid("--bmc-timeout", Integer.toString(timeout), "1-60 seconds");
    }
    if (retries < 1 || retries > 10) {
      throw LuiException.invalid("--bmc-retries", Integer.toString(retries), "1-10");
    }
    s.bmcCipherSuite()
        .filter(c -> c < 0 || c > 255)
        .ifPresent(
            c -> {
              throw LuiException.invalid(
                  "--bmc-cipher-suite", Integer.toString(c), "an IPMI cipher suite, 0-255");
            });
    return new PowerConfig(
        s.bmcSecrets().map(Path::toAbsolutePath),
        s.bmcCipherSuite(),
        timeout,
        retries,
        PowerConfig.defaults().waveTick(),
        dev.lui.core.config.WaveWatch.of(
            s.bootTimeout().orElseThrow(),
            s.waveStallAfter().orElseThrow(),
            s.wavePauseFailures().orElseThrow()));
  }

  private static ServerConfig.Dhcp dhcp(ServerSettings s) {
    List<String> backends = s.dhcpBackends();
    backends.forEach(b -> DhcpBackend.parse("--dhcp-backends", b));
    return new ServerConfig.Dhcp(
        backends,
        s.dhcpValidate().orElseThrow(),
        s.dhcpReload(),
        s.dhcpAdminConf(),
        s.bootptabAdminFile(),
        nameServers("--dhcp-dns-servers", s.dhcpDnsServers()),
        backendSettings(s, backends));
  }

  /** {@code dhcp-backend-settings}, with {@code dhcp-file} over each backend's file. */
  private static Map<String, DhcpBackendSettings> backendSettings(
      ServerSettings s, List<String> backends) {
    Map<String, DhcpBackendSettings> out = new TreeMap<>(s.dhcpBackendSettings());
    s.dhcpFile()
        .forEach(
            (name, path) ->
                out.put(
                    name,
                    out.getOrDefault(name, DhcpBackendSettings.none())
                        .withFile(path.toAbsolutePath())));
    for (String name : out.keySet()) {
      if (!backends.contains(name)) {
        throw LuiException.invalid(
            "dhcp-backend-settings",
            name,
            "not an active backend; active: " + String.join(", ", backends));
      }
    }
    return out;
  }

  /**
   * Which file each firmware gets: a flag wins; else the UEFI loaders {@code lui boot-files setup}
   * put in the TFTP root, when they are there (BIOS-only entries sent UEFI nodes pxelinux.0).
   */
  private static BootFiles firmware(ServerSettings s, String publicUrl, Path tftpRoot) {
    BootFiles files = BootFiles.defaults();
    try {
      Optional<String> x64 =
          s.uefiBootFile().or(() -> BootLoaders.firstPresent(tftpRoot, BootLoaders.UEFI_X64));
      if (x64.isPresent()) {
        files = files.withUefiX64(x64.get());
      }
      Optional<String> arm64 =
          s.uefiArm64BootFile()
              .or(() -> BootLoaders.firstPresent(tftpRoot, BootLoaders.UEFI_ARM64));
      if (arm64.isPresent()) {
        files = files.withUefiArm64(arm64.get());
      }
      if (s.ipxeHttp().orElseThrow()) {
        files = files.withIpxeScriptUrl(publicUrl + "/" + ServerConfig.IPXE_CHAIN);
      }
    } catch (dev.lui.contract.value.InvalidValueException e) {
      throw LuiException.invalid(e);
    }
    return files;
  }

  private static Finish finish(String text) {
    try {
      return Finish.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw LuiException.invalid("--finish", text, "one of reboot, poweroff, none");
    }
  }

  private static String tftpPath(String field, String v) {
    if (v.isEmpty()
        || v.startsWith("/")
        || v.contains(",")
        || v.contains("..")
        || v.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw LuiException.invalid(
          field,
          v,
          "a path relative to the TFTP root, without spaces, ',' or '..', like lui/vmlinuz");
    }
    return v;
  }

  private static List<String> nameServers(String field, List<String> addresses) {
    addresses.forEach(a -> Values.ipv4(field, a));
    if (addresses.size() > NameService.MAX_SERVERS) {
      throw LuiException.invalid(
          field, String.join(",", addresses), "at most " + NameService.MAX_SERVERS + " servers");
    }
    return addresses;
  }

  private static String checkUrl(String url) {
    try {
      URI u = URI.create(url);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw LuiException.invalid(
          "--public-url", url, "an http:// or https:// URL with a host, like http://10.0.0.1:8080");
    }
    return url;
  }

  private static boolean wildcard(InetSocketAddress a) {
    return a.getHostString().equals("0.0.0.0");
  }

  /** {@code HOST:PORT} ({@code [v6]:PORT}); errors name {@code field}. */
  public static InetSocketAddress hostPort(String field, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw LuiException.invalid(field, text, "write HOST:PORT, like 127.0.0.1:8080");
    }
    String host = text.substring(0, colon).replaceAll("^\\[|\\]$", "");
    String portText = text.substring(colon + 1);
    // ASCII digits only: Integer.parseInt also reads other scripts' digits.
    int port = portText.matches("[0-9]{1,5}") ? Integer.parseInt(portText) : -1;
    if (port < 0 || port > 65535) {
      throw LuiException.invalid(field, text, "the port is a number 0-65535 (0 picks a free one)");
    }
    return new InetSocketAddress(host, port);
  }
}
