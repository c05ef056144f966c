package dev.lui.tests.e2e;

import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code lui server} as its own process inside the lab's namespace: its node listener on the bridge
 * address (where the VM reaches it), its admin listener on the namespace's loopback at the default
 * address, and the {@code lui} CLI run against that from inside the namespace (the only place it is
 * reachable).
 */
final class LabServer implements AutoCloseable {
  /** The node listener: agents and iPXE on the lab network. */
  static final String NODE_URL = "http://" + NetLab.ADDRESS + ":8080";

  /** The admin listener (lui server's default --admin-http), inside the namespace. */
  static final String ADMIN_URL = "http://127.0.0.1:8081";

  final Path state;
  final Path jar;
  private final NetLab lab;
  private final Daemon process;

  private LabServer(NetLab lab, Path state, Path jar, Daemon process) {
    this.lab = lab;
    this.state = state;
    this.jar = jar;
    this.process = process;
  }

  /** The packaged lui.jar; the lead rebuilds it while others work, so each run takes a copy. */
  static Path jarCopy(Path dir) {
    Path built =
        Path.of(System.getProperty("user.dir"))
            .resolveSibling("installer-core")
            .resolve("target/lui.jar");
    if (!Files.isRegularFile(built)) {
      RealTools.missing(
          built + " is missing: package installer-core first (mvn -pl installer-core package)");
    }
    try {
      Files.createDirectories(dir);
      return Files.copy(built, dir.resolve("lui.jar"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy " + built + ": " + e.getMessage(), e);
    }
  }

  static LabServer start(NetLab lab, Path state, Path jar, List<String> extraArgs) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java(),
                "-jar",
                jar.toString(),
                "server",
                "--state",
                state.toString(),
                "--http",
                NetLab.ADDRESS + ":8080",
                "--tftp",
                NetLab.ADDRESS + ":69",
                "--public-url",
                NODE_URL,
                "--next-server",
                NetLab.ADDRESS,
                "--dhcp-backends",
                "isc",
                "--finish",
                "reboot"));
    cmd.addAll(extraArgs);
    Daemon d = lab.start("lui server", lab.dir.resolve("lui-server.log"), cmd);
    LabServer s = new LabServer(lab, state, jar, d);
    try {
      d.await(Pattern.compile("(?m)^lui server ready"), Duration.ofMinutes(2));
    } catch (RuntimeException e) {
      lab.stop(d);
      throw e;
    }
    return s;
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /**
   * {@code lui ARGS --server ADMIN_URL --token-file STATE/admin.token}, run inside the namespace.
   */
  Cmd.Result lui(String... args) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(
        List.of("--server", ADMIN_URL, "--token-file", state.resolve("admin.token").toString()));
    return Cmd.tryRun(Duration.ofMinutes(2), lab.in(cmd));
  }

  /** Like {@link #lui} but a non-zero exit fails with the CLI's message. */
  String luiOk(String... args) {
    Cmd.Result r = lui(args);
    if (r.code() != 0) {
      throw new IllegalStateException(
          "lui " + String.join(" ", args) + " exited " + r.code() + ": " + r.output().strip());
    }
    return r.output();
  }

  /**
   * GET an admin API path with curl inside the namespace; the token goes in a header file, never on
   * a command line.
   */
  String get(String apiPath) {
    try {
      Path header = state.resolve("e2e-auth.header");
      if (!Files.exists(header)) {
        Files.createFile(
            header,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
            header,
            "Authorization: Bearer "
                + Files.readString(state.resolve("admin.token")).strip()
                + "\n");
      }
      return lab.exec("curl", "-sS", "--fail-with-body", "-H", "@" + header, ADMIN_URL + apiPath);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the auth header: " + e.getMessage(), e);
    }
  }

  String log() {
    return process.output();
  }

  Path tftpRoot() {
    return state.resolve("tftp");
  }

  @Override
  public void close() {
    lab.stop(process);
  }
}
