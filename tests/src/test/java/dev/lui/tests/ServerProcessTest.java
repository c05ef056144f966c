package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lui server` as its own process, as an admin runs it, and clients on the same host. */
class ServerProcessTest {
  @TempDir Path tmp;

  private static Process lui(String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.lui.core.cli.LuiMain"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  @Test
  void clientsOnTheServerHostFindItsUrlAndTokenInTheStateDirectory() throws Exception {
    Path state = tmp.resolve("state");
    Process server = lui("server", "--state", state.toString(), "--http", "127.0.0.1:0", "--admin-http", "127.0.0.1:0", "--tftp", "127.0.0.1:0");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = out.readLine()) != null && !line.startsWith("lui server ready")) {
        seen.append(line).append('\n');
      }
      assertThat(line).as(seen.toString()).isNotNull();
      assertThat(Files.getPosixFilePermissions(state.resolve("admin.token"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.getPosixFilePermissions(state.resolve("lui.db"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));

      LiveServer.Result define = LiveServer.raw("define-node", "n01", "--state", state.toString(),
          "--mac", "52:54:00:00:00:01", "--ip", "10.0.0.11", "--netmask", "255.255.255.0");
      assertThat(define.code()).as(define.err()).isZero();
      assertThat(LiveServer.raw("list-nodes", "--state", state.toString()).out()).contains("n01");
    } finally {
      server.destroy(); // SIGTERM: the shutdown hook closes HTTP, TFTP and the store
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // The store survives the restart.
    Process again = lui("server", "--state", state.toString(), "--http", "127.0.0.1:0", "--admin-http", "127.0.0.1:0", "--tftp", "127.0.0.1:0");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(again.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("lui server ready")) {
        // skip log lines
      }
      assertThat(LiveServer.raw("list-nodes", "--state", state.toString()).out()).contains("n01");
    } finally {
      again.destroy();
      again.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aConfigFileWithAnUnknownSettingIsRefusedBeforeAnythingStarts() throws Exception {
    Path config = Files.writeString(tmp.resolve("lui.yaml"), "state: " + tmp.resolve("s") + "\nhttp-port: 80\n");
    LiveServer.Result r = LiveServer.raw("server", "--config", config.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("http-port").contains("unknown setting");
    assertThat(tmp.resolve("s")).doesNotExist();
  }

  @Test
  void aBadListenAddressIsAUsageError() {
    LiveServer.Result r = LiveServer.raw("server", "--state", tmp.toString(), "--http", "127.0.0.1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("lui: --http '127.0.0.1': write HOST:PORT, like 127.0.0.1:8080\n");
  }
}
