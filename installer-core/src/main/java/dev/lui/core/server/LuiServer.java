package dev.lui.core.server;

import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.config.AdminListener;
import dev.lui.core.config.BootLoaders;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.content.ContentStore;
import dev.lui.core.identity.InstallTokens;
import dev.lui.core.identity.StateFiles;
import dev.lui.core.inventory.DnsHostResolver;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.plan.NodePlans;
import dev.lui.core.plan.PlanCompiler;
import dev.lui.core.power.PowerService;
import dev.lui.core.power.WaveScheduler;
import dev.lui.core.publish.DhcpBackend;
import dev.lui.core.publish.DnsUpdates;
import dev.lui.core.publish.Publisher;
import dev.lui.core.publish.Renderings;
import dev.lui.core.store.PostgresStore;
import dev.lui.core.store.SqliteStore;
import dev.lui.core.store.Store;
import dev.lui.core.ui.Dashboard;
import dev.lui.core.ui.LiveUpdates;
import dev.lui.dhcp.DhcpPublisher;
import dev.lui.dhcp.ReloadPolicy;
import dev.lui.tftp.FileSource;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.server.TftpServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
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
  private final java.util.concurrent.ScheduledExecutorService waves;

  private LuiServer(
      ServerConfig config,
      Store store,
      Inventory inventory,
      Publisher publisher,
      HttpListeners http,
      TftpServer tftp,
      Publisher.Report reconciled,
      StateLock lock,
      java.util.concurrent.ScheduledExecutorService waves) {
    this.lock = lock;
    this.waves = waves;
    this.config = config;
    this.store = store;
    this.inventory = inventory;
    this.publisher = publisher;
    this.http = http;
    this.tftp = tftp;
    this.reconciled = reconciled;
  }

  /** The parts that live on the store, before anything listens. */
  record Core(
      StateLock lock,
      Store store,
      DhcpPublisher dhcp,
      Renderings renderings,
      NodePlans plans,
      Publisher publisher,
      Inventory inventory,
      AgentService agents,
      LiveUpdates live,
      dev.lui.core.metrics.MetricsEndpoint metrics)
      implements AutoCloseable {
    @Override
    public void close() {
      live.close();
      dhcp.close();
      store.close();
      lock.close();
    }
  }

  /** The store: PostgreSQL with --store (#17), else SQLite in the state directory. */
  private static Store openStore(ServerConfig config) {
    if (config.store().isPresent()) {
      LOG.info("store: {}", config.store().get()); // the URL holds no password
      return PostgresStore.open(config.store().get(), Json.json());
    }
    return SqliteStore.open(StateFiles.storeFile(config.stateDir()), Json.json());
  }

  private static Core core(ServerConfig config, Clock clock) {
    StateDirs.create(config); // 0755 whatever the umask; secrets inside are 0600
    StateLock lock = StateLock.acquire(config.stateDir());
    Store store;
    LiveUpdates live;
    InstallTokens tokens;
    try {
      tokens = InstallTokens.load(config.stateDir());
      // Every write goes through the dashboard's hub (#16), which pushes node changes to browsers.
      live = LiveUpdates.over(openStore(config));
      store = live.observe();
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
              DhcpBackend.targets(config), Duration.ofSeconds(30), ReloadPolicy.coalescing());
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
              store,
              publisher,
              clock,
              tokens,
              config.dns().server().map(s -> new DnsHostResolver(s, Duration.ofSeconds(5))),
              config.dns().domain(),
              contents);
      var metrics = new dev.lui.core.metrics.MetricsEndpoint();
      AgentService agents =
          new AgentService(
              store, publisher, plans, clock, config.logs().runsKept(), metrics.events());
      return new Core(
          lock, store, dhcp, renderings, plans, publisher, inventory, agents, live, metrics);
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
    LOG.info(
        "lui {} starting, state {}", dev.lui.contract.BuildInfo.current(), requested.stateDir());
    ServerConfig config = ServerPorts.resolve(requested);
    Clock clock = Clock.systemUTC();
    StateDirs.create(config); // 0755 whatever the umask; secrets inside are 0600
    String adminToken = StateFiles.adminToken(config.stateDir());
    Core core = core(config, clock);
    Store store = core.store();
    TftpServer tftp = null;
    HttpListeners http = null;
    java.util.concurrent.ScheduledExecutorService waves = null;
    try {
      // Before anything is served: files follow the store, whatever happened while we were down.
      Publisher.Report reconciled = core.publisher().reconcile();
      if (reconciled.written() + reconciled.deleted() + reconciled.rearmed() > 0
          || !reconciled.failures().isEmpty()) {
        LOG.info("published state reconciled with the store: {}", reconciled.summary());
      }
      // Kernels and initrds are read by every booting node: keep them in memory (256 MiB).
      FileSource bootSource =
          BootSource.of(
              store,
              core.renderings(),
              FileSources.directory(
                  config.tftpDir(), new dev.lui.tftp.HotFileCache(256L << 20, 256L << 20)));
      tftp =
          TftpServer.start(
              TftpServerConfig.defaults(config.listeners().tftp()),
              bootSource,
              Transfers.listener(store, core.metrics().events()));
      PowerService power = PowerService.of(config).recordingTo(store, clock);
      var started = new java.util.concurrent.atomic.AtomicBoolean(); // ready: started, reconciled
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
                  Optional.of(new BootFilesHttp(bootSource, store, clock)),
                  power,
                  MonitoringRoutes.of(core, tftp, started::get, admin.metricsPublic())),
              config.listeners().http(),
              admin,
              Dashboard.of(store, core.live(), adminToken));
      StateFiles.writeServerUrl(config.stateDir(), http.adminUrl());
      StateFiles.writeAdminCert(
          config.stateDir(), admin.tls().map(t -> dev.lui.core.tls.Pem.encode(t.chain())));
      LOG.debug(
          "lui server: nodes {} admin {} TFTP {} state {}",
          http.nodeUrl(),
          http.adminUrl(),
          tftp.localAddress(),
          config.stateDir());
      if (ServerPorts.isWildcard(config.listeners().http().getHostString())
          && ServerPorts.isLoopbackUrl(config.listeners().publicUrl())) {
        LOG.warn(
            "HTTP listens on all interfaces but plans point nodes at {}, which they cannot reach:"
                + " set --public-url (or next-server) to the head node's install-network address",
            config.listeners().publicUrl());
      }
      waves =
          startWaves(
              new WaveScheduler(store, power, clock, config.power().watch()),
              config.power().waveTick());
      started.set(true);
      return new LuiServer(
          config,
          store,
          core.inventory(),
          core.publisher(),
          http,
          tftp,
          reconciled,
          core.lock(),
          waves);
    } catch (RuntimeException | IOException e) {
      if (waves != null) {
        waves.shutdownNow();
      }
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

  /**
   * Logs each file the DHCP entries name and whether nodes will find it, a line each (a missing one
   * at WARN): what {@code lui server} says at start. Not the demo's business: no node boots there.
   */
  public void reportBootFiles() {
    for (BootLoaders.Named f : BootLoaders.named(config)) {
      if (f.present()) {
        LOG.info("boot file for {} clients: {} (in the TFTP root)", f.firmware(), f.path());
      } else {
        LOG.warn(BootLoaders.missing(config, f));
      }
    }
  }

  /**
   * The wave scheduler's one thread: a tick every {@code every}, from the store (so waves left by a
   * stopped server go on); a failing tick is logged and the next one tries again.
   */
  private static java.util.concurrent.ScheduledExecutorService startWaves(
      WaveScheduler scheduler, Duration every) {
    java.util.concurrent.ScheduledExecutorService pool =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            dev.lui.core.DaemonThreads.named("lui-waves"));
    pool.scheduleWithFixedDelay(
        () -> {
          try {
            scheduler.tick();
          } catch (RuntimeException e) {
            LOG.warn("wave scheduler: {}", e.getMessage(), e);
          }
        },
        every.toMillis(),
        every.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    return pool;
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
    waves.shutdownNow();
    try {
      waves.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.stop();
    tftp.close();
    publisher.flushReloads();
    publisher.close();
    store.close();
    lock.close();
  }
}
