package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.Payload;
import dev.lui.io.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the payloads in plan order. Every byte is checked against its sha256 before it reaches
 * its place in the target; file contents are never logged.
 */
public final class Payloads implements Step {
  /** Download area inside the target (on the real disk, not the RAM-backed install root). */
  static final String FETCH_DIR = ".lui-fetch";

  @Override
  public String name() {
    return "payloads";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    Path fetchDir = ctx.target().resolve(FETCH_DIR);
    try {
      for (Payload p : ctx.plan().payloads()) {
        ctx.events().log("agent", "payload " + p.name());
        p.accept(
            new Payload.Visitor<Void, StepFailedException>() {
              @Override
              public Void tarball(Payload.Tarball t) throws StepFailedException {
                Payloads.tarball(ctx, t, fetchDir);
                return null;
              }

              @Override
              public Void file(Payload.FileCopy f) throws StepFailedException {
                Payloads.file(ctx, f);
                return null;
              }

              @Override
              public Void kernel(Payload.Kernel k) throws StepFailedException {
                Payloads.kernel(ctx, k);
                return null;
              }

              @Override
              public Void rpmList(Payload.RpmList l) throws StepFailedException {
                rpms(ctx, fetchPackages(ctx, l.name(), l.packages(), fetchDir, ".rpm"));
                return null;
              }

              @Override
              public Void debList(Payload.DebList l) throws StepFailedException {
                debs(ctx, fetchPackages(ctx, l.name(), l.packages(), fetchDir, ".deb"));
                return null;
              }
            });
      }
    } finally {
      if (!ctx.dryRun()) {
        deleteTree(fetchDir);
      }
    }
  }

  private static void tarball(StepContext ctx, Payload.Tarball t, Path fetchDir)
      throws StepFailedException {
    Path file = fetchDir.resolve(t.name());
    Path dir = ctx.inTarget(t.directory());
    if (ctx.dryRun()) {
      ctx.runner()
          .wouldDo("fetch " + t.source() + " to " + file + " and verify sha256 " + t.sha256());
    } else {
      try {
        Files.createDirectories(fetchDir);
      } catch (IOException e) {
        throw new StepFailedException("cannot create " + fetchDir + ": " + e.getMessage(), e);
      }
      ctx.fetcher().fetch(t.source(), t.sha256(), file);
    }
    ctx.runner().run(Command.of("mkdir", "-p", dir.toString()));
    // tar recognizes gzip/xz/zstd/bzip2 by content when extracting from a file.
    ctx.runner()
        .run(
            Command.of(
                "tar",
                "--xattrs",
                "--xattrs-include=*",
                "--acls",
                "--numeric-owner",
                "-xpf",
                file.toString(),
                "-C",
                dir.toString()));
    if (!ctx.dryRun()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new StepFailedException("cannot remove " + file + ": " + e.getMessage(), e);
      }
    }
  }

  private static void file(StepContext ctx, Payload.FileCopy f) throws StepFailedException {
    Path dest = ctx.inTarget(f.target());
    if (ctx.dryRun()) {
      ctx.runner()
          .wouldDo(
              "write "
                  + dest
                  + " (mode "
                  + f.mode()
                  + ", owner "
                  + f.owner()
                  + ") from "
                  + f.source()
                  + " after verifying sha256 "
                  + f.sha256());
      return;
    }
    TargetFiles.install(
        ctx.fetcher(),
        f.source(),
        f.sha256(),
        dest,
        TargetFiles.mode(f.mode()),
        TargetFiles.owner(ctx.target(), f.owner()));
  }

  private static void kernel(StepContext ctx, Payload.Kernel k) throws StepFailedException {
    Path image = ctx.inTarget("/boot/vmlinuz-" + k.version());
    Path initrd = ctx.inTarget("/boot/initrd.img-" + k.version());
    if (ctx.dryRun()) {
      ctx.runner().wouldDo("write " + image + " from " + k.image().source());
      k.initrd().ifPresent(i -> ctx.runner().wouldDo("write " + initrd + " from " + i.source()));
      return;
    }
    TargetFiles.Owner root = new TargetFiles.Owner(0, 0);
    TargetFiles.install(ctx.fetcher(), k.image().source(), k.image().sha256(), image, 0644, root);
    if (k.initrd().isPresent()) {
      TargetFiles.install(
          ctx.fetcher(), k.initrd().get().source(), k.initrd().get().sha256(), initrd, 0600, root);
    }
  }

  /** Fetches and verifies each package into the fetch area; returns their local paths. */
  private static List<String> fetchPackages(
      StepContext ctx, String name, List<Payload.Source> packages, Path fetchDir, String suffix)
      throws StepFailedException {
    List<String> files = new ArrayList<>();
    for (int i = 0; i < packages.size(); i++) {
      Payload.Source pkg = packages.get(i);
      Path file = fetchDir.resolve(name + "-" + i + suffix);
      if (ctx.dryRun()) {
        ctx.runner()
            .wouldDo(
                "fetch " + pkg.source() + " to " + file + " and verify sha256 " + pkg.sha256());
      } else {
        try {
          Files.createDirectories(fetchDir);
        } catch (IOException e) {
          throw new StepFailedException("cannot create " + fetchDir + ": " + e.getMessage(), e);
        }
        ctx.fetcher().fetch(pkg.source(), pkg.sha256(), file);
      }
      files.add(file.toString());
    }
    return files;
  }

  /**
   * rpm into the target root. Dependencies are not resolved (--nodeps): the list is the admin's
   * exact set, as in LUI; a target without an rpm database gets a fresh one.
   */
  private static void rpms(StepContext ctx, List<String> files) throws StepFailedException {
    String root = ctx.target().toString();
    if (!Files.isDirectory(ctx.inTarget("/var/lib/rpm"))) {
      ctx.runner().run(Command.of("rpm", "--root", root, "--initdb"));
    }
    List<String> argv =
        new ArrayList<>(List.of("rpm", "--root", root, "--install", "--nodeps", "--replacepkgs"));
    argv.addAll(files);
    ctx.runner().run(Command.of(argv));
  }

  /**
   * dpkg into the target when the target has a dpkg database (a Debian root); otherwise the
   * packages are unpacked (dpkg-deb -x), which runs no maintainer scripts.
   */
  private static void debs(StepContext ctx, List<String> files) throws StepFailedException {
    String root = ctx.target().toString();
    if (Files.exists(ctx.inTarget("/var/lib/dpkg/status"))) {
      List<String> argv =
          new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-depends", "--install"));
      argv.addAll(files);
      ctx.runner().run(Command.of(argv));
      return;
    }
    ctx.events()
        .log(
            "agent",
            "the target has no dpkg database: unpacking the packages without running their scripts");
    for (String f : files) {
      ctx.runner().run(Command.of("dpkg-deb", "--extract", f, root));
    }
  }

  static void deleteTree(Path dir) throws StepFailedException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new StepFailedException("cannot remove " + dir + ": " + e.getMessage(), e);
    }
  }
}
