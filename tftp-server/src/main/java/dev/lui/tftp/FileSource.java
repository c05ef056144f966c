package dev.lui.tftp;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the server finds the bytes for a requested file name. The name has already been remapped
 * and checked ({@code /}-separated, relative, no {@code ..}); a directory source must still confine
 * symlinks to its root.
 */
@FunctionalInterface
public interface FileSource {
  Optional<TftpResource> open(String path) throws IOException;
}
