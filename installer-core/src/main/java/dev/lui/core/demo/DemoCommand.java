package dev.lui.core.demo;

import dev.lui.contract.value.MacAddress;
import dev.lui.core.LuiException;
import dev.lui.core.config.AdminListener;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.server.LuiServer;
import dev.lui.nfsroot.boot.Pxelinux;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lui demo}: the whole path on loopback, no root needed. A real server (SQLite, HTTP, TFTP,
 * file writers) on unprivileged ports with a temporary state directory; the sample cluster defined
 * through the same API the CLI uses; a real TFTP client fetching a node's boot entry and kernel;
 * the real agent (as its own process) installing in dry-run, or with {@code --real-disk} into a
 * loop-mounted disk image; then the log, the removed boot entries and the report.
 */
@Command(
    name = "demo",
    description = {
      "Show the whole install path on loopback, without root.",
      "",
      "It starts a server in a temporary state directory, defines the sample cluster (resources/sample/cluster.yaml), fetches a node's boot entry and kernel over TFTP with a real client, runs the node's agent (dry-run), prints its streamed log, shows its boot entries removed, and prints the report. With root, --real-disk makes the agent partition, format and fill a loop-device disk image."
    },
    footer = {"", "Examples:", "  lui demo", "  lui demo --keep", "  sudo lui demo --real-disk"})
public final class DemoCommand implements Callable<Integer> {
  static final String NODE = "demo01";
  static final String MAC = "52:54:00:77:00:c7";

  @Spec CommandSpec spec;

  /** How the demo runs a {@code lui} command line in this process (the CLI's own entry point). */
  @FunctionalInterface
  public interface Lui {
    int run(String[] args, PrintWriter out, PrintWriter err);
  }

  private final Lui cli;

  /** The demo runs its steps through {@code lui}, so they are exactly what an admin types. */
  public DemoCommand(Lui lui) {
    this.cli = lui;
  }

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description = "State directory to use (default: a new temporary one).")
  Optional<Path> state = Optional.empty();

  @Option(
      names = "--cluster",
      paramLabel = "FILE",
      description = "Cluster file to define (default: resources/sample/cluster.yaml).")
  Optional<Path> cluster = Optional.empty();

  @Option(
      names = "--real-disk",
      description =
          "Root only: install into a 1 GiB disk image on a loop device instead of a dry run.")
  boolean realDisk;

  @Option(names = "--quiet", description = "Print only the section headings and the report.")
  boolean quiet;

  @Option(
      names = "--keep",
      description =
          "Keep the server running at the end (browse the dashboard), until interrupted (Ctrl-C).")
  boolean keep;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    // The demo prints what happens itself; the server's own INFO lines would only interleave.
    if (LoggerFactory.getLogger("dev.lui") instanceof ch.qos.logback.classic.Logger l
        && System.getenv("LUI_LOG_LEVEL") == null) {
      l.setLevel(ch.qos.logback.classic.Level.WARN);
    }
    Path clusterFile = cluster.orElseGet(DemoCommand::defaultCluster);
    if (!Files.isReadable(clusterFile)) {
      throw LuiException.invalid(
          "--cluster",
          clusterFile.toString(),
          "no such file (run from the lui checkout, or pass --cluster)");
    }
    if (realDisk && !isRoot()) {
      throw LuiException.invalid(
          "--real-disk",
          "",
          "needs root (it attaches a loop device); run the demo without it for a dry run");
    }
    Path stateDir = state.orElse(Files.createTempDirectory("lui-demo-")).toAbsolutePath();
    Instant t0 = Instant.now();
    ServerConfig config = ServerConfig.loopback(stateDir);
    heading("1. Start a server on loopback (state in " + stateDir + ")");
    Path image = null;
    String loop = null;
    try (LuiServer server = startServer(config)) {
      out.println(
          "admin API "
              + server.adminUrl()
              + "   nodes (agents, boot files) "
              + server.nodeUrl()
              + "   TFTP "
              + server.tftpAddress().getHostString()
              + ":"
              + server.tftpAddress().getPort());
      out.println(
          "dashboard "
              + server.adminUrl()
              + "/ui/   (sign in with the token in "
              + stateDir.resolve("admin.token")
              + ")");
      writeInstallEnvironment(config.tftpDir());
      String[] client = {
        "--server", server.adminUrl(), "--token-file", stateDir.resolve("admin.token").toString()
      };

      heading("2. Define the sample cluster from " + clusterFile);
      lui(client, "apply", clusterFile.toString());
      String disk = "path=/dev/vda";
      if (realDisk) {
        image = stateDir.resolve("demo-disk.img");
        loop = LoopDisk.attach(image, 1024L << 20);
        disk = "path=" + loop;
        out.println("attached " + image + " as " + loop);
      }
      // On a real disk the node gets no post-install script: the sample overlay has no shell to run
      // it.
      List<String> define =
          new ArrayList<>(
              List.of(
                  "define-node",
                  NODE,
                  "--mac",
                  MAC,
                  "--ip",
                  "10.77.0.199",
                  "--netmask",
                  "255.255.255.0",
                  "--gateway",
                  "10.77.0.1",
                  "--disk",
                  disk));
      define.addAll(
          realDisk
              ? List.of(
                  "--resource",
                  "compute-disk",
                  "--resource",
                  "overlay",
                  "--resource",
                  "motd",
                  "--resource",
                  "tools-deb",
                  "--resource",
                  "custom-kernel")
              : List.of("--group", "compute"));
      lui(client, define.toArray(String[]::new));
      lui(client, "list-nodes");
      lui(client, "list-resources");

      heading("3. The DHCP and BOOTP files the server wrote");
      printFile(config.dhcpDir().resolve("dhcpd.conf"), 40);
      printFile(config.dhcpDir().resolve("bootptab"), 20);

      heading("4. " + NODE + " boots: its boot entry and kernel over TFTP (real client)");
      TftpFetch tftp = new TftpFetch(server.tftpAddress(), stateDir.resolve("fetched"));
      String entry = new Pxelinux().entryPath(MacAddress.parse(MAC));
      out.println(tftp.fetch(entry));
      printFile(tftp.local(entry), 20);
      out.println(tftp.fetch("lui/vmlinuz"));

      heading("5. " + NODE + "'s install plan (lui show-node " + NODE + " --plan)");
      lui(client, "show-node", NODE, "--plan");

      heading(
          "6. The agent runs "
              + (realDisk ? "on " + loop : "a rehearsal (--dry-run)")
              + " and streams its log to the server");
      int agentExit =
          AgentProcess.run(
              out,
              server.nodeUrl(),
              NODE,
              config.nfsrootDir().resolve("nodes").resolve(NODE).resolve("lui/token"),
              stateDir.resolve("agent-spool"),
              !realDisk);
      out.println("agent exited with " + agentExit);
      if (realDisk) {
        LoopDisk.show(out, loop);
      }

      heading("7. The streamed log, as the server stored it (lui logs " + NODE + ")");
      lui(client, "logs", NODE);

      heading(
          "8. "
              + NODE
              + "'s boot entries after the "
              + (realDisk
                  ? "install: gone (LUI's way)"
                  : "rehearsal: still armed, nothing changed"));
      boolean inDhcp =
          Files.readString(config.dhcpDir().resolve("dhcpd.conf")).contains("host " + NODE + " ");
      out.println(
          "dhcpd.conf " + (inDhcp ? "still has" : "no longer has") + " a host entry for " + NODE);
      out.println("TFTP " + entry + ": " + tftp.fetch(entry));
      lui(client, "status");

      heading("9. The report (lui report)");
      lui(client, "report");

      heading("Where everything is");
      out.println("state directory   " + stateDir + "   (store lui.db, admin.token)");
      out.println("DHCP/BOOTP files  " + config.dhcpDir());
      out.println("TFTP root         " + config.tftpDir());
      out.println("NFS roots         " + config.nfsrootDir().resolve("nodes"));
      out.println(
          "took "
              + Duration.between(t0, Instant.now()).toMillis()
              + (keep
                  ? " ms; --keep: the server runs on (dashboard "
                      + server.adminUrl()
                      + "/ui/)"
                      + " until interrupted (Ctrl-C)"
                  : " ms; the server has stopped, the files stay"));
      out.flush();
      if (keep) {
        new java.util.concurrent.CountDownLatch(1).await(); // until Ctrl-C ends the JVM
      }
      return agentExit == 0 ? 0 : 1;
    } finally {
      if (loop != null) {
        LoopDisk.detach(loop);
      }
    }
  }

  private static LuiServer startServer(ServerConfig config) {
    return LuiServer.start(config, AdminListener.loopback());
  }

  /**
   * The install kernel and initramfs live in the TFTP root (built by {@code lui image build}). The
   * demo boots no VM, so it serves a 4 MiB placeholder to show a multi-block TFTP transfer.
   */
  private static void writeInstallEnvironment(Path tftpRoot) throws IOException {
    Path dir = Files.createDirectories(tftpRoot.resolve("lui"));
    byte[] kernel = new byte[4 << 20];
    new Random(42).nextBytes(kernel);
    Files.write(dir.resolve("vmlinuz"), kernel);
    Files.writeString(dir.resolve("initrd.img"), "placeholder initramfs for the demo\n");
  }

  private void lui(String[] client, String... args) {
    out.println("$ lui " + String.join(" ", args));
    out.flush();
    List<String> all = new ArrayList<>(List.of(args));
    int insertAt = all.get(0).equals("dhcp") ? 2 : 1;
    all.addAll(insertAt, List.of(client));
    int code =
        cli.run(
            all.toArray(String[]::new),
            quiet ? new PrintWriter(PrintWriter.nullWriter()) : out,
            spec.commandLine().getErr());
    if (code != 0) {
      throw LuiException.failed(
          "demo step 'lui " + String.join(" ", args) + "' exited with " + code);
    }
  }

  private void heading(String title) {
    out.println();
    out.println("== " + title);
    out.flush();
  }

  private void printFile(Path file, int maxLines) throws IOException {
    if (quiet) {
      return;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    out.println("--- " + file + " (" + lines.size() + " lines)");
    lines.stream().limit(maxLines).forEach(out::println);
    if (lines.size() > maxLines) {
      out.println("... (" + (lines.size() - maxLines) + " more lines)");
    }
    out.flush();
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * The checkout's sample cluster: from LUI_HOME (set by bin/lui), else the working directory up.
   */
  static Path defaultCluster() {
    String home = System.getenv("LUI_HOME");
    if (home != null) {
      return Path.of(home, "resources/sample/cluster.yaml");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("resources/sample/cluster.yaml");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return Path.of("resources/sample/cluster.yaml").toAbsolutePath();
  }
}
