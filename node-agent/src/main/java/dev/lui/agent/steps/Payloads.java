package dev.lui.agent.steps;

import dev.lui.agent.exec.Command;
import dev.lui.agent.exec.StepFailedException;
import dev.lui.agent.plan.Payload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        if (p instanceof Payload.Tarball t) {
          tarball(ctx, t, fetchDir);
        } else if (p instanceof Payload.FileCopy f) {
          file(ctx, f);
        } else if (p instanceof Payload.Kernel k) {
          kernel(ctx, k);
        } else {
          throw new StepFailedException("payload " + p.name() + ": type not supported by this agent");
        }
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
      ctx.runner().wouldDo("fetch " + t.source() + " to " + file + " and verify sha256 " + t.sha256());
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
    ctx.runner().run(Command.of("tar", "--xattrs", "--xattrs-include=*", "--acls",
        "--numeric-owner", "-xpf", file.toString(), "-C", dir.toString()));
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
      ctx.runner().wouldDo("write " + dest + " (mode " + f.mode() + ", owner " + f.owner()
          + ") from " + f.source() + " after verifying sha256 " + f.sha256());
      return;
    }
    TargetFiles.install(ctx.fetcher(), f.source(), f.sha256(), dest, TargetFiles.mode(f.mode()),
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
      TargetFiles.install(ctx.fetcher(), k.initrd().get().source(), k.initrd().get().sha256(),
          initrd, 0600, root);
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
