package dev.lui.tests;

import dev.lui.agent.plan.Finish;
import dev.lui.core.cli.LuiMain;
import dev.lui.core.server.LuiServer;
import dev.lui.core.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A real lui server on loopback with its own state directory, and a CLI that talks to it. */
public final class LiveServer implements AutoCloseable {
  public final Path state;
  public final LuiServer server;

  public LiveServer(Path state) {
    this(state, java.util.function.UnaryOperator.identity());
  }

  /** A server whose loopback configuration {@code adjust} changes first. */
  public LiveServer(Path state, java.util.function.UnaryOperator<ServerConfig> adjust) {
    this.state = state;
    this.server = LuiServer.start(adjust.apply(ServerConfig.loopback(state)));
  }

  public record Result(int code, String out, String err) {}

  /** Runs {@code lui ARGS} as a client of this server, capturing what it prints. */
  public Result lui(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    int at = all.get(0).equals("dhcp") || all.get(0).equals("dns") ? 2 : 1;
    all.addAll(at, List.of("--server", server.url(), "--token-file", state.resolve("admin.token").toString()));
    return raw(all.toArray(String[]::new));
  }

  /** Runs {@code lui ARGS} exactly as given. */
  public static Result raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LuiMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  public Path dhcpdConf() {
    return state.resolve("dhcp/dhcpd.conf");
  }

  public Path nodeRoot(String node) {
    return state.resolve("nfsroot/nodes").resolve(node);
  }

  /** The admin token the server made in its state directory. */
  public String adminToken() {
    return read(state.resolve("admin.token"));
  }

  /** The node's current install token, from its NFS root (where its agent reads it). */
  public String nodeToken(String node) {
    return read(nodeRoot(node).resolve("lui/token"));
  }

  private static String read(Path file) {
    try {
      return java.nio.file.Files.readString(file).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
