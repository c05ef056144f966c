package dev.lui.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from Debian's {@code postgresql} package: a cluster made by
 * {@code initdb} in a temporary directory (superuser {@code postgres}: with its password over TCP,
 * {@link #passwordFile}, scram-sha-256; without one on the unix socket, which psql here uses), the
 * server on a free 127.0.0.1 port with its unix socket in that directory, ready when {@code
 * pg_isready} says so, stopped by its PID (fast shutdown) by {@link #close}, which then deletes the
 * directory.
 *
 * <p>PostgreSQL refuses to run as root: as root, the cluster belongs to the {@code postgres} system
 * user the package creates ({@code nobody} without it) and both programs run as that user through
 * {@code setpriv}, which execs, so the PID is the server's. Another user runs them as itself.
 */
public final class Postgres implements AutoCloseable {
  /** The superuser initdb makes. */
  public static final String SUPERUSER = "postgres";

  /** Its password over TCP (a test server's: no secret). */
  public static final String PASSWORD = "lui-test-pg";

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path bin;
  private final Path dir;
  private final Optional<String> runAs;
  private final int port;
  private Process server;

  private Postgres(Path bin, Path dir, Optional<String> runAs, int port) {
    this.bin = bin;
    this.dir = dir;
    this.runAs = runAs;
    this.port = port;
  }

  /**
   * A new cluster, started: skipped (failed under {@code LUI_REQUIRE_REAL_TOOLS=1}) without the
   * package.
   */
  public static Postgres start() throws IOException, InterruptedException {
    Path bin = binDir();
    Optional<String> runAs = Optional.empty();
    Path dir = Files.createTempDirectory("lui-postgres-");
    if (RealTools.isRoot()) {
      runAs = Optional.of(userExists(SUPERUSER) ? SUPERUSER : "nobody");
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
      view.setOwner(users.lookupPrincipalByName(runAs.get()));
      GroupPrincipal group =
          users.lookupPrincipalByGroupName(runAs.get().equals("nobody") ? "nogroup" : runAs.get());
      view.setGroup(group);
    }
    Postgres pg = new Postgres(bin, dir, runAs, freePort());
    try {
      Files.writeString(pg.passwordFile(), PASSWORD + "\n");
      if (runAs.isPresent()) {
        Files.setOwner(
            pg.passwordFile(),
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs.get()));
      }
      pg.run(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              pg.data().toString(),
              "-U",
              SUPERUSER,
              "--auth-local=trust",
              "--auth-host=scram-sha-256",
              "--pwfile=" + pg.passwordFile(),
              "--encoding=UTF8",
              "--no-locale",
              "--no-sync"),
          true);
      pg.startServer();
      return pg;
    } catch (IOException | RuntimeException | InterruptedException | Error e) {
      pg.close();
      throw e;
    }
  }

  /** The newest installed server's programs: /usr/lib/postgresql/VERSION/bin. */
  private static Path binDir() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    Optional<Path> newest = Optional.empty();
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        newest =
            versions
                .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                .max(Comparator.comparingInt(Postgres::version));
      }
    }
    if (newest.isEmpty()) {
      RealTools.program(root.resolve("15/bin/initdb")); // skips or fails, naming the package
    }
    return newest.orElseThrow().resolve("bin");
  }

  private static int version(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean userExists(String name) throws IOException {
    return Files.readAllLines(Path.of("/etc/passwd")).stream()
        .anyMatch(line -> line.startsWith(name + ":"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  /** Starts the server again on the same cluster and port (after {@link #stop}). */
  public void startServer() throws IOException, InterruptedException {
    List<String> command =
        as(
            List.of(
                bin.resolve("postgres").toString(),
                "-D",
                data().toString(),
                "-p",
                Integer.toString(port),
                "-k",
                dir.toString(),
                "-c",
                "listen_addresses=127.0.0.1",
                // A test's data need not survive a crash of the machine.
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off"));
    server =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!server.isAlive()) {
        throw new IllegalStateException("postgres exited " + server.exitValue() + ": " + log());
      }
      Process ready =
          new ProcessBuilder(
                  bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1", "-p", "" + port)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (ready.waitFor() == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("postgres not ready after 60 s: " + log());
      }
      Thread.sleep(100);
    }
  }

  /** Stops the server by its PID (SIGINT: fast shutdown, clients disconnected); keeps the data. */
  public void stop() throws InterruptedException, IOException {
    if (server == null || !server.isAlive()) {
      return;
    }
    new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).inheritIO().start().waitFor();
    if (!server.waitFor(30, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor();
    }
  }

  /** The server's PID. */
  public long pid() {
    return server.pid();
  }

  public int port() {
    return port;
  }

  /** The file holding {@link #PASSWORD}, as lui's {@code --store-password-file} reads it. */
  public Path passwordFile() {
    return dir.resolve("password");
  }

  /** A new, empty database; its name. */
  public String createDatabase() throws IOException, InterruptedException {
    String name = "lui_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    psql(SUPERUSER, "CREATE DATABASE " + name);
    return name;
  }

  /** The lui store URL of {@code database}, as the superuser (password: {@link #passwordFile}). */
  public String url(String database) {
    return "postgresql://" + SUPERUSER + "@127.0.0.1:" + port + "/" + database;
  }

  /** Runs {@code sql} in {@code database} with psql as the superuser; its output. */
  public String psql(String database, String sql) throws IOException, InterruptedException {
    return run(
        List.of(
            bin.resolve("psql").toString(),
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            dir.toString(), // the unix socket: no password
            "-p",
            Integer.toString(port),
            "-U",
            SUPERUSER,
            "-d",
            database,
            "-c",
            sql),
        false);
  }

  /** Runs a program to its end (as the cluster's user, if {@code owner}); its output. */
  private String run(List<String> command, boolean owner) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(owner ? as(command) : command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command.get(0) + " failed: " + out);
    }
    return out;
  }

  private List<String> as(List<String> command) {
    if (runAs.isEmpty()) {
      return command;
    }
    List<String> out = new ArrayList<>();
    out.add(RealTools.program("setpriv").toString());
    out.add("--reuid=" + runAs.get());
    out.add("--regid=" + (runAs.get().equals("nobody") ? "nogroup" : runAs.get()));
    out.add("--init-groups");
    out.add("--");
    out.addAll(command);
    return out;
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("postgres.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the server and deletes its cluster. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      stop();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
