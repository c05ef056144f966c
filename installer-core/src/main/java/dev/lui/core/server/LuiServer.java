package dev.lui.core.server;

import dev.lui.core.Json;
import dev.lui.core.content.ContentStore;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.plan.PlanCompiler;
import dev.lui.core.store.SqliteStore;
import dev.lui.core.store.Store;
import dev.lui.core.store.TransferEntry;
import dev.lui.dhcp.DhcpPublisher;
import dev.lui.dhcp.DhcpRenderer;
import dev.lui.dhcp.DhcpTarget;
import dev.lui.dhcp.ReloadPolicy;
import dev.lui.nfsroot.BootEntries;
import dev.lui.nfsroot.NodeRoots;
import dev.lui.tftp.FileSource;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpServer;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon: store, HTTP API, TFTP server and file writers, wired together. */
public final class LuiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LuiServer.class);

  private final ServerConfig config;
  private final Store store;
  private final Inventory inventory;
  private final FilesPublisher files;
  private final HttpApi http;
  private final TftpServer tftp;
  private final String url;
  private final DhcpPublisher dhcp;

  private LuiServer(
      ServerConfig config, Store store, Inventory inventory, FilesPublisher files, HttpApi http,
      TftpServer tftp, String url, DhcpPublisher dhcp) {
    this.dhcp = dhcp;
    this.config = config;
    this.store = store;
    this.inventory = inventory;
    this.files = files;
    this.http = http;
    this.tftp = tftp;
    this.url = url;
  }

  public static LuiServer start(ServerConfig requested) {
    ServerConfig config = resolvePorts(requested);
    Clock clock = Clock.systemUTC();
    try {
      for (Path dir : List.of(config.stateDir(), config.tftpDir(), config.dhcpDir(), config.nfsrootDir())) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw LuiException.failed("cannot create the state directory " + config.stateDir() + ": " + e.getMessage(), e);
    }
    String adminToken = StateFiles.adminToken(config.stateDir());
    Store store = SqliteStore.open(privateFile(config.stateDir().resolve("lui.db")), Json.json());
    TftpServer tftp = null;
    HttpApi http = null;
    DhcpPublisher dhcp = null;
    try {
      // Reloads of a batch are coalesced into one and rate-limited, so 1,000 definitions restart
      // the DHCP server once.
      dhcp = new DhcpPublisher(dhcpTargets(config), java.time.Duration.ofSeconds(30), ReloadPolicy.coalescing());
      PlanCompiler compiler = new PlanCompiler(config.publicUrl(), config.finish());
      FilesPublisher files =
          new FilesPublisher(
              config, store, compiler, dhcp,
              new BootEntries(config.tftpDir()), new NodeRoots(config.nfsrootDir()));
      // Resources are content (#11): uploads land in STATE/content; a killed upload leaves a temp
      // file, removed here before uploads are accepted; resources from before are imported once.
      ContentStore contents = ContentStore.open(config.stateDir().resolve("content"));
      int stale = contents.deleteStaleTemps();
      if (stale > 0) {
        LOG.info("deleted {} unfinished uploads from the content store", stale);
      }
      LegacyContentImport.run(store, contents);
      Inventory inventory = new Inventory(store, files, clock, resolver(config), config.dnsDomain(), contents);
      AgentService agents = new AgentService(store, files, clock);
      // Kernels and initrds are read by every booting node: keep them in memory (256 MiB).
      FileSource bootSource =
          FileSources.firstOf(
              bootEntrySource(store, files),
              FileSources.directory(config.tftpDir(), new dev.lui.tftp.HotFileCache(256L << 20, 256L << 20)));
      tftp = TftpServer.start(TftpServerConfig.defaults(config.tftp()), bootSource, r -> recordTransfer(store, r));
      http =
          new HttpApi(inventory, agents, files, adminToken, Optional.of(new BootFilesHttp(bootSource, store, clock)))
              .start(config.http().getHostString(), config.http().getPort());
      String url = "http://" + hostForUrl(config.http().getHostString()) + ":" + http.port();
      StateFiles.writeServerUrl(config.stateDir(), url);
      // Publish once at start so files match the store even if they were edited or lost meanwhile.
      store.transaction(() -> files.publish(new dev.lui.core.inventory.Change(java.util.Map.of(), store.nodes().stream().map(Node::name).toList(), List.of())));
      files.publishExports();
      files.publishDns();
      LOG.debug("lui server: HTTP {} TFTP {} state {}", url, tftp.localAddress(), config.stateDir());
      if (isWildcard(config.http().getHostString()) && isLoopbackUrl(config.publicUrl())) {
        LOG.warn("HTTP listens on all interfaces but plans point nodes at {}, which they cannot reach:"
            + " set --public-url (or next-server) to the head node's install-network address", config.publicUrl());
      }
      return new LuiServer(config, store, inventory, files, http, tftp, url, dhcp);
    } catch (RuntimeException | IOException e) {
      if (http != null) {
        http.stop();
      }
      if (tftp != null) {
        tftp.close();
      }
      if (dhcp != null) {
        dhcp.close();
      }
      store.close();
      throw e instanceof LuiException le ? le : LuiException.failed("cannot start the server: " + e.getMessage(), e);
    }
  }

  /** The store holds the whole cluster's definition: readable by the server's user only. */
  private static Path privateFile(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      }
      return file;
    } catch (IOException e) {
      throw LuiException.failed("cannot create the store " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * HTTP port 0 (tests, the demo) is resolved to a free port before anything is built, because
   * plans and boot entries carry the server's URL. A public URL ending in ":0" follows it.
   */
  private static ServerConfig resolvePorts(ServerConfig c) {
    if (c.http().getPort() != 0) {
      return c;
    }
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, c.http().getAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw LuiException.failed("cannot find a free HTTP port on " + c.http().getHostString() + ": " + e.getMessage(), e);
    }
    String url = c.publicUrl().endsWith(":0") ? c.publicUrl().substring(0, c.publicUrl().length() - 1) + port : c.publicUrl();
    return c.withHttp(new InetSocketAddress(c.http().getAddress(), port), url);
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::");
  }

  private static boolean isLoopbackUrl(String url) {
    String host = java.net.URI.create(url).getHost();
    return host == null || host.startsWith("127.") || host.equals("localhost") || host.equals("[::1]");
  }

  private static String hostForUrl(String host) {
    if (host.equals("0.0.0.0") || host.equals("::")) {
      return "127.0.0.1";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The active backends' files, each validated by its own program when that is installed. */
  static List<DhcpTarget> dhcpTargets(ServerConfig config) {
    List<DhcpTarget> targets = new ArrayList<>();
    for (String backend : config.dhcpBackends()) {
      Path dir = config.dhcpDir();
      DhcpTarget target =
          switch (backend) {
            case "isc" -> new DhcpTarget(
                "isc", DhcpRenderer.isc(config.dhcpBootFiles()), dir.resolve("dhcpd.conf"),
                validate(config, DhcpTarget.DHCPD) ? Optional.of(DhcpTarget.dhcpdValidateCommand()) : Optional.empty(),
                Optional.empty());
            case "isc-managed" -> managedIsc(config);
            case "bootptab-managed" -> managedBootptab(config);
            case "bootptab" -> DhcpTarget.bootptab(dir.resolve("bootptab"));
            case "kea" -> DhcpTarget.kea(dir.resolve("kea-dhcp4.conf"), DhcpRenderer.kea(config.dhcpBootFiles()), validate(config, DhcpTarget.KEA_DHCP4));
            case "dnsmasq" -> DhcpTarget.dnsmasq(dir.resolve("dnsmasq.conf"), DhcpRenderer.dnsmasq(config.dhcpBootFiles()), validate(config, DhcpTarget.DNSMASQ));
            default -> throw LuiException.invalid("dhcp-backends", backend, "one of " + String.join(", ", ServerConfig.BACKENDS));
          };
      // One reload command for the server the admin runs; it follows the first backend.
      if (targets.isEmpty() && !config.dhcpReload().isEmpty()) {
        target = target.withReload(config.dhcpReload());
      }
      target = config.dhcpBackendSettings().getOrDefault(backend, DhcpBackendSettings.none()).applyTo(target);
      targets.add(target);
    }
    return targets;
  }

  /**
   * The admin's own dhcpd.conf, with lui's host declarations between markers: the renderer reads
   * the file as it is now, so everything outside the block stays byte-identical; the publisher
   * validates the whole candidate with dhcpd -t and keeps a .bak.
   */
  private static DhcpTarget managedIsc(ServerConfig config) {
    Path file =
        config.dhcpAdminConf()
            .orElseThrow(() -> LuiException.invalid("dhcp-backends", "isc-managed", "needs --dhcp-admin-conf FILE, the dhcpd.conf to manage a block in"));
    DhcpRenderer hosts = DhcpRenderer.iscInclude(config.dhcpBootFiles());
    DhcpRenderer managed = managedBlock(file, hosts);
    return new DhcpTarget(
        "isc-managed", managed, file,
        validate(config, DhcpTarget.DHCPD) ? Optional.of(DhcpTarget.dhcpdValidateCommand()) : Optional.empty(),
        Optional.empty());
  }

  /** bootpd has no config checker; the renderer's own rules are what keeps the file loadable. */
  private static DhcpTarget managedBootptab(ServerConfig config) {
    Path file =
        config.bootptabAdminFile()
            .orElseThrow(() -> LuiException.invalid("dhcp-backends", "bootptab-managed", "needs --bootptab-admin-file FILE, the bootptab to manage a block in"));
    return new DhcpTarget("bootptab-managed", managedBlock(file, DhcpRenderer.bootptab()), file, Optional.empty(), Optional.empty());
  }

  /** The admin's file as it is now with lui's part between markers; every other byte unchanged. */
  private static DhcpRenderer managedBlock(Path file, DhcpRenderer inner) {
    return list -> {
      try {
        String current = Files.exists(file) ? Files.readString(file) : "";
        return dev.lui.dhcp.file.ManagedBlock.standard().replace(current, inner.render(list));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
      }
    };
  }

  private static boolean validate(ServerConfig config, Path program) {
    if (!config.dhcpValidate()) {
      return false;
    }
    if (!Files.isExecutable(program)) {
      LOG.warn("{} is not installed: its file is written without validation", program);
      return false;
    }
    return true;
  }

  /** Host names of nodes defined without --ip are looked up in the configured DNS server. */
  private static Optional<Inventory.HostResolver> resolver(ServerConfig config) {
    return config.dnsServer().map(server -> {
      dev.lui.dhcp.dns.DnsLookup lookup = new dev.lui.dhcp.dns.DnsLookup(server, java.time.Duration.ofSeconds(5));
      return new Inventory.HostResolver() {
        @Override
        public List<String> addresses(String fqdn) throws IOException {
          return lookup.addresses(fqdn).stream().map(java.net.InetAddress::getHostAddress).toList();
        }

        @Override
        public String describe() {
          return server.getHostString() + ":" + server.getPort();
        }
      };
    });
  }

  /** Boot entries come from the store on every request, so a TFTP client never sees a stale one. */
  static FileSource bootEntrySource(Store store, FilesPublisher files) {
    return path -> {
      if (path.equals(ServerConfig.IPXE_CHAIN)) {
        // iPXE expands ${mac:hexhyp} itself: one URL in DHCP, one script per node.
        return Optional.of(FileSources.ofBytes(
            ("#!ipxe\n# lui: chain to this machine's own entry; no entry means boot the next device\n"
                + "chain --autofree /" + dev.lui.nfsroot.BootEntries.IPXE_DIR + "/${mac:hexhyp}.ipxe || exit\n")
                .getBytes(StandardCharsets.UTF_8)));
      }
      Optional<BootEntryPath> entry = BootEntryPath.parse(path);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      return store.nodeByMac(entry.get().mac())
          .filter(Node::inDhcp)
          .map(n -> FileSources.ofBytes(entry.get().render(n, files).getBytes(StandardCharsets.UTF_8)));
    };
  }

  /** Transfers are recorded off the TFTP thread, which must never wait for the store. */
  private static final java.util.concurrent.ExecutorService RECORDER =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "lui-transfer-recorder");
            t.setDaemon(true);
            return t;
          });

  private static void recordTransfer(Store store, TransferRecord r) {
    RECORDER.execute(() -> storeTransfer(store, r));
  }

  private static void storeTransfer(Store store, TransferRecord r) {
    try {
      String client = r.client().getAddress().getHostAddress();
      Optional<String> node =
          BootEntryPath.parse(r.path())
              .flatMap(e -> store.nodeByMac(e.mac()))
              .or(() -> client.contains(":") ? Optional.empty() : store.nodeByIp(dev.lui.core.domain.Ipv4.parse("client", client)))
              .map(Node::name);
      store.recordTransfer(
          new TransferEntry(java.time.Instant.now(), client + ":" + r.client().getPort(), r.path(), r.bytes(), r.outcome().name().toLowerCase(java.util.Locale.ROOT), node));
    } catch (RuntimeException e) {
      LOG.warn("could not record TFTP transfer of {}", r.path(), e);
    }
  }

  public String url() {
    return url;
  }

  public java.net.InetSocketAddress tftpAddress() {
    return tftp.localAddress();
  }

  public ServerConfig config() {
    return config;
  }

  public Inventory inventory() {
    return inventory;
  }

  public DhcpPublisher dhcp() {
    return dhcp;
  }

  public FilesPublisher files() {
    return files;
  }

  @Override
  public void close() {
    http.stop();
    tftp.close();
    try {
      dhcp.flushReloads();
    } catch (dev.lui.dhcp.DhcpPublishException e) {
      LOG.warn("the last DHCP reload failed at shutdown: {}", e.getMessage());
    }
    dhcp.close();
    store.close();
  }
}
