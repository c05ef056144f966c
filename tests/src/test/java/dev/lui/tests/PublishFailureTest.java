package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change whose files cannot be written publishes nothing: the store rolls back, no DHCP file,
 * root or entry appears, no temp file stays, and the DHCP reload command never runs.
 */
class PublishFailureTest {
  @TempDir Path tmp;

  private static final String CSV =
      "name,mac,ip,netmask,groups\n"
          + "n01,52:54:00:00:00:01,10.0.0.11,255.255.255.0,compute\n"
          + "n02,52:54:00:00:00:02,10.0.0.12,255.255.255.0,compute\n"
          + "n03,52:54:00:00:00:03,10.0.0.13,255.255.255.0,compute\n";

  private LiveServer server(Path state, Path marker) {
    // The reload records that it ran; it must not, for a change that failed.
    LiveServer lui =
        new LiveServer(
                state,
                c ->
                    c.withDhcp(
                        d -> d.withReload(List.of("/bin/sh", "-c", "echo ran >> " + marker))))
            .withSystem();
    assertThat(lui.lui("define-group", "compute").code()).isZero();
    assertThat(lui.lui("allocate", LiveServer.SYSTEM, "--to", "compute").code()).isZero();
    // The first start wrote (and reloaded) the empty files: from here on, count afresh.
    lui.server.publisher().flushReloads();
    try {
      Files.deleteIfExists(marker);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return lui;
  }

  @Test
  void aBatchWhoseThirdRootIsBlockedPublishesNothingAndRunsNoReload() throws Exception {
    Path marker = tmp.resolve("reloads");
    Path state = tmp.resolve("state");
    try (LiveServer lui = server(state, marker)) {
      String dhcpBefore = Files.readString(lui.dhcpdConf());
      Files.createDirectories(lui.nodeRoot("n03").getParent());
      Files.writeString(lui.nodeRoot("n03"), "an admin's file in the way\n");
      Path csv = Files.writeString(tmp.resolve("nodes.csv"), CSV);

      LiveServer.Result r = lui.lui("define-node", "--from", csv.toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("nothing was changed").contains("n03");
      assertThat(lui.lui("list-nodes").out()).doesNotContain("n01");
      assertThat(Files.readString(lui.dhcpdConf())).isEqualTo(dhcpBefore);
      assertThat(lui.nodeRoot("n01")).doesNotExist();
      assertThat(lui.state.resolve("tftp/pxelinux.cfg/01-52-54-00-00-00-01")).doesNotExist();
      assertThat(tempFiles(state)).isEmpty();
      assertThat(lui.server.publisher().dhcpStatus().pending()).as("no reload queued").isEmpty();
      lui.server.publisher().flushReloads();
      assertThat(marker).as("the reload never ran").doesNotExist();

      // The way cleared, the same batch lands whole, and then the reload runs.
      Files.delete(lui.nodeRoot("n03"));
      assertThat(lui.lui("define-node", "--from", csv.toString()).code()).isZero();
      assertThat(Files.readString(lui.dhcpdConf())).contains("host n01", "host n03");
      assertThat(lui.nodeRoot("n03").resolve("lui/token")).exists();
      assertThat(lui.server.publisher().dhcpStatus().pending())
          .as("this change's reload is queued (coalesced, at most one per 10 s)")
          .contains(lui.dhcpdConf());
    }
  }

  @Test
  @Tag("slow")
  void aFullFileSystemUnderTheNodeRootsPublishesNothingAndRunsNoReload() throws Exception {
    RealTools.root();
    Path marker = tmp.resolve("reloads");
    Path state = tmp.resolve("state");
    Path roots = Files.createDirectories(state.resolve("nfsroot"));
    run("mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", roots.toString());
    try (LiveServer lui = server(state, marker)) {
      String dhcpBefore = Files.readString(lui.dhcpdConf());
      StringBuilder csv = new StringBuilder("name,mac,ip,netmask,groups\n");
      for (int i = 1; i <= 200; i++) {
        csv.append(
            String.format("n%03d,52:54:00:00:01:%02x,10.0.1.%d,255.255.255.0,compute%n", i, i, i));
      }
      LiveServer.Result r =
          lui.lui(
              "define-node", "--from", Files.writeString(tmp.resolve("nodes.csv"), csv).toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("nothing was changed").containsIgnoringCase("space");
      assertThat(lui.lui("list-nodes").out()).doesNotContain("n001");
      assertThat(Files.readString(lui.dhcpdConf())).isEqualTo(dhcpBefore);
      try (Stream<Path> left = Files.walk(roots)) {
        assertThat(left.filter(p -> !p.equals(roots) && !p.equals(roots.resolve("nodes"))).toList())
            .as("nothing left on the full file system")
            .isEmpty();
      }
      lui.server.publisher().flushReloads();
      assertThat(marker).as("the reload never ran").doesNotExist();
    } finally {
      run("umount", roots.toString());
    }
  }

  private static List<Path> tempFiles(Path state) throws Exception {
    try (Stream<Path> all = Files.walk(state)) {
      return all.filter(
              p -> {
                String n = p.getFileName().toString();
                return n.startsWith(".lui-") || n.endsWith(".lui-tmp") || n.endsWith(".tmp");
              })
          .toList();
    }
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    }
  }
}
