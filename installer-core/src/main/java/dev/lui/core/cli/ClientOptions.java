package dev.lui.core.cli;

import dev.lui.core.LuiException;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.identity.StateFiles;
import dev.lui.core.tls.Trust;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/** How a client command finds the server and its token; shared by every client command. */
public final class ClientOptions {
  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "The admin listener's URL: http:// on loopback, else https:// (default: $LUI_SERVER, else"
              + " the URL the local server wrote in its state directory). The admin token goes over plain HTTP to a loopback"
              + " address only.")
  Optional<String> server = Optional.empty();

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description =
          "For an https:// server: trust exactly the certificates in this PEM file (the admin listener's"
              + " self-signed certificate, or the CA that signed it) and no other (default: $LUI_CA_CERT; else, with the URL"
              + " from the state directory, the certificate the server left there; else the system's CAs).")
  Optional<Path> caCert = Optional.empty();

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "File holding the admin API token (default: $LUI_TOKEN_FILE; else the token itself in"
              + " $LUI_TOKEN; else STATE/admin.token).")
  Optional<Path> tokenFile = Optional.empty();

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description =
          "The local server's state directory, where its URL and admin token are (default:"
              + " $LUI_STATE, else /var/lib/lui).")
  Optional<Path> state = Optional.empty();

  /** For tests and the demo: the environment is passed in, not read globally. */
  static Map<String, String> environment = System.getenv();

  public ApiClient client() {
    String url = serverUrl();
    checkTransport(url);
    return new ApiClient(url, token(), trust(url));
  }

  /** The server's URL, and whether it came from the state directory. */
  private boolean urlFromState() {
    return server.isEmpty()
        && Optional.ofNullable(environment.get("LUI_SERVER")).filter(s -> !s.isBlank()).isEmpty();
  }

  /**
   * The admin token travels in every request: over plain HTTP to a loopback address only (the admin
   * listener is nowhere else without TLS; a plain URL elsewhere is the node listener, or a network
   * the token must not cross).
   */
  static void checkTransport(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw LuiException.invalid(
          "--server", url, "not a URL; write http://127.0.0.1:8081 or https://HOST:PORT");
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("");
    if (uri.getHost() == null || !scheme.equals("http") && !scheme.equals("https")) {
      throw LuiException.invalid(
          "--server", url, "write http://127.0.0.1:8081 (on the server host) or https://HOST:PORT");
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw LuiException.invalid(
          "--server",
          url,
          "the admin token goes over plain HTTP to a loopback address only;"
              + " reach a remote admin listener at https:// (lui server --admin-http with --admin-tls-cert and --admin-tls-key)"
              + " or through an SSH tunnel; lui's node listener (--http) has no admin calls");
    }
  }

  private static boolean isLoopback(String host) {
    try {
      InetAddress[] all = InetAddress.getAllByName(host.replaceAll("^\\[|\\]$", ""));
      return all.length > 0
          && java.util.Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return true; // nothing will be sent: the connection fails and says so
    }
  }

  /**
   * What an https:// connection trusts: --ca-cert, LUI_CA_CERT, the local server's certificate, or
   * the system's CAs.
   */
  private Optional<SSLContext> trust(String url) {
    if (!url.startsWith("https:")) {
      return Optional.empty();
    }
    if (caCert.isPresent()) {
      return Optional.of(Trust.exactly("--ca-cert", caCert.get()));
    }
    String env = environment.get("LUI_CA_CERT");
    if (env != null && !env.isBlank()) {
      return Optional.of(Trust.exactly("LUI_CA_CERT", Path.of(env.trim())));
    }
    Path local = stateDir().resolve(StateFiles.ADMIN_CERT);
    if (urlFromState() && Files.isReadable(local)) {
      return Optional.of(Trust.exactly("the state directory's certificate", local));
    }
    return Optional.empty();
  }

  private Path stateDir() {
    return state
        .or(() -> Optional.ofNullable(environment.get("LUI_STATE")).map(Path::of))
        .orElse(ServerConfig.DEFAULT_STATE);
  }

  String serverUrl() {
    if (server.isPresent()) {
      return server.get();
    }
    String env = environment.get("LUI_SERVER");
    if (env != null && !env.isBlank()) {
      return env;
    }
    Path file = stateDir().resolve(StateFiles.SERVER_URL);
    if (Files.isReadable(file)) {
      return read(file);
    }
    boolean stateGiven = state.isPresent() || environment.get("LUI_STATE") != null;
    throw LuiException.invalid(
        "--server",
        "",
        "no server given, and "
            + file
            + " is not there to name it: "
            + (stateGiven
                ? "the server writes it when it starts (is 'lui server --state "
                    + stateDir()
                    + "' running?)"
                : "give the server's state directory with --state DIR (or LUI_STATE=DIR), e.g."
                    + " --state /tmp/lui for 'lui server --state /tmp/lui'")
            + "; or give --server URL (or LUI_SERVER) with --token-file FILE (or LUI_TOKEN_FILE)");
  }

  String token() {
    if (tokenFile.isPresent()) {
      if (!Files.isReadable(tokenFile.get())) {
        throw LuiException.invalid(
            "--token-file", tokenFile.get().toString(), "cannot read this file");
      }
      return read(tokenFile.get());
    }
    String fileEnv = environment.get("LUI_TOKEN_FILE");
    if (fileEnv != null && !fileEnv.isBlank()) {
      Path file = Path.of(fileEnv.trim());
      if (!Files.isReadable(file)) {
        throw LuiException.invalid("LUI_TOKEN_FILE", fileEnv, "cannot read this file");
      }
      return read(file);
    }
    String env = environment.get("LUI_TOKEN");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    Path file = stateDir().resolve(StateFiles.ADMIN_TOKEN);
    if (Files.isReadable(file)) {
      return read(file);
    }
    throw LuiException.invalid(
        "--token-file",
        "",
        "no API token: pass --token-file FILE (or set LUI_TOKEN_FILE or LUI_TOKEN), or run as a"
            + " user who can read "
            + file);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw LuiException.failed("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
