package dev.lui.core.cli;

import dev.lui.core.config.AdminListener;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.publish.Publisher;
import dev.lui.core.server.ImageServing;
import dev.lui.core.server.LuiServer;
import dev.lui.core.settings.Resolver;
import dev.lui.core.settings.ServerSettings;
import dev.lui.core.settings.SettingsFile;
import dev.lui.core.settings.SettingsFlags;
import dev.lui.core.settings.SettingsTable;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "server",
    description = {
      "Run the lui daemon: the store, the HTTP API, the TFTP server, and the writers of DHCP/BOOTP"
          + " files, boot entries and NFS roots.",
      "",
      "Defaults suit a head node (state in /var/lib/lui, TFTP on port 69, HTTP on 8080, settings"
          + " from /etc/lui/lui.yaml when it exists). Flags override the file. Nodes are told the"
          + " head node's address on the install network: give it with --next-server (the NFS"
          + " server and public URL follow it); a server that would send nodes to a loopback"
          + " address refuses to start (--allow-loopback to try lui on one host). At start it"
          + " says which boot files its DHCP entries name and whether the TFTP root has them. On"
          + " first start an admin API token is written to STATE/admin.token (mode 0600).",
      "",
      "HTTP has two listeners. The node listener (--http: the cluster network, plain HTTP) serves"
          + " what nodes need: the agents' calls, each with its node's install token, and the TFTP"
          + " root read-only; no admin call. The admin listener (--admin-http, default"
          + " 127.0.0.1:8081) serves the admin API, with the token from STATE/admin.token; the CLI"
          + " on this host finds its URL in STATE/server.url. For admins on other machines, give"
          + " it an address there and a certificate: it then speaks HTTPS (examples below). See"
          + " docs/security.md: who holds which token, what each listener exposes.",
      "",
      "Every setting below is also a key of the settings file, named like its flag without the"
          + " dashes (docs/settings.md): flag > file > default."
    },
    footer = {
      "",
      "Examples:",
      "  sudo lui server --next-server 10.0.0.1",
      "  lui server --state /tmp/lui --http 127.0.0.1:8080 --tftp 127.0.0.1:6969 --allow-loopback",
      "  lui list-nodes --state /tmp/lui                                 # a client on this host",
      "  lui server --admin-http 10.1.0.5:8443 \\",
      "      --admin-tls-cert /etc/lui/admin.pem --admin-tls-key /etc/lui/admin.key",
      "  lui list-nodes --server https://10.1.0.5:8443 --ca-cert admin.pem \\",
      "      --token-file admin.token",
      "A self-signed certificate and its key (give admins admin.pem):",
      "  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \\",
      "      -days 825 -subj /CN=head -addext subjectAltName=DNS:head,IP:10.1.0.5 \\",
      "      -keyout admin.key -out admin.pem"
    },
    modelTransformer = SettingsFlags.class)
final class ServerCommand implements Callable<Integer> {
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

  @Override
  public Integer call() throws InterruptedException {
    ServerSettings settings = settings();
    ServerConfig config = Resolver.config(settings);
    config.logs().file().ifPresent(dev.lui.core.server.ServerLog::toFile);
    // Nothing listens with --reconcile-only: its TLS files need not be there.
    Optional<AdminListener> admin =
        reconcileOnly ? Optional.empty() : Optional.of(Resolver.adminListener(settings));
    if (settings.image().isPresent()) {
      Path images = settings.images().orElse(ImageServing.imagesDir(config)).toAbsolutePath();
      config = ImageServing.apply(config, images, settings.image().get());
    }
    if (reconcileOnly) {
      Publisher.Report report = LuiServer.reconcileOnly(config);
      spec.commandLine()
          .getOut()
          .println("reconciled " + config.stateDir() + " with its store: " + report.summary());
      spec.commandLine().getOut().flush();
      return report.failures().isEmpty() ? 0 : 1;
    }
    LuiServer server = LuiServer.start(config, admin.orElseThrow());
    server.reportBootFiles();
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

  /** Flags over the settings file over the defaults. */
  ServerSettings settings() {
    ServerSettings file = SettingsFile.read(configFile, ServerConfig.DEFAULT_CONFIG);
    return SettingsTable.over(
        SettingsFlags.given(spec), SettingsTable.over(file, SettingsTable.DEFAULTS));
  }
}
