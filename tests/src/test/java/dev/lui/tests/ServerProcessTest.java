package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.Json;
import dev.lui.testkit.Postgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `lui server` as its own process, as an admin runs it, and clients on the same host. */
class ServerProcessTest {
  @TempDir Path tmp;

  private static Process lui(String... args) throws Exception {
    return luiWithUmask(Optional.empty(), args);
  }

  /**
   * {@code lui ARGS} in its own JVM, started by {@code sh -c 'umask U; exec ...'} when a umask is
   * given.
   */
  private static Process luiWithUmask(Optional<String> umask, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    umask.ifPresent(u -> cmd.addAll(List.of("sh", "-c", "umask " + u + " && exec \"$0\" \"$@\"")));
    cmd.addAll(
        List.of(java, "-cp", System.getProperty("java.class.path"), "dev.lui.core.cli.LuiMain"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** Reads the server's output up to its ready line; returns what it read, ending in that line. */
  private static String awaitReady(Process server) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    StringBuilder seen = new StringBuilder();
    while ((line = out.readLine()) != null && !line.startsWith("lui server ready")) {
      seen.append(line).append('\n');
    }
    assertThat(line).as(seen.toString()).isNotNull();
    seen.append(line);
    // Keep draining, so a chatty server never blocks on a full pipe.
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // discard
                }
              } catch (java.io.IOException e) {
                // the process ended
              }
            });
    drain.setDaemon(true);
    drain.start();
    return seen.toString();
  }

  private static void stop(Process server) throws Exception {
    server.destroy(); // SIGTERM: the shutdown hook closes HTTP, TFTP and the store
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private static Set<PosixFilePermission> mode(Path p) throws java.io.IOException {
    return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
  }

  @ParameterizedTest(name = "umask {0}")
  @ValueSource(strings = {"000", "077"})
  void whateverTheUmaskTheServersDirectoriesAndFilesGetTheirOwnModes(String umask)
      throws Exception {
    Path state = tmp.resolve("state-" + umask);
    Process server =
        luiWithUmask(
            Optional.of(umask),
            "server",
            "--state",
            state.toString(),
            "--http",
            "127.0.0.1:0",
            "--admin-http",
            "127.0.0.1:0",
            "--tftp",
            "127.0.0.1:0",
            "--allow-loopback");
    try {
      awaitReady(server);
      Path tgz =
          Files.write(
              tmp.resolve("system.tar.gz"),
              new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      assertThat(
              LiveServer.raw(
                      "define-resource",
                      "system",
                      "--type",
                      "tarball",
                      "--source",
                      tgz.toString(),
                      "--state",
                      state.toString())
                  .code())
          .isZero();
      LiveServer.Result define =
          LiveServer.raw(
              "define-node",
              "n01",
              "--state",
              state.toString(),
              "--mac",
              "52:54:00:00:00:01",
              "--ip",
              "10.0.0.11",
              "--netmask",
              "255.255.255.0",
              "--resource",
              "system");
      assertThat(define.code()).as(define.err()).isZero();
    } finally {
      stop(server);
    }
    Set<PosixFilePermission> dir = PosixFilePermissions.fromString("rwxr-xr-x");
    Set<PosixFilePermission> secret = PosixFilePermissions.fromString("rw-------");
    Set<PosixFilePermission> readable = PosixFilePermissions.fromString("rw-r--r--");
    Path node = state.resolve("nfsroot/nodes/n01");
    for (Path d :
        List.of(
            state,
            state.resolve("tftp"),
            state.resolve("dhcp"),
            state.resolve("nfsroot"),
            state.resolve("nfs"),
            state.resolve("nfsroot/nodes"),
            node,
            state.resolve("tftp/pxelinux.cfg"))) {
      assertThat(mode(d)).as(d.toString()).isEqualTo(dir);
    }
    assertThat(mode(node.resolve("lui")))
        .as("the node's secrets")
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    for (Path f :
        List.of(
            state.resolve("admin.token"),
            state.resolve("install-token.key"),
            state.resolve("lui.db"),
            node.resolve("lui/token"),
            node.resolve("lui/plan.json"))) {
      assertThat(mode(f)).as(f.toString()).isEqualTo(secret);
    }
    for (Path f :
        List.of(
            state.resolve("server.url"),
            state.resolve("dhcp/dhcpd.conf"),
            state.resolve("nfs/exports"),
            state.resolve("tftp/pxelinux.cfg/01-52-54-00-00-00-01"))) {
      assertThat(mode(f)).as(f.toString()).isEqualTo(readable);
    }
    try (var all = Files.walk(state)) {
      assertThat(all.toList())
          .allSatisfy(
              p ->
                  assertThat(mode(p))
                      .as("%s: nothing writable by others", p)
                      .doesNotContain(
                          PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
    }
  }

  @Test
  void aServerSetUpInLuiYamlServesTheAdminApiOverHttpsToTheCliOnItsHost() throws Exception {
    Path[] pair = AdminTlsTest.selfSigned(tmp, "head", "IP:127.0.0.1");
    Path state = tmp.resolve("state");
    Path config =
        Files.writeString(
            tmp.resolve("lui.yaml"),
            "state: "
                + state
                + "\nhttp: 127.0.0.1:0\ntftp: 127.0.0.1:0\nallow-loopback: true\n"
                + "admin-http: 127.0.0.1:0\nadmin-tls-cert: "
                + pair[0]
                + "\nadmin-tls-key: "
                + pair[1]
                + "\n");
    Process server = luiWithUmask(Optional.of("000"), "server", "--config", config.toString());
    try {
      String ready = awaitReady(server);
      assertThat(ready).contains("admin https://127.0.0.1:").contains("nodes http://127.0.0.1:");
      assertThat(Files.readString(state.resolve("server.url"))).startsWith("https://127.0.0.1:");
      assertThat(mode(state.resolve("admin-cert.pem")))
          .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
      LiveServer.Result r = LiveServer.raw("list-nodes", "--state", state.toString());
      assertThat(r.code()).as(r.err()).isZero();
    } finally {
      stop(server);
    }
  }

  @Test
  void anAdminListenerOffLoopbackWithoutTlsRefusesToStartNamingBothFlags() throws Exception {
    Path state = tmp.resolve("s");
    LiveServer.Result flag =
        LiveServer.raw(
            "server",
            "--state",
            state.toString(),
            "--admin-http",
            "0.0.0.0:8443",
            "--http",
            "127.0.0.1:0",
            "--tftp",
            "127.0.0.1:0",
            "--allow-loopback");
    assertThat(flag.code()).isEqualTo(2);
    assertThat(flag.err())
        .startsWith("lui: --admin-http '0.0.0.0:8443': ")
        .contains("--admin-tls-cert FILE and --admin-tls-key FILE");
    Path config =
        Files.writeString(
            tmp.resolve("lui.yaml"),
            "state: " + state + "\nadmin-http: 10.1.0.5:8443\nallow-loopback: true\n");
    LiveServer.Result file = LiveServer.raw("server", "--config", config.toString());
    assertThat(file.code()).isEqualTo(2);
    assertThat(file.err())
        .startsWith("lui: --admin-http '10.1.0.5:8443': ")
        .contains("--admin-tls-cert FILE and --admin-tls-key FILE");
    LiveServer.Result half =
        LiveServer.raw(
            "server",
            "--state",
            state.toString(),
            "--admin-tls-cert",
            config.toString(),
            "--allow-loopback");
    assertThat(half.code()).isEqualTo(2);
    assertThat(half.err()).contains("--admin-tls-key is missing");
    assertThat(state).as("nothing created").doesNotExist();
  }

  @Test
  void clientsOnTheServerHostFindItsUrlAndTokenInTheStateDirectory() throws Exception {
    Path state = tmp.resolve("state");
    Process server =
        lui(
            "server",
            "--state",
            state.toString(),
            "--http",
            "127.0.0.1:0",
            "--admin-http",
            "127.0.0.1:0",
            "--tftp",
            "127.0.0.1:0",
            "--allow-loopback");
    try {
      awaitReady(server);
      assertThat(Files.getPosixFilePermissions(state.resolve("admin.token")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.getPosixFilePermissions(state.resolve("lui.db")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));

      LiveServer.Result define =
          LiveServer.raw(
              "define-node",
              "n01",
              "--state",
              state.toString(),
              "--mac",
              "52:54:00:00:00:01",
              "--ip",
              "10.0.0.11",
              "--netmask",
              "255.255.255.0");
      assertThat(define.code()).as(define.err()).isZero();
      assertThat(LiveServer.raw("list-nodes", "--state", state.toString()).out()).contains("n01");
    } finally {
      server.destroy(); // SIGTERM: the shutdown hook closes HTTP, TFTP and the store
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // The store survives the restart.
    Process again =
        lui(
            "server",
            "--state",
            state.toString(),
            "--http",
            "127.0.0.1:0",
            "--admin-http",
            "127.0.0.1:0",
            "--tftp",
            "127.0.0.1:0",
            "--allow-loopback");
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(again.getInputStream(), StandardCharsets.UTF_8));
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
  void aServerThatWouldSendNodesToLoopbackRefusesToStartSayingWhichFlagsToSet() {
    Path state = tmp.resolve("s");
    for (String[] args :
        new String[][] {
          {"server", "--state", state.toString(), "--http", "127.0.0.1:0", "--tftp", "0.0.0.0:0"},
          {"server", "--reconcile-only", "--state", state.toString()}
        }) {
      LiveServer.Result r = LiveServer.raw(args);
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err())
          .startsWith(
              "lui: boot entries would point nodes at this host's loopback address, which no node"
                  + " can reach: --next-server 127.0.0.1 (the default when --tftp listens on"
                  + " 0.0.0.0), the public URL ")
          .contains("Give the head node's address on the install network: --next-server 10.0.0.1")
          .contains("--allow-loopback serves loopback anyway")
          .doesNotContain("\tat ");
      assertThat(r.err().lines()).as("one message").hasSize(1);
    }
    assertThat(state).as("nothing created").doesNotExist();
  }

  @Test
  void atStartTheServerReportsEachBootFileItsDhcpEntriesNameAndWhetherItIsThere() throws Exception {
    Path state = tmp.resolve("state");
    Path efi = state.resolve("tftp/boot/grub/x86_64-efi/core.efi");
    Files.createDirectories(efi.getParent());
    Files.write(efi, new byte[] {1, 2, 3});
    Process server =
        lui(
            "server",
            "--state",
            state.toString(),
            "--http",
            "127.0.0.1:0",
            "--admin-http",
            "127.0.0.1:0",
            "--tftp",
            "127.0.0.1:0",
            "--allow-loopback");
    try {
      // The tests' logback configuration shows warnings only: the file that is there is logged at
      // INFO, and read back from the status here.
      String log = awaitReady(server);
      assertThat(log.lines().filter(l -> l.contains("boot file")))
          .as(log)
          .singleElement()
          .satisfies(
              l ->
                  assertThat(l)
                      .contains("WARN")
                      .contains(
                          "boot file pxelinux.0 for BIOS clients is not in the TFTP root "
                              + state.resolve("tftp"))
                      .endsWith("run 'lui boot-files setup --state " + state + "'"));
      LiveServer.Result json = LiveServer.raw("status", "--json", "--state", state.toString());
      assertThat(Json.json().readTree(json.out()).path("bootFiles").toString())
          .isEqualTo(
              "[{\"firmware\":\"BIOS\",\"path\":\"pxelinux.0\",\"present\":false},"
                  + "{\"firmware\":\"x86-64 UEFI\",\"path\":\"boot/grub/x86_64-efi/core.efi\","
                  + "\"present\":true}]");
      LiveServer.Result status = LiveServer.raw("status", "--state", state.toString());
      assertThat(status.code()).as(status.err()).isZero();
      assertThat(status.out())
          .contains(
              "Boot files: not in the TFTP root, nodes that get them cannot boot (run 'lui"
                  + " boot-files setup' on the server): pxelinux.0 (BIOS)");
      Files.write(state.resolve("tftp/pxelinux.0"), new byte[] {4});
      assertThat(LiveServer.raw("status", "--state", state.toString()).out())
          .as("looked up at each call")
          .doesNotContain("Boot files:");
    } finally {
      stop(server);
    }
  }

  @Test
  void aConfigFileWithAnUnknownSettingIsRefusedBeforeAnythingStarts() throws Exception {
    Path config =
        Files.writeString(
            tmp.resolve("lui.yaml"), "state: " + tmp.resolve("s") + "\nhttp-port: 80\n");
    LiveServer.Result r = LiveServer.raw("server", "--config", config.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("http-port").contains("unknown setting");
    assertThat(tmp.resolve("s")).doesNotExist();
  }

  @Test
  void aBadListenAddressIsAUsageError() {
    LiveServer.Result r =
        LiveServer.raw("server", "--state", tmp.toString(), "--http", "127.0.0.1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo("lui: --http '127.0.0.1': write HOST:PORT, like 127.0.0.1:8080\n");
  }

  @Test
  void withALogFileTheServerLogsThereAndNotOnItsOutput() throws Exception {
    Path state = tmp.resolve("state");
    Path logFile = tmp.resolve("log/lui.log");
    // The tests' logback-test.xml logs warnings only; the server's own file says INFO for lui.
    Path config =
        Files.writeString(
            tmp.resolve("logback.xml"),
            "<configuration><appender name=\"STDERR\""
                + " class=\"ch.qos.logback.core.ConsoleAppender\"><encoder><pattern>%msg%n"
                + "</pattern></encoder></appender><logger name=\"dev.lui\" level=\"INFO\"/>"
                + "<root level=\"WARN\"><appender-ref ref=\"STDERR\"/></root></configuration>");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process server =
        new ProcessBuilder(
                java,
                "-Dlogback.configurationFile=" + config,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lui.core.cli.LuiMain",
                "server",
                "--state",
                state.toString(),
                "--http",
                "127.0.0.1:0",
                "--admin-http",
                "127.0.0.1:0",
                "--tftp",
                "127.0.0.1:0",
                "--allow-loopback",
                "--log-file",
                logFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("output").toFile())
            .start();
    try {
      while (!Files.readString(tmp.resolve("output")).contains("lui server ready")) {
        assertThat(server.isAlive()).as(Files.readString(tmp.resolve("output"))).isTrue();
        Thread.sleep(100);
      }
    } finally {
      stop(server);
    }
    String says = "the server logs to " + logFile + " from now on, rolled into ";
    assertThat(Files.readString(logFile))
        .as("the server's log")
        .containsPattern("\\d{4}-\\d{2}-\\d{2}T\\S+ INFO  ServerLog: " + says);
    assertThat(Files.readString(tmp.resolve("output")).lines().toList())
        .as("stdout and stderr: where the log went, then the ready line")
        .hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).startsWith(says))
        .satisfies(l -> assertThat(l.get(1)).startsWith("lui server ready"));
  }

  @Test
  @org.junit.jupiter.api.Tag("slow")
  void aServerWithItsStoreOnPostgresqlKeepsItsNodesThereAcrossARestart() throws Exception {
    try (Postgres pg = Postgres.start()) {
      String db = pg.createDatabase();
      Path state = tmp.resolve("state");
      String[] serve = {
        "server",
        "--state",
        state.toString(),
        "--store",
        pg.url(db),
        "--store-password-file",
        pg.passwordFile().toString(),
        "--http",
        "127.0.0.1:0",
        "--admin-http",
        "127.0.0.1:0",
        "--tftp",
        "127.0.0.1:0",
        "--allow-loopback"
      };
      Process server = lui(serve);
      try {
        assertThat(awaitReady(server)).doesNotContain(Postgres.PASSWORD);
        assertThat(Files.readString(Path.of("/proc/" + server.pid() + "/cmdline")))
            .as("what ps shows")
            .contains("--store-password-file")
            .doesNotContain(Postgres.PASSWORD);
        LiveServer.Result define = defineNode(state, "n01", "52:54:00:00:00:01", "10.0.0.11");
        assertThat(define.code()).as(define.err()).isZero();
      } finally {
        stop(server);
      }
      assertThat(state.resolve("lui.db")).as("no SQLite store beside").doesNotExist();
      assertThat(pg.psql(db, "SELECT name || ' ' || mac FROM nodes"))
          .isEqualTo("n01 52:54:00:00:00:01\n");
      server = lui(serve);
      try {
        awaitReady(server);
        LiveServer.Result list = LiveServer.raw("list-nodes", "--state", state.toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("n01").contains("52:54:00:00:00:01");
        LiveServer.Result again = defineNode(state, "n02", "52:54:00:00:00:01", "10.0.0.12");
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("--mac '52:54:00:00:00:01' is already used by node n01");
      } finally {
        stop(server);
      }
    }
  }

  private static LiveServer.Result defineNode(Path state, String name, String mac, String ip) {
    return LiveServer.raw(
        "define-node",
        name,
        "--state",
        state.toString(),
        "--mac",
        mac,
        "--ip",
        ip,
        "--netmask",
        "255.255.255.0");
  }
}
