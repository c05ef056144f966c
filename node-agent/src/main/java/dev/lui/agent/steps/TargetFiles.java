package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.agent.fetch.Fetcher;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Writes files into the target root atomically (temp file in the same dir, fsync, chown, chmod,
 * rename), with owners resolved against the TARGET's passwd/group, not the installer's.
 */
public final class TargetFiles {
  private TargetFiles() {}

  /** Numeric uid and gid. */
  public record Owner(int uid, int gid) {}

  /** Fetches {@code source} (verified) into {@code dest} with mode and owner, atomically. */
  public static void install(
      Fetcher fetcher, String source, String sha256, Path dest, int mode, Owner owner)
      throws StepFailedException {
    write(dest, mode, owner, tmp -> fetcher.fetch(source, sha256, tmp));
  }

  /** Writes {@code text} into {@code dest} with mode and owner, atomically. */
  public static void writeString(Path dest, String text, int mode, Owner owner)
      throws StepFailedException {
    write(
        dest,
        mode,
        owner,
        tmp -> {
          try {
            Files.writeString(tmp, text);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
              ch.force(true);
            }
          } catch (IOException e) {
            throw new StepFailedException("cannot write " + tmp + ": " + e.getMessage(), e);
          }
        });
  }

  interface Filler {
    void fill(Path tmp) throws StepFailedException;
  }

  private static void write(Path dest, int mode, Owner owner, Filler filler)
      throws StepFailedException {
    Path dir = dest.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".", ".lui-tmp");
      filler.fill(tmp);
      // chown before chmod: chown clears setuid/setgid bits.
      Files.setAttribute(tmp, "unix:uid", owner.uid());
      Files.setAttribute(tmp, "unix:gid", owner.gid());
      Files.setAttribute(tmp, "unix:mode", mode);
      try {
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new StepFailedException("cannot atomically replace " + dest, e);
      }
      tmp = null;
      try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
        ch.force(true); // make the rename durable
      }
    } catch (IOException e) {
      throw new StepFailedException("cannot write " + dest + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // Best effort cleanup; the write error is already being reported.
        }
      }
    }
  }

  /** The text of a regular file (in the target), empty if there is none. */
  public static Optional<String> read(Path p) throws StepFailedException {
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(p));
    } catch (IOException e) {
      throw new StepFailedException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** Parses {@code 0750}/{@code 4755} (validated by the plan) to a mode int. */
  public static int mode(String octal) {
    return Integer.parseInt(octal, 8);
  }

  /**
   * Resolves {@code user[:group]} (names or numbers) using {@code root/etc/passwd} and {@code
   * root/etc/group}. Without a group, the user's primary group is used.
   */
  public static Owner owner(Path root, String spec) throws StepFailedException {
    String[] parts = spec.split(":", 2);
    String user = parts[0];
    int uid;
    int gid = -1;
    if (numeric(user)) {
      uid = Integer.parseInt(user);
      if (parts.length == 1) {
        gid = lookup(root.resolve("etc/passwd"), 2, uid, 3).orElse(uid);
      }
    } else {
      List<String> entry =
          entry(root, spec, "user", user, "passwd", List.of("root", "x", "0", "0"));
      uid = Integer.parseInt(entry.get(2));
      gid = Integer.parseInt(entry.get(3));
    }
    if (parts.length == 2) {
      String group = parts[1];
      gid =
          numeric(group)
              ? Integer.parseInt(group)
              : Integer.parseInt(
                  entry(root, spec, "group", group, "group", List.of("root", "x", "0")).get(2));
    }
    return new Owner(uid, gid);
  }

  private static boolean numeric(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * {@code name}'s fields in the target's {@code /etc/<file>}. root is uid and gid 0 on every Unix,
   * also in a target whose file is not there yet: then {@code rootEntry}.
   */
  private static List<String> entry(
      Path root, String spec, String kind, String name, String file, List<String> rootEntry)
      throws StepFailedException {
    Optional<List<String>> found = entry(root.resolve("etc/" + file), name);
    if (found.isEmpty() && name.equals("root")) {
      return rootEntry;
    }
    return found.orElseThrow(
        () ->
            new StepFailedException(
                "owner '"
                    + spec
                    + "': no "
                    + kind
                    + " '"
                    + name
                    + "' in the target's /etc/"
                    + file));
  }

  private static Optional<List<String>> entry(Path file, String name) throws StepFailedException {
    for (String line : lines(file)) {
      List<String> f = List.of(line.split(":", -1));
      if (f.size() >= 3 && f.get(0).equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> lookup(Path file, int keyField, int key, int valueField)
      throws StepFailedException {
    for (String line : lines(file)) {
      String[] f = line.split(":", -1);
      if (f.length > Math.max(keyField, valueField) && f[keyField].equals(String.valueOf(key))) {
        return Optional.of(Integer.parseInt(f[valueField]));
      }
    }
    return Optional.empty();
  }

  private static List<String> lines(Path file) throws StepFailedException {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new StepFailedException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
