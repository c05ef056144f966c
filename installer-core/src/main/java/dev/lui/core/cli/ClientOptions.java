package dev.lui.core.cli;

import dev.lui.core.LuiException;
import dev.lui.core.server.ServerConfig;
import dev.lui.core.server.StateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a client command finds the server and its token; shared by every client command. */
public final class ClientOptions {
  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Server URL (default: $LUI_SERVER, else the URL the local server wrote in its state directory).")
  Optional<String> server = Optional.empty();

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the admin API token (default: $LUI_TOKEN, else STATE/admin.token).")
  Optional<Path> tokenFile = Optional.empty();

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description = "The local server's state directory, to find its URL and token (default: $LUI_STATE or /var/lib/lui).")
  Optional<Path> state = Optional.empty();

  /** For tests and the demo: the environment is passed in, not read globally. */
  static Map<String, String> environment = System.getenv();

  public ApiClient client() {
    return new ApiClient(serverUrl(), token());
  }

  private Path stateDir() {
    return state.or(() -> Optional.ofNullable(environment.get("LUI_STATE")).map(Path::of)).orElse(ServerConfig.DEFAULT_STATE);
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
    throw LuiException.invalid(
        "--server", "", "no server given: pass --server URL, set LUI_SERVER, or run where the server's state directory (" + stateDir() + ") is readable");
  }

  String token() {
    if (tokenFile.isPresent()) {
      if (!Files.isReadable(tokenFile.get())) {
        throw LuiException.invalid("--token-file", tokenFile.get().toString(), "cannot read this file");
      }
      return read(tokenFile.get());
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
        "--token-file", "", "no API token: pass --token-file FILE, set LUI_TOKEN, or run as a user who can read " + file);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw LuiException.failed("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
