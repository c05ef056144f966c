package dev.lui.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.LuiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a client finds the server and its token, and what it says when it cannot. */
class ClientOptionsTest {
  @TempDir Path dir;
  private final Map<String, String> saved = ClientOptions.environment;

  @AfterEach
  void restore() {
    ClientOptions.environment = saved;
  }

  private ClientOptions options(Map<String, String> env) {
    ClientOptions.environment = env;
    ClientOptions o = new ClientOptions();
    o.state = Optional.of(dir);
    return o;
  }

  @Test
  void withAStateDirectoryButNoServerTheErrorAsksWhetherItRuns() {
    ClientOptions o = options(Map.of());

    assertThatThrownBy(o::serverUrl)
        .isInstanceOf(LuiException.class)
        .hasMessageContaining("--server '': no server given")
        .hasMessageContaining(dir.resolve("server.url").toString())
        .hasMessageContaining("is 'lui server --state " + dir + "' running?")
        .hasMessageContaining("--server URL")
        .hasMessageContaining("--token-file FILE");
  }

  @Test
  void withoutAStateDirectoryTheErrorSaysToNameOne() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        Files.exists(dev.lui.core.config.ServerConfig.DEFAULT_STATE.resolve("server.url")),
        "a server runs with the default state directory on this machine");
    ClientOptions.environment = Map.of();
    ClientOptions o = new ClientOptions();

    assertThatThrownBy(o::serverUrl)
        .hasMessageContaining("give the server's state directory with --state DIR (or LUI_STATE");
  }

  @Test
  void theTokenComesFromLuiTokenFileBeforeLuiToken() throws Exception {
    Path file = Files.writeString(dir.resolve("t"), "from-file\n");

    assertThat(options(Map.of("LUI_TOKEN_FILE", file.toString(), "LUI_TOKEN", "x")).token())
        .isEqualTo("from-file");
    assertThat(options(Map.of("LUI_TOKEN", "from-env")).token()).isEqualTo("from-env");
  }

  @Test
  void anUnreadableLuiTokenFileIsNamed() {
    assertThatThrownBy(() -> options(Map.of("LUI_TOKEN_FILE", "/nonexistent/t")).token())
        .hasMessageContaining("LUI_TOKEN_FILE '/nonexistent/t'");
  }

  @Test
  void tokenFileHelpNamesItsRealDefaults() {
    String help = LuiMain.commandLine().getSubcommands().get("list-nodes").getUsageMessage();

    assertThat(help.replaceAll("\\s+", " "))
        .contains(
            "(default: $LUI_TOKEN_FILE; else the token itself in $LUI_TOKEN; else STATE/admin.token)");
  }
}
