package dev.lui.core.demo;

import dev.lui.io.ProcessRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Fetches a file from the demo's TFTP server with a real client: curl, tftp-hpa or busybox. */
final class TftpFetch {
  private final InetSocketAddress server;
  private final Path dir;

  TftpFetch(InetSocketAddress server, Path dir) throws IOException {
    this.server = server;
    this.dir = Files.createDirectories(dir);
  }

  Path local(String path) {
    return dir.resolve(path.replace('/', '_'));
  }

  /** One line saying which client fetched how many bytes, or why it could not. */
  String fetch(String path) throws IOException, InterruptedException {
    Path out = local(path);
    Files.deleteIfExists(out);
    Optional<List<String>> command = command(path, out);
    if (command.isEmpty()) {
      return "no TFTP client installed (apt-get install curl, tftp-hpa or busybox) to fetch "
          + path;
    }
    long t0 = System.nanoTime();
    ProcessRunner.Result r = new ProcessRunner(Duration.ofSeconds(60)).run(command.get());
    String output = r.output().strip();
    if (r.timedOut()) {
      return command.get().get(0) + ": timed out fetching " + path;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (r.exitCode() != 0 || !Files.exists(out)) {
      return command.get().get(0)
          + " tftp://"
          + host()
          + ":"
          + server.getPort()
          + "/"
          + path
          + ": "
          + why(command.get().get(0), r.exitCode(), output);
    }
    return command.get().get(0)
        + " fetched "
        + path
        + ": "
        + Files.size(out)
        + " bytes in "
        + ms
        + " ms";
  }

  /** curl's TFTP exit codes say more than its message does. */
  private static String why(String client, int exit, String output) {
    if (client.equals("curl") && exit == 68) {
      return "file not found (the server answered TFTP ERROR 1)";
    }
    if (client.equals("curl") && exit == 69) {
      return "access violation (the server answered TFTP ERROR 2)";
    }
    return "refused (exit "
        + exit
        + (output.isEmpty() ? "" : ": " + output.lines().reduce((a, b) -> b).orElse(""))
        + ")";
  }

  private String host() {
    return server.getAddress().getHostAddress();
  }

  private Optional<List<String>> command(String path, Path out) {
    String port = Integer.toString(server.getPort());
    if (onPath("curl")) {
      return Optional.of(
          List.of(
              "curl",
              "-sS",
              "--fail",
              "--tftp-blksize",
              "1468",
              "-o",
              out.toString(),
              "tftp://" + host() + ":" + port + "/" + path));
    }
    if (onPath("tftp")) {
      return Optional.of(
          List.of("tftp", "-m", "octet", host(), port, "-c", "get", path, out.toString()));
    }
    if (onPath("busybox")) {
      return Optional.of(
          List.of(
              "busybox",
              "tftp",
              "-b",
              "1468",
              "-g",
              "-r",
              path,
              "-l",
              out.toString(),
              host(),
              port));
    }
    return Optional.empty();
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
