package dev.lui.core.server;

import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.content.ContentStore;
import dev.lui.core.domain.Node;
import dev.lui.core.identity.InstallTokens;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.NodePlans;
import dev.lui.core.plan.PlanCompiler;
import dev.lui.core.publish.BootEntryKind;
import dev.lui.core.publish.DhcpBackend;
import dev.lui.core.publish.DnsUpdates;
import dev.lui.core.publish.Publisher;
import dev.lui.core.publish.Renderings;
import dev.lui.core.store.SqliteStore;
import dev.lui.core.store.Store;
import dev.lui.core.store.TransferEntry;
import dev.lui.dhcp.DhcpPublisher;
import dev.lui.dhcp.ReloadPolicy;
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
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: store, HTTP listeners (nodes' and admin's), TFTP server and publisher, wired
 * together.
 */
public final class LuiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LuiServer.class);

  private final ServerConfig config;
  private final Store store;
  private final Inventory inventory;
  private final Publisher publisher;
  private final HttpListeners http;
  private final TftpServer tftp;
  private final Publisher.Report reconciled;
  private final StateLock lock;

  private LuiServer(
      ServerConfig config,
      Store store,
      Inventory inventory,
      Publisher publisher,
      HttpListeners http,
      TftpServer tftp,
      Publisher.Report reconciled,
      StateLock lock) {
    this.lock = lock;
    this.config = config;
    this.store = store;
    this.inventory = inventory;
    this.publisher = publisher;
    this.http = http;
    this.tftp = tftp;
    this.reconciled = reconciled;
  }

  /** The parts that live on the store, before anything listens. */
  private record Core(
      StateLock lock,
      Store store,
      DhcpPublisher dhcp,
      Renderings renderings,
      NodePlans plans,
      Publisher publisher,
      Inventory inventory,
      AgentService agents)
      implements AutoCloseable {
    @Override
    public void close() {
      dhcp.close();
      store.close();
      lock.close();
    }
  }

  /**
   * The state directories, created 0755 whatever the umask ({@link StateDirs}); secrets inside are
   * 0600.
   */
  private static void createStateDirs(ServerConfig config) {
    StateDirs.create(config);
  }

  private static Core core(ServerConfig config, Clock clock) {
    createStateDirs(config);
    StateLock lock = StateLock.acquire(config.stateDir());
    Store store;
    InstallTokens tokens;
    try {
      tokens = InstallTokens.load(config.stateDir());
      store = SqliteStore.open(privateFile(config.stateDir().resolve("lui.db")), Json.json());
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    DhcpPublisher dhcp = null;
    try {
      // Reloads of a batch are coalesced into one and rate-limited, so 1,000 definitions restart
      // the DHCP server once.
      dhcp =
          new DhcpPublisher(
              DhcpBackend.targets(config),
              java.time.Duration.ofSeconds(30),
              ReloadPolicy.coalescing());
      Renderings renderings = new Renderings(config);
      NodePlans plans =
          new NodePlans(
              new PlanCompiler(config.listeners().publicUrl(), config.boot().finish()),
              config.listeners().publicUrl());
      Publisher publisher =
          new Publisher(store, renderings, plans, tokens, dhcp, DnsUpdates.of(config));
      // Resources are content (#11): uploads land in STATE/content; a killed upload leaves a temp
      // file, removed here before uploads are accepted; resources from before are imported once.
      ContentStore contents = ContentStore.open(config.stateDir().resolve("content"));
      int stale = contents.deleteStaleTemps();
      if (stale > 0) {
        LOG.info("deleted {} unfinished uploads from the content store", stale);
      }
      LegacyContentImport.run(store, contents);
      Inventory inventory =
          new Inventory(
              store, publisher, clock, tokens, resolver(config), config.dns().domain(), contents);
      AgentService agents = new AgentService(store, publisher, plans, clock);
      return new Core(lock, store, dhcp, renderings, plans, publisher, inventory, agents);
    } catch (RuntimeException e) {
      if (dhcp != null) {
        dhcp.close();
      }
      store.close();
      lock.close();
      throw e;
    }
  }

  /**
   * {@code lui server --reconcile-only}: brings every published file in line with the store, runs
   * the reloads, and stops. Nothing listens.
   */
  public static Publisher.Report reconcileOnly(ServerConfig config) {
    try (Core core = core(config, Clock.systemUTC())) {
      Publisher.Report report = core.publisher().reconcile();
      core.publisher().flushReloads();
      return report;
    }
  }

  /**
   * Starts everything: the node listener on {@code requested.listeners().http()}, the admin
   * listener on {@code admin}, TFTP; writes the admin URL to {@code STATE/server.url} (and, with
   * TLS, the admin certificate to {@code STATE/admin-cert.pem}) for the CLI on this host.
   */
  public static LuiServer start(ServerConfig requested, AdminListener admin) {
    ServerConfig config = resolvePorts(requested);
    Clock clock = Clock.systemUTC();
    createStateDirs(config);
    String adminToken = StateFiles.adminToken(config.stateDir());
    Core core = core(config, clock);
    Store store = core.store();
    TftpServer tftp = null;
    HttpListeners http = null;
    try {
      // Before anything is served: files follow the store, whatever happened while we were down.
      Publisher.Report reconciled = core.publisher().reconcile();
      if (reconciled.written() + reconciled.deleted() + reconciled.rearmed() > 0
          || !reconciled.failures().isEmpty()) {
        LOG.info("published state reconciled with the store: {}", reconciled.summary());
      }
      // Kernels and initrds are read by every booting node: keep them in memory (256 MiB).
      FileSource bootSource =
          bootSource(
              store,
              core.renderings(),
              FileSources.directory(
                  config.tftpDir(), new dev.lui.tftp.HotFileCache(256L << 20, 256L << 20)));
      tftp =
          TftpServer.start(
              TftpServerConfig.defaults(config.listeners().tftp()),
              bootSource,
              r -> recordTransfer(store, r));
      http =
          HttpListeners.start(
              new HttpApi(
                  core.inventory(),
                  core.agents(),
                  core.publisher(),
                  core.renderings(),
                  core.plans(),
                  new DefinitionWarnings(config, core.renderings()),
                  adminToken,
                  Optional.of(new BootFilesHttp(bootSource, store, clock))),
              config.listeners().http(),
              admin);
      StateFiles.writeServerUrl(config.stateDir(), http.adminUrl());
      StateFiles.writeAdminCert(
          config.stateDir(), admin.tls().map(t -> dev.lui.core.tls.Pem.encode(t.chain())));
      LOG.debug(
          "lui server: nodes {} admin {} TFTP {} state {}",
          http.nodeUrl(),
          http.adminUrl(),
          tftp.localAddress(),
          config.stateDir());
      if (isWildcard(config.listeners().http().getHostString())
          && isLoopbackUrl(config.listeners().publicUrl())) {
        LOG.warn(
            "HTTP listens on all interfaces but plans point nodes at {}, which they cannot reach:"
                + " set --public-url (or next-server) to the head node's install-network address",
            config.listeners().publicUrl());
      }
      return new LuiServer(
          config, store, core.inventory(), core.publisher(), http, tftp, reconciled, core.lock());
    } catch (RuntimeException | IOException e) {
      if (http != null) {
        http.stop();
      }
      if (tftp != null) {
        tftp.close();
      }
      core.close();
      throw e instanceof LuiException le
          ? le
          : LuiException.failed("cannot start the server: " + e.getMessage(), e);
    }
  }

  /** The store holds the whole cluster's definition: readable by the server's user only. */
  private static Path privateFile(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
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
    if (c.listeners().http().getPort() != 0) {
      return c;
    }
    int port;
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, c.listeners().http().getAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw LuiException.failed(
          "cannot find a free HTTP port on "
              + c.listeners().http().getHostString()
              + ": "
              + e.getMessage(),
          e);
    }
    String url =
        c.listeners().publicUrl().endsWith(":0")
            ? c.listeners().publicUrl().substring(0, c.listeners().publicUrl().length() - 1) + port
            : c.listeners().publicUrl();
    return c.withHttp(new InetSocketAddress(c.listeners().http().getAddress(), port), url);
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::");
  }

  private static boolean isLoopbackUrl(String url) {
    String host = java.net.URI.create(url).getHost();
    return host == null
        || host.startsWith("127.")
        || host.equals("localhost")
        || host.equals("[::1]");
  }

  /** Host names of nodes defined without --ip are looked up in the configured DNS server. */
  private static Optional<Inventory.HostResolver> resolver(ServerConfig config) {
    return config
        .dns()
        .server()
        .map(
            server -> {
              dev.lui.dhcp.dns.DnsLookup lookup =
                  new dev.lui.dhcp.dns.DnsLookup(server, java.time.Duration.ofSeconds(5));
              return new Inventory.HostResolver() {
                @Override
                public List<String> addresses(String fqdn) throws IOException {
                  return lookup.addresses(fqdn).stream()
                      .map(java.net.InetAddress::getHostAddress)
                      .toList();
                }

                @Override
                public String describe() {
                  return server.getHostString() + ":" + server.getPort();
                }
              };
            });
  }

  /**
   * What TFTP and HTTP serve: per-node boot entries from the store on every request (never a file:
   * an entry exists exactly while the store says so), the iPXE chain script, and else the TFTP
   * root.
   */
  static FileSource bootSource(Store store, Renderings renderings, FileSource directory) {
    return path -> {
      if (path.equals(ServerConfig.IPXE_CHAIN)) {
        // iPXE expands ${mac:hexhyp} itself: one URL in DHCP, one script per node.
        return Optional.of(
            FileSources.ofBytes(
                ("#!ipxe\n# lui: chain to this machine's own entry; no entry means boot the next device\n"
                        + "chain --autofree /"
                        + dev.lui.nfsroot.BootEntries.IPXE_DIR
                        + "/${mac:hexhyp}.ipxe || exit\n")
                    .getBytes(StandardCharsets.UTF_8)));
      }
      Optional<BootEntryKind.Request> entry = BootEntryKind.parse(path);
      if (entry.isEmpty()) {
        return directory.open(path);
      }
      // A per-node path is answered from the store alone: a file left under the TFTP root for a
      // node that no longer exists (or is not armed) is never served.
      return store
          .nodeByMac(entry.get().mac())
          .flatMap(n -> renderings.bootEntry(entry.get().kind(), n, Catalog.of(store).arming(n)))
          .map(text -> FileSources.ofBytes(text.getBytes(StandardCharsets.UTF_8)));
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
          BootEntryKind.parse(r.path())
              .flatMap(e -> store.nodeByMac(e.mac()))
              .or(
                  () ->
                      client.contains(":")
                          ? Optional.empty()
                          : store.nodeByIp(dev.lui.core.domain.Values.ipv4("client", client)))
              .map(Node::name);
      store.recordTransfer(
          new TransferEntry(
              java.time.Instant.now(),
              client + ":" + r.client().getPort(),
              r.path(),
              r.bytes(),
              r.outcome().name().toLowerCase(java.util.Locale.ROOT),
              node));
    } catch (RuntimeException e) {
      LOG.warn("could not record TFTP transfer of {}", r.path(), e);
    }
  }

  /** The admin listener's URL (what {@code STATE/server.url} says): for the CLI. */
  public String adminUrl() {
    return http.adminUrl();
  }

  /** The node listener's URL as seen from this host: agent calls and boot files. */
  public String nodeUrl() {
    return http.nodeUrl();
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

  public Publisher publisher() {
    return publisher;
  }

  /** What the reconcile at start found and did. */
  public Publisher.Report reconciled() {
    return reconciled;
  }

  @Override
  public void close() {
    http.stop();
    tftp.close();
    publisher.flushReloads();
    publisher.close();
    store.close();
    lock.close();
  }
}
