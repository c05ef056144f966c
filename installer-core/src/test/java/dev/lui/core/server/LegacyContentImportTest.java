package dev.lui.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.content.ContentStore;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.domain.Sha256;
import dev.lui.core.store.MemoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upgrade to #11: resources that referred to server paths, imported once at server start. */
class LegacyContentImportTest {
  @TempDir Path dir;
  final MemoryStore store = new MemoryStore();

  @Test
  void importsFilesThatStillMatchAndMarksTheOthersAsNeedingAnUpdate() throws IOException {
    Path same = Files.writeString(dir.resolve("motd"), "hello\n");
    Path edited = Files.writeString(dir.resolve("issue"), "before\n");
    Blob sameBlob = blob(same);
    Blob editedBlob = blob(edited);
    Files.writeString(edited, "after, edited since it was defined\n");
    Blob gone = new Blob(dir.resolve("gone").toString(), "cd".repeat(32), 3);
    legacy(new Resource.FileResource("motd", sameBlob, "/etc/motd", "0644", "root:root"));
    legacy(new Resource.FileResource("issue", editedBlob, "/etc/issue", "0644", "root:root"));
    legacy(new Resource.Script("post", gone));
    ContentStore contents = ContentStore.open(dir.resolve("content"));

    assertThat(LegacyContentImport.run(store, contents)).isEqualTo(3);

    assertThat(status("motd")).isEqualTo(ResourceVersion.Status.READY);
    assertThat(contents.pathOf(new Sha256(sameBlob.sha256()))).hasContent("hello\n");
    assertThat(status("issue")).isEqualTo(ResourceVersion.Status.NEEDS_UPDATE);
    assertThat(contents.size(new Sha256(editedBlob.sha256())))
        .as("the edited bytes are not imported")
        .isEmpty();
    assertThat(status("post")).isEqualTo(ResourceVersion.Status.NEEDS_UPDATE);
    assertThat(LegacyContentImport.run(store, contents)).as("once").isZero();
  }

  private void legacy(Resource r) {
    store.putResource(r, Instant.EPOCH);
    store.setResourceStatus(r.name(), 1, ResourceVersion.Status.IMPORT);
  }

  private ResourceVersion.Status status(String name) {
    List<ResourceVersion> v = store.resourceVersions(name);
    return v.get(v.size() - 1).status();
  }

  private static Blob blob(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    MessageDigest md = Sha256.digester();
    md.update(bytes);
    return new Blob(file.toString(), Sha256.of(md).hex(), bytes.length);
  }
}
