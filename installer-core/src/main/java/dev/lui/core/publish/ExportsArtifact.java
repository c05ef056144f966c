package dev.lui.core.publish;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.core.LuiException;
import dev.lui.core.config.InstallEnv;
import dev.lui.core.domain.Node;
import dev.lui.nfsroot.export.ExportIds;
import dev.lui.nfsroot.export.ExportPlan;
import dev.lui.nfsroot.export.Exports;
import dev.lui.nfsroot.export.ExportsReload;
import dev.lui.nfsroot.export.ExportsWriter;
import dev.lui.nfsroot.export.GaneshaConfig;
import dev.lui.nfsroot.export.NfsExport;
import dev.lui.nfsroot.export.NodeExport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code STATE/nfs/exports} (kernel server) and {@code STATE/nfs/ganesha.conf}: the image root
 * read-only to the install network, each armed node's root read-write to that node's address only.
 * After either changed, the admin's exports reload command runs once.
 */
final class ExportsArtifact implements Artifact {
  private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");
  private final Renderings renderings;
  private final Path dir;

  ExportsArtifact(Renderings renderings) {
    this.renderings = renderings;
    this.dir = renderings.config().stateDir().toAbsolutePath().normalize().resolve("nfs");
  }

  @Override
  public void stage(Snapshot s, Staging staging) throws IOException {
    if (s.scope.all() && java.nio.file.Files.isDirectory(dir)) {
      try (var entries = java.nio.file.Files.list(dir)) {
        for (Path p : (Iterable<Path>) entries::iterator) {
          if (Staging.isTemp(p.getFileName().toString())) {
            staging.delete(p); // a crashed write's temp file
          }
        }
      }
    }
    InstallEnv env = renderings.config().installEnv();
    List<NodeExport> nodes = new ArrayList<>();
    for (Node n : s.nodes) {
      if (s.arming(n).armed()) {
        nodes.add(new NodeExport(n.name(), renderings.nodeRoot(n.name()), n.ip().toString()));
      }
    }
    Optional<String> network =
        env.installNetwork()
            .or(
                () ->
                    s.nodes.stream()
                        .findFirst()
                        .map(n -> n.ip().network(n.netmask()) + "/" + n.netmask().prefixLength()));
    List<NfsExport> exports;
    if (network.isEmpty()) {
      exports = List.of(); // no node and no --install-network: nothing to export to yet
    } else {
      try {
        exports =
            new ExportPlan(env.root().map(Path::of).stream().toList(), network.get(), nodes)
                .exports();
      } catch (InvalidValueException e) {
        throw LuiException.failed("cannot export the NFS roots: " + e.getMessage(), e);
      }
    }
    Path ganesha = dir.resolve("ganesha.conf");
    Path idsFile = ExportsWriter.idsFileOf(ganesha);
    List<Path> paths = exports.stream().map(NfsExport::dir).toList();
    Map<Path, Integer> ids = ExportIds.assign(ExportIds.load(idsFile), paths);
    boolean changed = staging.write(dir, idsFile, utf8(ExportIds.render(ids)), MODE, true);
    changed |=
        staging.write(
            dir,
            ganesha,
            utf8(
                GaneshaConfig.render(
                    Optional.of(renderings.config().boot().nfsServer()), exports, ids)),
            MODE,
            true);
    changed |=
        staging.write(dir, dir.resolve("exports"), utf8(Exports.kernelFile(exports)), MODE, true);
    if (changed && !env.exportsReload().isEmpty()) {
      ExportsReload reload = new ExportsReload.Command(env.exportsReload());
      staging.afterCommit(
          () -> {
            try {
              reload.reload();
            } catch (IOException | RuntimeException e) {
              throw LuiException.failed(
                  "NFS exports changed but '"
                      + String.join(" ", env.exportsReload())
                      + "' failed (retried at the next change): "
                      + e.getMessage(),
                  e);
            }
          });
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
