package dev.lui.core.server;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.content.Contents;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.domain.Sha256;
import dev.lui.core.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrade to content (#11), run at server start: resources defined before it refer to files on
 * the server by path (their blobs' names), with the SHA-256 they had when defined. Each such file
 * that still has that digest is copied into the content store and the version becomes ready; if a
 * file is gone or changed, the version needs {@code lui update-resource} (list-resources says so,
 * and nodes get a 404 naming the command). A failure to write the store (disk full) leaves the
 * version to import at the next start.
 */
final class LegacyContentImport {
  private static final Logger LOG = LoggerFactory.getLogger(LegacyContentImport.class);

  private LegacyContentImport() {}

  /** Imports every version still marked {@code import}; returns how many versions it settled. */
  static int run(Store store, Contents contents) {
    int settled = 0;
    for (Resource r : store.resources()) {
      for (ResourceVersion v : store.resourceVersions(r.name())) {
        if (v.status() != ResourceVersion.Status.IMPORT) {
          continue;
        }
        try {
          ResourceVersion.Status status = importFiles(v, contents);
          store.setResourceStatus(v.name(), v.version(), status);
          settled++;
        } catch (LuiException e) {
          LOG.error(
              "resource {} version {}: cannot import its files now ({}); the next start tries again",
              v.name(),
              v.version(),
              e.getMessage());
        }
      }
    }
    return settled;
  }

  private static ResourceVersion.Status importFiles(ResourceVersion v, Contents contents) {
    ResourceVersion.Status status = ResourceVersion.Status.READY;
    for (Blob b : v.resource().contents()) {
      Sha256 sha = new Sha256(b.sha256());
      if (contents.size(sha).isPresent()) {
        continue;
      }
      Path file = Path.of(b.name());
      if (!file.isAbsolute() || !Files.isRegularFile(file)) {
        LOG.warn(
            "resource {}: its file {} is gone; run 'lui update-resource {} --source PATH'",
            v.name(),
            b.name(),
            v.name());
        status = ResourceVersion.Status.NEEDS_UPDATE;
        continue;
      }
      try (InputStream in = Files.newInputStream(file)) {
        contents.put(sha, b.size(), in);
        LOG.info(
            "resource {}: imported {} ({} bytes) into the content store as {}",
            v.name(),
            b.name(),
            b.size(),
            sha);
      } catch (LuiException e) {
        if (e.kind() != ErrorKind.INVALID_INPUT) {
          throw e;
        }
        LOG.warn(
            "resource {}: its file {} changed since it was defined; run 'lui update-resource {} --source PATH'",
            v.name(),
            b.name(),
            v.name());
        status = ResourceVersion.Status.NEEDS_UPDATE;
      } catch (IOException e) {
        LOG.warn(
            "resource {}: cannot read its file {} ({}); run 'lui update-resource {} --source PATH'",
            v.name(),
            b.name(),
            e.getMessage(),
            v.name());
        status = ResourceVersion.Status.NEEDS_UPDATE;
      }
    }
    return status;
  }
}
