package dev.lui.nfsroot.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nfs-ganesha serving lui's exports inside a network namespace, reached from two client
 * namespaces (two node addresses). This kernel has no NFS client filesystem, so the clients use
 * libnfs's userspace tools (nfs-ls, nfs-cp): the same MOUNT and NFS RPCs from the node's source
 * address, which is what ganesha's per-client access checks look at.
 */
@Tag("slow")
class GaneshaExportsRealTest {
  private static final String SERVER_IP = "10.79.0.1";
  private static final String IP_A = "10.79.0.11";
  private static final String IP_B = "10.79.0.12";

  @TempDir Path tmp;

  private final List<String> namespaces = new ArrayList<>();
  private final List<String> hostLinks = new ArrayList<>();
  private GaneshaProcess ganesha;

  @AfterEach
  void cleanUp() throws Exception {
    if (ganesha != null) {
      ganesha.stop();
    }
    for (String link : hostLinks) {
      run(List.of("ip", "link", "del", link), Duration.ofSeconds(30));
    }
    for (String ns : namespaces) {
      run(List.of("ip", "netns", "del", ns), Duration.ofSeconds(30));
    }
  }

  @Test
  void baseIsReadOnlyEachRootWritableOnlyByItsNodeAndRemovalRevokesAccess() throws Exception {
    RealTools.rootAnd("ganesha.nfsd", "rpcbind", "nfs-ls", "nfs-cp", "ip", "unshare");
    String id = Integer.toString(ThreadLocalRandom.current().nextInt(10_000, 99_999));
    String srv = "lui-nfs-s" + id;
    String nsA = "lui-nfs-a" + id;
    String nsB = "lui-nfs-b" + id;
    network(id, srv, nsA, nsB);

    Path image = Files.createDirectories(tmp.resolve("image"));
    Files.writeString(image.resolve("os-release"), "lui test image\n");
    Path rootA = Files.createDirectories(tmp.resolve("nodes/a"));
    Path rootB = Files.createDirectories(tmp.resolve("nodes/b"));
    Files.writeString(rootA.resolve("token"), "a-secret");
    NodeExport a = new NodeExport("a", rootA, IP_A);
    NodeExport b = new NodeExport("b", rootB, IP_B);
    Path conf = tmp.resolve("etc/ganesha.conf");
    ExportsWriter.writeGanesha(
        conf,
        Optional.of(SERVER_IP),
        new ExportPlan(List.of(image), "10.79.0.0/24", List.of(a, b)));

    ganesha = GaneshaProcess.start(conf, srv, tmp.resolve("ganesha"), Duration.ofSeconds(120));

    // The base: both nodes read it, nobody writes it.
    for (String ns : List.of(nsA, nsB)) {
      assertThat(nfsLs(ns, image, 3).out()).contains("os-release");
    }
    assertThat(nfsLs(nsA, image, 4).out()).contains("os-release");
    Path upload = Files.writeString(tmp.resolve("upload"), "from a\n");
    Result toBase = nfsCp(nsA, upload, image.resolve("upload"));
    assertThat(toBase.exit()).isNotZero();
    assertThat(toBase.out()).contains("ROFS");
    assertThat(image.resolve("upload")).doesNotExist();

    // Node A's root: A reads and writes it; B cannot mount it, over v3 or v4.
    assertThat(nfsLs(nsA, rootA, 3).out()).contains("token");
    Result write = nfsCp(nsA, upload, rootA.resolve("log"));
    assertThat(write.exit()).as(write.out()).isZero();
    assertThat(rootA.resolve("log")).hasContent("from a");
    Result refused = nfsLs(nsB, rootA, 3);
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.out()).contains("MNT3ERR_ACCES");
    assertThat(nfsLs(nsB, rootA, 4).exit()).isNotZero();
    assertThat(nfsCp(nsB, upload, rootA.resolve("evil")).exit()).isNotZero();
    assertThat(rootA.resolve("evil")).doesNotExist();
    assertThat(nfsLs(nsB, rootB, 3).exit()).isZero();

    // Remove node A, rewrite, SIGHUP: A's export disappears, the rest stays.
    ExportsPublisher publisher =
        new ExportsPublisher(ExportsPublisher.Target.ganesha(conf, SERVER_IP, ganesha.pidFile()));
    ExportsWriter.Result rewritten =
        publisher.publish(new ExportPlan(List.of(image), "10.79.0.0/24", List.of(b)));
    assertThat(rewritten.changed()).isTrue();
    Result gone = awaitRefused(nsA, rootA);
    assertThat(gone.exit()).as(gone.out()).isNotZero();
    assertThat(ganesha.isAlive()).isTrue();
    assertThat(nfsLs(nsB, rootB, 3).exit()).isZero();
    assertThat(nfsLs(nsA, image, 3).out()).contains("os-release");
  }

  /** SIGHUP is handled asynchronously: retry until the export is refused (generous deadline). */
  private Result awaitRefused(String ns, Path dir) throws Exception {
    Result r = nfsLs(ns, dir, 3);
    for (int i = 0; i < 60 && r.exit() == 0; i++) {
      Thread.sleep(500);
      r = nfsLs(ns, dir, 3);
    }
    return r;
  }

  private void network(String id, String srv, String nsA, String nsB) throws Exception {
    for (String ns : List.of(srv, nsA, nsB)) {
      ok("ip", "netns", "add", ns);
      namespaces.add(ns);
      ok("ip", "-n", ns, "link", "set", "lo", "up");
    }
    ok("ip", "-n", srv, "link", "add", "br0", "type", "bridge");
    ok("ip", "-n", srv, "addr", "add", SERVER_IP + "/24", "dev", "br0");
    ok("ip", "-n", srv, "link", "set", "br0", "up");
    String[][] clients = {{nsA, IP_A, "a"}, {nsB, IP_B, "b"}};
    for (String[] c : clients) {
      String hostSide = "lnfs" + c[2] + id;
      // Created in the root namespace, then moved at once; the list cleans up if the move fails.
      ok("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", c[0]);
      hostLinks.add(hostSide);
      ok("ip", "link", "set", hostSide, "netns", srv);
      hostLinks.remove(hostSide);
      ok("ip", "-n", srv, "link", "set", hostSide, "master", "br0", "up");
      ok("ip", "-n", c[0], "addr", "add", c[1] + "/24", "dev", "eth0");
      ok("ip", "-n", c[0], "link", "set", "eth0", "up");
    }
  }

  private Result nfsLs(String ns, Path dir, int version) throws Exception {
    return run(
        List.of("ip", "netns", "exec", ns, "nfs-ls", url(dir, version)), Duration.ofSeconds(60));
  }

  private Result nfsCp(String ns, Path local, Path remote) throws Exception {
    return run(
        List.of("ip", "netns", "exec", ns, "nfs-cp", local.toString(), url(remote, 3)),
        Duration.ofSeconds(60));
  }

  private static String url(Path p, int version) {
    return "nfs://" + SERVER_IP + p + "?version=" + version;
  }

  private static void ok(String... argv) throws Exception {
    Result r = run(List.of(argv), Duration.ofSeconds(30));
    assertThat(r.exit()).as(String.join(" ", argv) + ": " + r.out()).isZero();
  }

  record Result(int exit, String out) {}

  private static Result run(List<String> argv, Duration timeout) throws Exception {
    Path out = Files.createTempFile("lui-nfs-test", ".out");
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return new Result(-1, "timed out: " + argv);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
