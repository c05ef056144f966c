package dev.lui.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.contract.value.MacAddress;
import dev.lui.core.Fixtures;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.plan.Catalog;
import dev.lui.core.publish.Renderings;
import dev.lui.core.store.MemoryStore;
import dev.lui.nfsroot.boot.BootLoader;
import dev.lui.nfsroot.boot.BootLoaders;
import dev.lui.nfsroot.boot.Ipxe;
import dev.lui.tftp.FileSource;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpResource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What TFTP and HTTP answer: every loader's entries from the store, its fixed files, the root. */
class BootSourceTest {
  @TempDir Path state;
  final MemoryStore store = new MemoryStore();
  Renderings renderings;
  FileSource source;
  Path tftpRoot;

  @BeforeEach
  void setUp() throws IOException {
    ServerConfig config =
        ServerConfig.loopback(state)
            .withHttp(new java.net.InetSocketAddress("127.0.0.1", 8080), "http://127.0.0.1:8080");
    renderings = new Renderings(config);
    tftpRoot = Files.createDirectories(config.tftpDir());
    source = BootSource.of(store, renderings, FileSources.directory(tftpRoot));
    store.putResource(
        new Resource.Tarball("base", new Blob("base.tgz", "ab".repeat(32), 20), "/"),
        Instant.EPOCH);
  }

  @Test
  void theDhcpChainUrlIsTheIpxeLoadersChainScript() throws IOException {
    assertThat(ServerConfig.IPXE_CHAIN).isEqualTo(Ipxe.CHAIN_PATH);
    assertThat(text(ServerConfig.IPXE_CHAIN)).contains(Ipxe.chainScript());
  }

  @Test
  void everyLoadersEntryOfAnArmedNodeIsAnsweredFromTheStore() throws IOException {
    Node n = Fixtures.node(1);
    store.putNode(n);
    store.addAllocation(new Allocation("base", Allocation.TargetKind.NODE, n.name()));
    for (BootLoader loader : BootLoaders.ALL) {
      Optional<String> expected = renderings.bootEntry(loader, n, Catalog.of(store).arming(n));
      assertThat(expected).as(loader.name()).isPresent();
      assertThat(text(loader.entryPath(n.mac()))).as(loader.name()).isEqualTo(expected);
      assertThat(text("/" + loader.entryPath(n.mac()))).as(loader.name()).isEqualTo(expected);
    }
  }

  @Test
  void aFileLeftForANodeTheStoreDoesNotKnowIsNeverServed() throws IOException {
    for (BootLoader loader : BootLoaders.ALL) {
      String path = loader.entryPath(MacAddress.parse("52:54:00:00:00:99"));
      Path file = tftpRoot.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "stale\n");
      assertThat(text(path)).as(loader.name()).isEmpty();
    }
  }

  @Test
  void anEntryNameWithAMacNoNodeCanHaveIsAnOrdinaryFile() throws IOException {
    String path = "pxelinux.cfg/01-ff-ff-ff-ff-ff-ff";
    assertThat(text(path)).isEmpty();
    Files.createDirectories(tftpRoot.resolve("pxelinux.cfg"));
    Files.writeString(tftpRoot.resolve(path), "admin's own\n");
    assertThat(text(path)).contains("admin's own\n");
  }

  @Test
  void otherPathsComeFromTheTftpRoot() throws IOException {
    Files.createDirectories(tftpRoot.resolve("lui"));
    Files.writeString(tftpRoot.resolve("lui/vmlinuz"), "kernel");
    assertThat(text("lui/vmlinuz")).contains("kernel");
    assertThat(text("lui/missing")).isEmpty();
  }

  private Optional<String> text(String path) throws IOException {
    Optional<TftpResource> r = source.open(path);
    if (r.isEmpty()) {
      return Optional.empty();
    }
    try (TftpResource res = r.get()) {
      ByteBuffer buf = ByteBuffer.allocate((int) res.size());
      while (buf.hasRemaining() && res.read(buf.position(), buf) > 0) {}
      return Optional.of(new String(buf.array(), StandardCharsets.UTF_8));
    }
  }
}
