package dev.lui.tests;

import dev.lui.core.cli.LuiMain;
import dev.lui.core.config.AdminListener;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.server.LuiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real lui server on loopback with its own state directory, and a CLI that talks to it. */
public final class LiveServer implements AutoCloseable {
  public final Path state;
  public final LuiServer server;

  public LiveServer(Path state) {
    this(state, java.util.function.UnaryOperator.identity());
  }

  /** A server whose loopback configuration {@code adjust} changes first. */
  public LiveServer(Path state, java.util.function.UnaryOperator<ServerConfig> adjust) {
    this(state, adjust, AdminListener.loopback());
  }

  /** With its admin listener where {@code admin} says (the node listener stays on loopback). */
  LiveServer(
      Path state, java.util.function.UnaryOperator<ServerConfig> adjust, AdminListener admin) {
    this.state = state;
    this.server = LuiServer.start(adjust.apply(ServerConfig.loopback(state)), admin);
  }

  public record Result(int code, String out, String err) {}

  /** The resource that gives a node a system (a tiny tarball), so that it is armed. */
  public static final String SYSTEM = "system";

  /**
   * Defines {@link #SYSTEM} (once): a node defined with {@code --resource system}, or in a group it
   * is allocated to, is armed. Returns this server.
   */
  public LiveServer withSystem() {
    try {
      java.nio.file.Path tgz = state.resolveSibling("system.tar.gz");
      if (!java.nio.file.Files.exists(tgz)) {
        java.nio.file.Files.write(
            tgz,
            new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      }
      Result r = lui("define-resource", SYSTEM, "--type", "tarball", "--source", tgz.toString());
      if (r.code() != 0) {
        throw new IllegalStateException("cannot define the system resource: " + r.err());
      }
      return this;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code lui ARGS} as a client of this server (its admin listener), capturing what it
   * prints.
   */
  public Result lui(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    int at = all.get(0).equals("dhcp") || all.get(0).equals("dns") ? 2 : 1;
    all.addAll(
        at,
        List.of(
            "--server",
            server.adminUrl(),
            "--token-file",
            state.resolve("admin.token").toString()));
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
