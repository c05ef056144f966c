package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.contract.plan.Finish;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Values;
import dev.lui.core.server.AdminListener;
import dev.lui.core.server.InstallEnv;
import dev.lui.core.server.LuiServer;
import dev.lui.core.server.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "server",
    description = {
      "Run the lui daemon: store, HTTP API, TFTP server, DHCP/BOOTP, boot-entry and",
      "NFS-root writers.",
      "",
      "Defaults suit a head node (state in /var/lib/lui, TFTP on port 69, HTTP on",
      "8080, settings from /etc/lui/lui.yaml when it exists). Flags override the file.",
      "To run unprivileged:",
      "  lui server --state /tmp/lui --http 127.0.0.1:8080 --tftp 127.0.0.1:6969",
      "On first start an admin API token is written to STATE/admin.token (mode 0600).",
      "",
      "HTTP has two listeners. The node listener (--http: the cluster network, plain",
      "HTTP) serves what nodes need: the agents' calls, each with its node's install",
      "token, and the TFTP root read-only; no admin call. The admin listener",
      "(--admin-http, default 127.0.0.1:8081) serves the admin API, with the token",
      "from STATE/admin.token; the CLI on this host finds its URL in STATE/server.url.",
      "For admins on other machines, give it an address there and a certificate; it",
      "then speaks HTTPS:",
      "  lui server --admin-http 10.1.0.5:8443 \\",
      "      --admin-tls-cert /etc/lui/admin.pem --admin-tls-key /etc/lui/admin.key",
      "  lui list-nodes --server https://10.1.0.5:8443 --ca-cert admin.pem \\",
      "      --token-file admin.token",
      "A self-signed certificate and its key (give admins admin.pem):",
      "  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \\",
      "      -days 825 -subj /CN=head -addext subjectAltName=DNS:head,IP:10.1.0.5 \\",
      "      -keyout admin.key -out admin.pem",
      "See docs/security.md: who holds which token, what each listener exposes."
    })
final class ServerCommand implements Callable<Integer> {
  private static final Set<String> CONFIG_KEYS =
      Set.of(
          "state",
          "http",
          "tftp",
          "public-url",
          "next-server",
          "nfs-server",
          "boot-file",
          "finish",
          "dhcp-validate",
          "dhcp-reload",
          "dhcp-backends",
          "dns-domain",
          "dhcp-admin-conf",
          "dns-server",
          "install-root",
          "install-kernel",
          "install-initrd",
          "kernel-arg",
          "image",
          "install-network",
          "exports-reload",
          "uefi-boot-file",
          "ipxe-http",
          "images",
          "bootptab-admin-file",
          "dns-update-key",
          "dhcp-dns-servers",
          "dhcp-backend-settings",
          "admin-http",
          "admin-tls-cert",
          "admin-tls-key");

  @Spec CommandSpec spec;

  @Option(
      names = "--reconcile-only",
      description = {
        "Bring every published file (DHCP/BOOTP, boot entries, node roots, exports) in line with",
        "the store, delete what no node owns, run the reloads once, and exit. The server does the",
        "same at every start; use this after restoring a backup or with the server stopped."
      })
  boolean reconcileOnly;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML settings file (default /etc/lui/lui.yaml if present); keys are these flags' names.")
  Optional<Path> configFile = Optional.empty();

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description = "State directory (default /var/lib/lui).")
  Optional<Path> state = Optional.empty();

  @Option(
      names = "--http",
      paramLabel = "HOST:PORT",
      description =
          "The node listener (default 0.0.0.0:8080): where"
              + " nodes' agents and iPXE reach the server on the cluster network. Plain HTTP: agent calls and boot files, no admin call.")
  Optional<String> http = Optional.empty();

  @Option(
      names = "--admin-http",
      paramLabel = "HOST:PORT",
      description =
          "The admin listener (default "
              + AdminListener.DEFAULT_ADDRESS
              + "): every admin API call, with the admin token. An address other than loopback"
              + " needs --admin-tls-cert and --admin-tls-key, so that the token never crosses a network in clear; with them the"
              + " listener speaks HTTPS.")
  Optional<String> adminHttp = Optional.empty();

  @Option(
      names = "--admin-tls-cert",
      paramLabel = "FILE",
      description =
          "The admin listener's certificate, PEM (its"
              + " chain may follow). Its names (subjectAltName) must include the host admins write in --server. Clients trust"
              + " a self-signed one with --ca-cert FILE or LUI_CA_CERT; the CLI on this host trusts it without.")
  Optional<Path> adminTlsCert = Optional.empty();

  @Option(
      names = "--admin-tls-key",
      paramLabel = "FILE",
      description =
          "That certificate's private key, PEM,"
              + " unencrypted PKCS#8 ('BEGIN PRIVATE KEY', as openssl writes it); keep it mode 0600.")
  Optional<Path> adminTlsKey = Optional.empty();

  @Option(
      names = "--tftp",
      paramLabel = "HOST:PORT",
      description = "TFTP listen address (default 0.0.0.0:69).")
  Optional<String> tftp = Optional.empty();

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = "The URL nodes use to reach this server (default: from --http).")
  Optional<String> publicUrl = Optional.empty();

  @Option(
      names = "--next-server",
      paramLabel = "IP",
      description =
          "TFTP server address given to nodes by DHCP (default: the TFTP host, or 127.0.0.1).")
  Optional<String> nextServer = Optional.empty();

  @Option(
      names = "--nfs-server",
      paramLabel = "IP",
      description = "NFS server in boot entries (default: --next-server).")
  Optional<String> nfsServer = Optional.empty();

  @Option(
      names = "--boot-file",
      paramLabel = "FILE",
      description = "First-stage boot file DHCP names (default pxelinux.0).")
  Optional<String> bootFile = Optional.empty();

  @Option(
      names = "--finish",
      paramLabel = "ACTION",
      description = "What nodes do after a good install: reboot (default), poweroff, none.")
  Optional<String> finish = Optional.empty();

  @Option(
      names = "--no-dhcp-validate",
      description = "Do not check dhcpd.conf with 'dhcpd -t' before writing it.")
  boolean noDhcpValidate;

  @Option(
      names = "--dhcp-reload",
      paramLabel = "ARG",
      arity = "1..*",
      description =
          "Command (as arguments) run after the DHCP files changed, e.g. systemctl reload isc-dhcp-server.")
  List<String> dhcpReload = new ArrayList<>();

  @Option(
      names = "--dhcp-backends",
      paramLabel = "NAME",
      split = ",",
      description =
          "DHCP/BOOTP files to keep in STATE/dhcp: isc, bootptab, kea, dnsmasq (default isc,bootptab); isc-managed keeps the host declarations in a marked block of --dhcp-admin-conf, bootptab-managed the entries in one of --bootptab-admin-file.")
  List<String> dhcpBackends = new ArrayList<>();

  @Option(
      names = "--dns-domain",
      paramLabel = "DOMAIN",
      description = "Domain of node host names in 'lui dns render' (default cluster).")
  Optional<String> dnsDomain = Optional.empty();

  @Option(
      names = "--dhcp-admin-conf",
      paramLabel = "FILE",
      description =
          "Your own dhcpd.conf: a node address inside one of its dynamic pools ('range') gets a warning naming the pool.")
  Optional<Path> dhcpAdminConf = Optional.empty();

  @Option(
      names = "--bootptab-admin-file",
      paramLabel = "FILE",
      description =
          "Your own /etc/bootptab for the bootptab-managed backend: lui keeps its entries between markers, every other line as it was.")
  Optional<Path> bootptabAdminFile = Optional.empty();

  @Option(
      names = "--dns-update-key",
      paramLabel = "FILE",
      description =
          "A BIND key file (tsig-keygen output): keep the nodes' A and PTR records up to date at --dns-server with RFC 2136 updates signed with it.")
  Optional<Path> dnsUpdateKey = Optional.empty();

  @Option(
      names = "--dhcp-dns-servers",
      paramLabel = "IP",
      split = ",",
      description =
          "DNS servers every node is told by DHCP (option 6), with --dns-domain as its domain (option 15).")
  List<String> dhcpDnsServers = new ArrayList<>();

  @Option(
      names = "--dhcp-file",
      paramLabel = "BACKEND=PATH",
      description =
          "Write a backend's file here instead of STATE/dhcp (repeatable), e.g. --dhcp-file kea=/etc/kea/kea-dhcp4.conf. Per-backend validate and reload commands: the settings file's dhcp-backend-settings.")
  java.util.Map<String, Path> dhcpFiles = new java.util.LinkedHashMap<>();

  @Option(
      names = "--dns-server",
      paramLabel = "HOST:PORT",
      description =
          "DNS server that resolves node host names (in --dns-domain) when define-node has no --ip.")
  Optional<String> dnsServer = Optional.empty();

  @Option(
      names = "--image",
      paramLabel = "NAME",
      description =
          "Serve this install image (lui image list): its current version's root for nfsroot=, its kernel and initrd copied to TFTP lui/NAME/. Overrides --install-root/--install-kernel/--install-initrd.")
  Optional<String> image = Optional.empty();

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description =
          "Where --image looks (default STATE/images; lui image ... --images DIR builds there).")
  Optional<Path> imagesDir = Optional.empty();

  @Option(
      names = "--install-root",
      paramLabel = "PATH",
      description =
          "The install image's root as the NFS server exports it (read-only, shared by all nodes). Entries then say nfsroot=NFS:PATH and lui.noderoot=NFS:STATE/nfsroot/nodes/NAME, which the image's agent unit mounts at /lui. Default: nfsroot= names the node's own root.")
  Optional<String> installRoot = Optional.empty();

  @Option(
      names = "--install-kernel",
      paramLabel = "TFTP-PATH",
      description = "Install kernel, relative to the TFTP root (default lui/vmlinuz).")
  Optional<String> installKernel = Optional.empty();

  @Option(
      names = "--install-initrd",
      paramLabel = "TFTP-PATH",
      description = "Install initramfs, relative to the TFTP root (default lui/initrd.img).")
  Optional<String> installInitrd = Optional.empty();

  @Option(
      names = "--kernel-arg",
      paramLabel = "ARG",
      description =
          "Added to every install entry's kernel command line, e.g. console=ttyS0,115200 (repeatable).")
  List<String> kernelArgs = new ArrayList<>();

  @Option(
      names = "--install-network",
      paramLabel = "CIDR",
      description =
          "Network the image root is exported to, read-only, in STATE/nfs/exports and STATE/nfs/ganesha.conf (default: the first node's network).")
  Optional<String> installNetwork = Optional.empty();

  @Option(
      names = "--exports-reload",
      paramLabel = "ARG",
      arity = "1..*",
      description =
          "Command (as arguments) run after the NFS exports changed, e.g. exportfs -ra (with /etc/exports.d/lui.exports linked to STATE/nfs/exports).")
  List<String> exportsReload = new ArrayList<>();

  @Option(
      names = "--uefi-boot-file",
      paramLabel = "TFTP-PATH",
      description =
          "What x86-64 UEFI clients (DHCP option 93 = 7 or 9) boot, e.g. boot/grub/x86_64-efi/core.efi from 'lui boot-files setup'; GRUB then reads the node's boot/grub/grub.cfg-01-MAC. Default: every client gets --boot-file.")
  Optional<String> uefiBootFile = Optional.empty();

  @Option(
      names = "--ipxe-http",
      description =
          "Clients that are already iPXE (user class iPXE, e.g. QEMU's and many NICs' ROMs) get PUBLIC-URL/ipxe/boot.ipxe and fetch the node's script, kernel and initrd over HTTP instead of TFTP.")
  boolean ipxeHttp;

  @Override
  public Integer call() throws InterruptedException {
    JsonNode file = readConfig();
    ServerConfig config = config(file);
    // Nothing listens with --reconcile-only: its TLS files need not be there.
    Optional<AdminListener> admin =
        reconcileOnly ? Optional.empty() : Optional.of(adminListener(file));
    Optional<String> imageName = image.or(() -> str(file, "image"));
    if (imageName.isPresent()) {
      Path images =
          imagesDir
              .or(() -> str(file, "images").map(Path::of))
              .orElse(dev.lui.core.server.ImageServing.imagesDir(config))
              .toAbsolutePath();
      config = dev.lui.core.server.ImageServing.apply(config, images, imageName.get());
    }
    if (reconcileOnly) {
      dev.lui.core.publish.Publisher.Report report = LuiServer.reconcileOnly(config);
      spec.commandLine()
          .getOut()
          .println("reconciled " + config.stateDir() + " with its store: " + report.summary());
      spec.commandLine().getOut().flush();
      return report.failures().isEmpty() ? 0 : 1;
    }
    LuiServer server = LuiServer.start(config, admin.orElseThrow());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "lui-shutdown"));
    spec.commandLine()
        .getOut()
        .println(
            "lui server ready: admin "
                + server.adminUrl()
                + ", nodes "
                + server.nodeUrl()
                + ", TFTP "
                + server.tftpAddress().getHostString()
                + ":"
                + server.tftpAddress().getPort()
                + ", state "
                + config.stateDir()
                + " (admin token in "
                + config.stateDir().resolve("admin.token")
                + ")");
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  ServerConfig config() {
    return config(readConfig());
  }

  /** The admin listener from flags over the file; refused (exit 2) off loopback without TLS. */
  AdminListener adminListener(JsonNode file) {
    InetSocketAddress address =
        hostPort(
            AdminListener.ADDRESS_FLAG,
            adminHttp.or(() -> str(file, "admin-http")).orElse(AdminListener.DEFAULT_ADDRESS));
    return AdminListener.of(
        address,
        adminTlsCert.or(() -> str(file, "admin-tls-cert").map(Path::of)).map(Path::toAbsolutePath),
        adminTlsKey.or(() -> str(file, "admin-tls-key").map(Path::of)).map(Path::toAbsolutePath));
  }

  private ServerConfig config(JsonNode file) {
    Path stateDir =
        state
            .or(() -> str(file, "state").map(Path::of))
            .orElse(ServerConfig.DEFAULT_STATE)
            .toAbsolutePath();
    InetSocketAddress httpAddr =
        hostPort("--http", http.or(() -> str(file, "http")).orElse("0.0.0.0:8080"));
    InetSocketAddress tftpAddr =
        hostPort("--tftp", tftp.or(() -> str(file, "tftp")).orElse("0.0.0.0:69"));
    String url = publicUrl.or(() -> str(file, "public-url")).orElse(null);
    String next =
        nextServer
            .or(() -> str(file, "next-server"))
            .orElse(
                tftpAddr.getHostString().equals("0.0.0.0")
                    ? "127.0.0.1"
                    : tftpAddr.getHostString());
    Values.ipv4("--next-server", next);
    String nfs = nfsServer.or(() -> str(file, "nfs-server")).orElse(next);
    Values.ipv4("--nfs-server", nfs);
    String finishText = finish.or(() -> str(file, "finish")).orElse("reboot");
    Finish fin;
    try {
      fin = Finish.valueOf(finishText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw LuiException.invalid("--finish", finishText, "one of reboot, poweroff, none");
    }
    List<String> reload = new ArrayList<>(dhcpReload);
    if (reload.isEmpty() && file.path("dhcp-reload").isArray()) {
      file.path("dhcp-reload").forEach(a -> reload.add(a.asText()));
    }
    boolean validate = !noDhcpValidate && file.path("dhcp-validate").asBoolean(true);
    List<String> backends = new ArrayList<>(dhcpBackends);
    if (backends.isEmpty() && file.path("dhcp-backends").isArray()) {
      file.path("dhcp-backends").forEach(b -> backends.add(b.asText()));
    }
    if (backends.isEmpty()) {
      backends.addAll(ServerConfig.DEFAULT_BACKENDS);
    }
    for (String b : backends) {
      dev.lui.core.publish.DhcpBackend.parse("--dhcp-backends", b);
    }
    String domain = dnsDomain.or(() -> str(file, "dns-domain")).orElse("cluster");
    dev.lui.core.domain.Names.hostname("--dns-domain", domain);
    for (String[] f :
        new String[][] {
          {
            "--install-kernel",
            installKernel.or(() -> str(file, "install-kernel")).orElse("lui/vmlinuz")
          },
          {
            "--install-initrd",
            installInitrd.or(() -> str(file, "install-initrd")).orElse("lui/initrd.img")
          }
        }) {
      String v = f[1];
      if (v.isEmpty()
          || v.startsWith("/")
          || v.contains(",")
          || v.contains("..")
          || v.chars().anyMatch(c -> c <= ' ' || c == 127)) {
        throw LuiException.invalid(
            f[0],
            v,
            "a path relative to the TFTP root, without spaces, ',' or '..', like lui/vmlinuz");
      }
    }
    String publicBase =
        url == null
            ? "http://"
                + (httpAddr.getHostString().equals("0.0.0.0") ? next : httpAddr.getHostString())
                + ":"
                + httpAddr.getPort()
            : checkUrl(url);
    dev.lui.dhcp.BootFiles bootFiles = dev.lui.dhcp.BootFiles.defaults();
    Optional<String> uefi = uefiBootFile.or(() -> str(file, "uefi-boot-file"));
    try {
      if (uefi.isPresent()) {
        bootFiles = bootFiles.withUefiX64(uefi.get());
      }
      if (ipxeHttp || file.path("ipxe-http").asBoolean(false)) {
        bootFiles = bootFiles.withIpxeScriptUrl(publicBase + "/" + ServerConfig.IPXE_CHAIN);
      }
    } catch (IllegalArgumentException e) {
      throw LuiException.invalid(e.getMessage());
    }
    return new ServerConfig(
        stateDir,
        httpAddr,
        tftpAddr,
        publicBase,
        next,
        nfs,
        bootFile.or(() -> str(file, "boot-file")).orElse("pxelinux.0"),
        installKernel.or(() -> str(file, "install-kernel")).orElse("lui/vmlinuz"),
        installInitrd.or(() -> str(file, "install-initrd")).orElse("lui/initrd.img"),
        fin,
        validate,
        reload,
        Optional.empty(),
        backends,
        domain,
        dhcpAdminConf.or(() -> str(file, "dhcp-admin-conf").map(Path::of)),
        dnsServer.or(() -> str(file, "dns-server")).map(d -> hostPort("--dns-server", d)),
        new InstallEnv(
            installRoot.or(() -> str(file, "install-root")),
            args(kernelArgs, file, "kernel-arg"),
            installNetwork.or(() -> str(file, "install-network")),
            args(exportsReload, file, "exports-reload")),
        bootFiles,
        bootptabAdminFile.or(() -> str(file, "bootptab-admin-file").map(Path::of)),
        dnsUpdateKey.or(() -> str(file, "dns-update-key").map(Path::of)),
        checkedAddresses("--dhcp-dns-servers", args(dhcpDnsServers, file, "dhcp-dns-servers")),
        backendSettings(file, backends));
  }

  private JsonNode readConfig() {
    Path path = configFile.orElse(ServerConfig.DEFAULT_CONFIG);
    if (!Files.exists(path)) {
      if (configFile.isPresent()) {
        throw LuiException.invalid("--config", path.toString(), "no such file");
      }
      return Json.json().createObjectNode();
    }
    try {
      JsonNode node = Json.yaml().readTree(Files.readString(path));
      if (node == null || !node.isObject()) {
        return Json.json().createObjectNode();
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!CONFIG_KEYS.contains(key)) {
          throw LuiException.invalid(
              path.toString(),
              key,
              "unknown setting; settings are "
                  + String.join(", ", CONFIG_KEYS.stream().sorted().toList()));
        }
      }
      return node;
    } catch (IOException e) {
      throw LuiException.invalid(
          "--config",
          path.toString(),
          "cannot read it as YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /**
   * The settings file's {@code dhcp-backend-settings: {kea: {file: PATH, validate: [ARGS], reload:
   * [ARGS]}}}, then --dhcp-file flags over it.
   */
  private java.util.Map<String, dev.lui.core.server.DhcpBackendSettings> backendSettings(
      JsonNode file, List<String> backends) {
    java.util.Map<String, dev.lui.core.server.DhcpBackendSettings> out = new java.util.TreeMap<>();
    JsonNode all = file.path("dhcp-backend-settings");
    for (Iterator<String> it = all.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode b = all.get(name);
      for (Iterator<String> keys = b.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!Set.of("file", "validate", "reload").contains(key)) {
          throw LuiException.invalid(
              "dhcp-backend-settings." + name, key, "one of file, validate, reload");
        }
      }
      out.put(
          name,
          new dev.lui.core.server.DhcpBackendSettings(
              b.hasNonNull("file")
                  ? Optional.of(Path.of(b.get("file").asText()))
                  : Optional.empty(),
              list(b.path("validate")),
              list(b.path("reload"))));
    }
    dhcpFiles.forEach(
        (name, path) ->
            out.put(
                name,
                out.getOrDefault(name, dev.lui.core.server.DhcpBackendSettings.none())
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

  private static Optional<List<String>> list(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    n.forEach(a -> out.add(a.asText()));
    return Optional.of(out);
  }

  private static List<String> checkedAddresses(String field, List<String> addresses) {
    addresses.forEach(a -> Values.ipv4(field, a));
    if (addresses.size() > dev.lui.dhcp.NameService.MAX_SERVERS) {
      throw LuiException.invalid(
          field,
          String.join(",", addresses),
          "at most " + dev.lui.dhcp.NameService.MAX_SERVERS + " servers");
    }
    return addresses;
  }

  /** Flags win; else the file's list (or single value). */
  private static List<String> args(List<String> flags, JsonNode file, String key) {
    List<String> out = new ArrayList<>(flags);
    if (out.isEmpty() && file.hasNonNull(key)) {
      JsonNode v = file.get(key);
      if (v.isArray()) {
        v.forEach(a -> out.add(a.asText()));
      } else {
        out.add(v.asText());
      }
    }
    return out;
  }

  private static Optional<String> str(JsonNode file, String key) {
    return file.hasNonNull(key) ? Optional.of(file.get(key).asText()) : Optional.empty();
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

  static InetSocketAddress hostPort(String field, String text) {
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
