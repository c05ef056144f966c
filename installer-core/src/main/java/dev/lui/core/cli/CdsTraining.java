package dev.lui.core.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run behind lui's class-data-sharing archive (docs/performance.md): the build runs it
 * with {@code -XX:DumpLoadedClassList}, and the classes it loads are the ones a client command then
 * maps from the archive instead of loading from the jar. It runs client commands as {@code main}
 * does against a canned answer on loopback, so no lui server is needed.
 */
public final class CdsTraining {
  private static final String NODES =
      "[{\"name\":\"n01\",\"mac\":\"52:54:00:00:00:01\",\"ip\":\"10.0.0.11\",\"network\":\"lab\","
          + "\"hostname\":\"n01\",\"groups\":[\"compute\"],\"state\":\"defined\"},"
          + "{\"name\":\"n02\",\"mac\":\"52:54:00:00:00:02\",\"ip\":\"10.0.0.12\","
          + "\"hostname\":\"n02\",\"groups\":[],\"state\":\"installed\",\"bmc\":\"10.0.1.12\"}]";

  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          byte[] body =
              (exchange.getRequestURI().getPath().equals("/api/v1/nodes") ? NODES : "[]")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    http.start();
    Path token = Files.createTempFile("lui-training", ".token");
    try {
      Files.writeString(token, "training");
      String url = "http://127.0.0.1:" + http.getAddress().getPort();
      List<String> client = List.of("--server", url, "--token-file", token.toString());
      for (List<String> command :
          List.of(
              List.of("--help"),
              List.of("list-nodes", "--help"),
              List.of("list-nodes"),
              List.of("list-nodes", "--json"),
              List.of("list-resources"),
              List.of("list-groups"),
              List.of("list-networks"))) {
        String[] line =
            command.contains("--help")
                ? command.toArray(String[]::new)
                : java.util.stream.Stream.concat(command.stream(), client.stream())
                    .toArray(String[]::new);
        LuiMain.quietUnlessDaemon(line, false);
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        int code = LuiMain.run(line, sink, sink);
        if (code != 0) {
          throw new IllegalStateException("training run 'lui " + command + "' exited " + code);
        }
      }
    } finally {
      http.stop(0);
      Files.deleteIfExists(token);
    }
  }
}
