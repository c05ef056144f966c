package dev.lui.nfsroot.export;

import dev.lui.io.AtomicWriter;
import dev.lui.io.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an {@link ExportPlan} to one NFS server the way DHCP files are applied: check and render
 * everything, write atomically keeping {@code FILE.bak}, reload only if the file changed. If the
 * reload fails the previous file is put back (so the file on disk is what the server serves) and
 * the error is thrown.
 */
public final class ExportsPublisher {
  private static final Logger log = LoggerFactory.getLogger(ExportsPublisher.class);

  /** Which server's format. */
  public enum Server {
    /** {@code /etc/exports} lines, e.g. {@code /etc/exports.d/lui.exports}. */
    KERNEL,
    /** A complete nfs-ganesha config. */
    GANESHA
  }

  /**
   * @param bindAddress ganesha's {@code Bind_addr}; ignored for the kernel server
   * @param reload run after a change; empty: the caller reloads (or nothing serves the file yet)
   */
  public record Target(
      Server server, Path file, Optional<String> bindAddress, Optional<ExportsReload> reload) {
    public Target {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(bindAddress, "bindAddress");
      Objects.requireNonNull(reload, "reload");
      bindAddress.ifPresent(GaneshaConfig::checkAddress);
    }

    /** The kernel server at {@code file}, reloaded with {@code exportfs -ra}. */
    public static Target kernel(Path file) {
      return new Target(Server.KERNEL, file, Optional.empty(), Optional.of(ExportsReload.kernel()));
    }

    /** ganesha reading {@code file}, reloaded by SIGHUP to the pid in {@code pidFile}. */
    public static Target ganesha(Path file, String bindAddress, Path pidFile) {
      return new Target(
          Server.GANESHA,
          file,
          Optional.of(bindAddress),
          Optional.of(new ExportsReload.Signal(pidFile)));
    }
  }

  private final Target target;

  public ExportsPublisher(Target target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  /** Writes the plan; reloads if the file changed. Returns whether it changed. */
  public ExportsWriter.Result publish(ExportPlan plan) throws IOException {
    Path file = target.file();
    Optional<byte[]> before =
        Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    ExportsWriter.Result result =
        switch (target.server()) {
          case KERNEL -> ExportsWriter.writeKernel(file, plan);
          case GANESHA -> ExportsWriter.writeGanesha(file, target.bindAddress(), plan);
        };
    if (result.changed() && target.reload().isPresent()) {
      try {
        target.reload().get().reload();
      } catch (IOException | RuntimeException e) {
        // Put back what the server still serves; the .bak keeps it too, either way.
        if (before.isPresent()) {
          AtomicWriter.write(file, before.get(), FileModes.MODE_0644, AtomicWriter.Option.FSYNC);
        } else {
          AtomicWriter.deleteIfExists(file);
        }
        log.warn("reload of {} failed; restored the previous file: {}", file, e.getMessage());
        throw e;
      }
    }
    return result;
  }
}
