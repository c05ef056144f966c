package dev.lui.nfsroot.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a directory tree without ever following a symlink: a link inside the tree is removed as a
 * link, and what it points to is left alone. On Linux this uses {@link SecureDirectoryStream}
 * (openat/unlinkat relative to open directory handles, O_NOFOLLOW), so even a directory swapped for
 * a symlink mid-walk cannot redirect the deletion; elsewhere it falls back to a no-follow walk.
 */
public final class TreeRemover {
  private TreeRemover() {}

  /** Removes {@code root} and everything under it; a missing root is not an error. */
  public static void deleteTree(Path root) throws IOException {
    Path abs = root.toAbsolutePath().normalize();
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException gone) {
      return;
    }
    if (!attrs.isDirectory()) {
      // A file or a symlink (even one to a directory): remove the entry itself, nothing behind it.
      Files.deleteIfExists(abs);
      return;
    }
    Path parent = abs.getParent();
    if (parent == null) {
      throw new UnsafePathException(abs, "refusing to delete a filesystem root");
    }
    try (DirectoryStream<Path> parentStream = Files.newDirectoryStream(parent)) {
      if (parentStream instanceof SecureDirectoryStream<Path> secure) {
        deleteEntry(secure, abs.getFileName());
        return;
      }
    }
    deleteTreeByWalking(abs);
  }

  private static void deleteEntry(SecureDirectoryStream<Path> dir, Path name) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs =
          dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
    } catch (NoSuchFileException gone) {
      return;
    }
    if (attrs.isDirectory()) {
      List<Path> children = new ArrayList<>();
      try (SecureDirectoryStream<Path> child =
          dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
        // Read all names first: deleting while reading a directory is unspecified.
        for (Path entry : child) {
          children.add(entry.getFileName());
        }
        for (Path entry : children) {
          deleteEntry(child, entry);
        }
      }
      try {
        dir.deleteDirectory(name);
      } catch (NoSuchFileException gone) {
        // Removed concurrently: the goal is reached.
      }
    } else {
      try {
        dir.deleteFile(name);
      } catch (NoSuchFileException gone) {
        // Removed concurrently: the goal is reached.
      }
    }
  }

  /** Portable fallback: a walk that does not follow links (links are visited as plain entries). */
  static void deleteTreeByWalking(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
