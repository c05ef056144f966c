package dev.lui.nfsroot.image;

import dev.lui.io.Command;
import dev.lui.io.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** One thing a root must have for the install agent to work in it. */
public sealed interface Requirement {

  /** What is missing, in words, or empty when {@code root} has it. */
  Optional<String> missingIn(Path root) throws IOException;

  /** Every missing piece of {@code root}, in the order of {@code requirements}. */
  static List<String> check(Path root, List<Requirement> requirements) throws IOException {
    List<String> missing = new ArrayList<>();
    for (Requirement r : requirements) {
      r.missingIn(root).ifPresent(missing::add);
    }
    return List.copyOf(missing);
  }

  /** A program, under any of {@code names}, in the usual bin directories of the root. */
  record Program(String label, List<String> names) implements Requirement {
    static final List<String> DIRS =
        List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    public Program {
      names = List.copyOf(names);
    }

    @Override
    public Optional<String> missingIn(Path root) throws IOException {
      for (String dir : DIRS) {
        for (String n : names) {
          Optional<Path> p = ImageLayout.resolveInRoot(root, dir + "/" + n);
          if (p.isPresent() && Files.isRegularFile(p.get()) && Files.isExecutable(p.get())) {
            return Optional.empty();
          }
        }
      }
      if (names.contains("java") && jvmJava(root)) {
        return Optional.empty();
      }
      return Optional.of("program " + label + " (" + String.join(" or ", names) + ") not found");
    }

    private static boolean jvmJava(Path root) throws IOException {
      Path jvm = root.resolve("usr/lib/jvm");
      if (!Files.isDirectory(jvm)) {
        return false;
      }
      try (Stream<Path> s = Files.list(jvm)) {
        return s.anyMatch(d -> Files.isExecutable(d.resolve("bin/java")));
      }
    }
  }

  /** A kernel in /boot (vmlinuz-VERSION) with its initramfs. */
  record Kernel() implements Requirement {
    @Override
    public Optional<String> missingIn(Path root) throws IOException {
      Optional<ImageLayout.Kernel> k = ImageLayout.findKernel(root);
      if (k.isEmpty()) {
        return Optional.of("no kernel /boot/vmlinuz-VERSION");
      }
      if (ImageLayout.findInitrd(root, k.get().version()).isEmpty()) {
        return Optional.of(
            "no initramfs for kernel "
                + k.get().version()
                + " (/boot/initrd.img-"
                + k.get().version()
                + " or /boot/initramfs-"
                + k.get().version()
                + ".img)");
      }
      return Optional.empty();
    }
  }

  /**
   * The initramfs of the newest kernel contains each module in {@code modules}, per lsinitramfs.
   */
  record InitramfsModules(List<String> modules) implements Requirement {
    public InitramfsModules {
      modules = List.copyOf(modules);
    }

    @Override
    public Optional<String> missingIn(Path root) throws IOException {
      Optional<ImageLayout.Kernel> k = ImageLayout.findKernel(root);
      Optional<Path> initrd = k.flatMap(x -> ImageLayout.findInitrd(root, x.version()));
      if (initrd.isEmpty()) {
        return Optional.empty(); // Kernel() reports it; one missing thing is said once.
      }
      List<String> files;
      try {
        files = list(initrd.get());
      } catch (IOException e) {
        return Optional.of("cannot list the initramfs " + initrd.get() + ": " + e.getMessage());
      }
      List<String> absent = new ArrayList<>();
      for (String m : modules) {
        if (files.stream().noneMatch(f -> isModule(f, m))) {
          absent.add(m);
        }
      }
      return absent.isEmpty()
          ? Optional.empty()
          : Optional.of(
              "initramfs "
                  + root.relativize(initrd.get())
                  + " lacks the module(s) "
                  + String.join(", ", absent));
    }

    static boolean isModule(String path, String module) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      return name.equals(module + ".ko") || name.startsWith(module + ".ko.");
    }

    /** The file list of an initramfs (all its cpio parts, compressed or not). */
    static List<String> list(Path initrd) throws IOException {
      List<String> out = new ArrayList<>();
      ProcessRunner.Result r;
      try {
        // stdout's lines are the list; stderr is read and dropped: only the exit code matters.
        r =
            LSINITRAMFS.run(
                Command.of("lsinitramfs", initrd.toString()),
                (stream, line) -> {
                  if (stream == ProcessRunner.Stream.STDOUT) {
                    out.add(line);
                  }
                });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while listing " + initrd);
      } catch (IOException e) {
        throw new IOException("lsinitramfs not available (install initramfs-tools-core)", e);
      }
      if (r.exitCode() != 0) {
        throw new IOException("lsinitramfs exited with status " + r.exitCode());
      }
      return out;
    }

    private static final ProcessRunner LSINITRAMFS =
        ProcessRunner.withoutTimeout().withMaxOutputBytes(0);
  }

  /** A file at an absolute path inside the root. */
  record File(String label, String path) implements Requirement {
    @Override
    public Optional<String> missingIn(Path root) {
      Optional<Path> p = ImageLayout.resolveInRoot(root, path);
      return p.isPresent() && Files.isRegularFile(p.get())
          ? Optional.empty()
          : Optional.of(label + " " + path + " not found");
    }
  }
}
