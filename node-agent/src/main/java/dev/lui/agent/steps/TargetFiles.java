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
    if (!user.isEmpty() && user.chars().allMatch(c -> c >= '0' && c <= '9')) {
      uid = Integer.parseInt(user);
      if (parts.length == 1) {
        gid = lookup(root.resolve("etc/passwd"), 2, uid, 3).orElse(uid);
      }
    } else {
      // root is uid 0 on every Unix, also in a target whose /etc/passwd is not there yet.
      List<String> entry =
          entry(root.resolve("etc/passwd"), user)
              .or(
                  () ->
                      user.equals("root")
                          ? java.util.Optional.of(List.of("root", "x", "0", "0"))
                          : java.util.Optional.empty())
              .orElseThrow(
                  () ->
                      new StepFailedException(
                          "owner '"
                              + spec
                              + "': no user '"
                              + user
                              + "' in the target's /etc/passwd"));
      uid = Integer.parseInt(entry.get(2));
      gid = Integer.parseInt(entry.get(3));
    }
    if (parts.length == 2) {
      String group = parts[1];
      if (!group.isEmpty() && group.chars().allMatch(c -> c >= '0' && c <= '9')) {
        gid = Integer.parseInt(group);
      } else {
        gid =
            Integer.parseInt(
                entry(root.resolve("etc/group"), group)
                    .or(
                        () ->
                            group.equals("root")
                                ? java.util.Optional.of(List.of("root", "x", "0"))
                                : java.util.Optional.empty())
                    .orElseThrow(
                        () ->
                            new StepFailedException(
                                "owner '"
                                    + spec
                                    + "': no group '"
                                    + group
                                    + "' in the target's /etc/group"))
                    .get(2));
      }
    }
    return new Owner(uid, gid);
  }

  private static java.util.Optional<List<String>> entry(Path file, String name)
      throws StepFailedException {
    for (String line : lines(file)) {
      List<String> f = List.of(line.split(":", -1));
      if (f.size() >= 3 && f.get(0).equals(name)) {
        return java.util.Optional.of(f);
      }
    }
    return java.util.Optional.empty();
  }

  private static java.util.Optional<Integer> lookup(
      Path file, int keyField, int key, int valueField) throws StepFailedException {
    for (String line : lines(file)) {
      String[] f = line.split(":", -1);
      if (f.length > Math.max(keyField, valueField) && f[keyField].equals(String.valueOf(key))) {
        return java.util.Optional.of(Integer.parseInt(f[valueField]));
      }
    }
    return java.util.Optional.empty();
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
