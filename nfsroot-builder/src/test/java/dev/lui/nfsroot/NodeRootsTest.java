package dev.lui.nfsroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.nfsroot.fs.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeRootsTest {
  @TempDir Path base;

  private static final String PLAN = "{\"version\":1,\"node\":\"node01\"}";
  private static final String TOKEN = "tok-3f9a1c";
  private static final Map<String, String> IDENTITY =
      Map.of(
          "server", "http://10.0.0.1:8080",
          "hostname", "node01.cluster",
          "mac", "52:54:00:aa:bb:cc",
          "ip", "10.0.0.11",
          "netmask", "255.255.255.0",
          "gateway", "10.0.0.254");

  @Test
  void writesTheNodeRootLayout() throws IOException {
    Path root = new NodeRoots(base).write("node01", PLAN, TOKEN, IDENTITY);
    assertThat(root).isEqualTo(base.resolve("nodes/node01"));
    assertThat(Files.readString(root.resolve("lui/plan.json"))).isEqualTo(PLAN);
    assertThat(Files.readString(root.resolve("lui/token"))).isEqualTo(TOKEN);
    assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo("node01.cluster\n");
  }

  @Test
  void identityIsSortedKeyValueLines() throws IOException {
    Path root = new NodeRoots(base).write("node01", PLAN, TOKEN, IDENTITY);
    assertThat(Files.readString(root.resolve("lui/identity")))
        .isEqualTo(
            "gateway=10.0.0.254\n"
                + "hostname=node01.cluster\n"
                + "ip=10.0.0.11\n"
                + "mac=52:54:00:aa:bb:cc\n"
                + "netmask=255.255.255.0\n"
                + "server=http://10.0.0.1:8080\n");
  }

  @Test
  void secretsAreOwnerOnlyAndTheRestWorldReadable() throws IOException {
    Path root = new NodeRoots(base).write("node01", PLAN, TOKEN, IDENTITY);
    assertThat(mode(root.resolve("lui/token"))).isEqualTo("rw-------");
    assertThat(mode(root.resolve("lui/plan.json"))).isEqualTo("rw-------");
    assertThat(mode(root.resolve("lui/identity"))).isEqualTo("rw-r--r--");
    assertThat(mode(root.resolve("etc/hostname"))).isEqualTo("rw-r--r--");
    assertThat(mode(root.resolve("lui"))).isEqualTo("rwx------");
    assertThat(mode(root)).isEqualTo("rwxr-xr-x");
  }

  @Test
  void rewriteTightensModesOfARootWrittenByAnOlderVersion() throws IOException {
    NodeRoots roots = new NodeRoots(base);
    Path root = roots.write("node01", PLAN, TOKEN, IDENTITY);
    Files.setPosixFilePermissions(
        root.resolve("lui"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        root.resolve("lui/plan.json"), PosixFilePermissions.fromString("rw-r--r--"));
    roots.write("node01", PLAN, TOKEN, IDENTITY);
    assertThat(mode(root.resolve("lui"))).isEqualTo("rwx------");
    assertThat(mode(root.resolve("lui/plan.json"))).isEqualTo("rw-------");
  }

  @Test
  void hostnameDefaultsToTheNodeName() throws IOException {
    Path root = new NodeRoots(base).write("node01", PLAN, TOKEN, Map.of("ip", "10.0.0.11"));
    assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo("node01\n");
  }

  // The host name rule is the plan contract's Hostname (the one the server and the agent use).
  @ParameterizedTest
  @ValueSource(strings = {"", "-a", "a-", "a..b", "a.", "a_b", "a b", "node.01"})
  void refusesAHostnameOutsideRfc1123(String hostname) {
    assertThatThrownBy(
            () -> new NodeRoots(base).write("node01", PLAN, TOKEN, Map.of("hostname", hostname)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("hostname '");
    assertThat(base.resolve("nodes/node01")).doesNotExist();
  }

  @Test
  void refreshReplacesContentAndLeavesNoTempFiles() throws IOException {
    NodeRoots roots = new NodeRoots(base);
    roots.write("node01", PLAN, TOKEN, IDENTITY);
    Map<String, String> rearmed = new HashMap<>(IDENTITY);
    rearmed.put("ip", "10.0.0.12");
    Path root = roots.write("node01", "{\"version\":2}", "tok-new", rearmed);
    assertThat(Files.readString(root.resolve("lui/token"))).isEqualTo("tok-new");
    assertThat(Files.readString(root.resolve("lui/identity"))).contains("ip=10.0.0.12\n");
    assertThat(names(root.resolve("lui"))).containsExactly("identity", "plan.json", "token");
    assertThat(names(root.resolve("etc"))).containsExactly("hostname");
    assertThat(names(root)).containsExactly("etc", "lui");
  }

  @Test
  void pathOfIsUnderNodesAndTouchesNothing() {
    assertThat(new NodeRoots(base).pathOf("node01")).isEqualTo(base.resolve("nodes/node01"));
    assertThat(base.resolve("nodes")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/b", ".", "", "a b", "x\n"})
  void refusesHostileNodeNames(String name) {
    NodeRoots roots = new NodeRoots(base);
    assertThatThrownBy(() -> roots.write(name, PLAN, TOKEN, IDENTITY))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("node name");
    assertThatThrownBy(() -> roots.pathOf(name)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> roots.remove(name)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void refusesATokenWithWhitespaceWithoutEchoingIt() {
    assertThatThrownBy(() -> new NodeRoots(base).write("node01", PLAN, "hunter2\nvalue", IDENTITY))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("install token")
        .message()
        .doesNotContain("hunter2");
    assertThat(base.resolve("nodes")).doesNotExist();
  }

  @Test
  void refusesIdentityThatWouldAddLines() {
    assertThatThrownBy(
            () ->
                new NodeRoots(base)
                    .write("node01", PLAN, TOKEN, Map.of("ip", "10.0.0.11\nserver=http://evil")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("identity value for ip");
    assertThatThrownBy(() -> new NodeRoots(base).write("node01", PLAN, TOKEN, Map.of("a=b", "c")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("identity key");
  }

  @Test
  void refusesAnInvalidHostname() {
    assertThatThrownBy(
            () -> new NodeRoots(base).write("node01", PLAN, TOKEN, Map.of("hostname", "bad_host")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("bad_host");
  }

  @Test
  void aBadValueLeavesAnExistingRootUnchanged() throws IOException {
    NodeRoots roots = new NodeRoots(base);
    Path root = roots.write("node01", PLAN, TOKEN, IDENTITY);
    assertThatThrownBy(() -> roots.write("node01", "{}", TOKEN, Map.of("ip", "x\ny")))
        .isInstanceOf(InvalidValueException.class);
    assertThat(Files.readString(root.resolve("lui/plan.json"))).isEqualTo(PLAN);
  }

  @Test
  void refusesABlankPlan() {
    assertThatThrownBy(() -> new NodeRoots(base).write("node01", " \n", TOKEN, IDENTITY))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("planJson");
  }

  @Test
  void refusesToWriteThroughASymlinkedNodeDirectory() throws IOException {
    Path elsewhere = Files.createDirectory(base.resolve("elsewhere"));
    Files.createDirectories(base.resolve("nodes"));
    Files.createSymbolicLink(base.resolve("nodes/node01"), elsewhere);
    assertThatThrownBy(() -> new NodeRoots(base).write("node01", PLAN, TOKEN, IDENTITY))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("symlink");
    assertThat(names(elsewhere)).isEmpty();
  }

  @Test
  void removeDeletesTheRootAndIsIdempotent() throws IOException {
    NodeRoots roots = new NodeRoots(base);
    Path root = roots.write("node01", PLAN, TOKEN, IDENTITY);
    roots.write("node02", PLAN, TOKEN, Map.of());
    roots.remove("node01");
    assertThat(root).doesNotExist();
    assertThat(roots.pathOf("node02")).isDirectory();
    roots.remove("node01");
    new NodeRoots(base.resolve("never")).remove("node01");
  }

  @Test
  void removeDoesNotFollowSymlinksOutOfTheRoot() throws IOException {
    Path outside = Files.createDirectories(base.resolve("shared-image/etc"));
    Files.writeString(outside.resolve("passwd"), "root:x:0:0");
    NodeRoots roots = new NodeRoots(base);
    Path root = roots.write("node01", PLAN, TOKEN, IDENTITY);
    Files.createSymbolicLink(root.resolve("image"), base.resolve("shared-image"));
    Files.createSymbolicLink(root.resolve("lui/passwd"), outside.resolve("passwd"));
    roots.remove("node01");
    assertThat(Files.exists(root, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(outside.resolve("passwd")).hasContent("root:x:0:0");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
