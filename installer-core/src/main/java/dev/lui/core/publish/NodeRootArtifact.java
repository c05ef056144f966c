package dev.lui.core.publish;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.core.domain.Node;
import dev.lui.core.identity.InstallTokens;
import dev.lui.core.plan.NodePlans;
import dev.lui.nfsroot.NodeRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Node roots ({@code STATE/nfsroot/nodes/NAME}: install token, the plan without secrets, identity).
 * Only an armed node has one: when a node installs, is removed or loses its system, its root - and
 * the token in it - goes.
 */
final class NodeRootArtifact implements Artifact {
  private final Path nodesDir;
  private final Renderings renderings;
  private final NodePlans plans;
  private final InstallTokens tokens;

  NodeRootArtifact(Renderings renderings, NodePlans plans, InstallTokens tokens) {
    this.renderings = renderings;
    this.nodesDir =
        renderings.config().nfsrootDir().toAbsolutePath().normalize().resolve(NodeRoots.NODES_DIR);
    this.plans = plans;
    this.tokens = tokens;
  }

  @Override
  public void stage(Snapshot s, Staging staging) throws IOException {
    Set<String> armed = new HashSet<>();
    var touched = new java.util.ArrayList<>(s.touched().entrySet());
    touched.forEach(
        e -> {
          if (e.getValue().armed()) {
            armed.add(e.getKey().name());
          }
        });
    // Leftovers first, so the scan never sees this staging's own temps.
    if (s.scope.all() && Files.isDirectory(nodesDir, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> entries = Files.list(nodesDir)) {
        for (Path p : (Iterable<Path>) entries::iterator) {
          String name = p.getFileName().toString();
          if (!armed.contains(name)) {
            staging.delete(p); // an orphan root, or a temp file of a crashed write
          } else {
            deleteTemps(p, staging);
          }
        }
      }
    }
    Parallel.forEach(
        touched,
        e -> {
          if (e.getValue().armed()) {
            stageRoot(s, e.getKey(), staging);
          } else {
            staging.delete(nodesDir.resolve(e.getKey().name()));
          }
        });
    for (Node removed : s.removed()) {
      staging.delete(nodesDir.resolve(removed.name()));
    }
  }

  private void stageRoot(Snapshot s, Node node, Staging staging) throws IOException {
    Path root = renderings.nodeRoot(node.name());
    String token = tokens.token(node.name(), node.status().armId());
    List<NodeRoots.RootFile> files;
    try {
      // The root's plan is the admin's view: its secrets (ssh host keys, the first-boot report)
      // reach the node only over its authenticated plan fetch.
      files =
          NodeRoots.render(
              node.name(),
              plans.adminPlan(
                  s.catalog, node, java.util.Optional.ofNullable(s.disks.get(node.name()))),
              token,
              renderings.identity(node));
    } catch (InvalidValueException e) {
      throw new IOException(
          "cannot render the root of node " + node.name() + ": " + e.getMessage(), e);
    }
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      // A new root (a node defined or armed): built aside, renamed into place in one step.
      java.util.Map<String, java.util.Set<java.nio.file.attribute.PosixFilePermission>> dirs =
          new java.util.LinkedHashMap<>();
      NodeRoots.DIRECTORIES.forEach(d -> dirs.put(d.path(), d.mode()));
      java.util.Map<
              String,
              java.util.Map.Entry<
                  byte[], java.util.Set<java.nio.file.attribute.PosixFilePermission>>>
          content = new java.util.LinkedHashMap<>();
      files.forEach(f -> content.put(f.path(), java.util.Map.entry(f.content(), f.mode())));
      staging.newTree(nodesDir, root, dirs, content);
      return;
    }
    for (NodeRoots.RootDirectory d : NodeRoots.DIRECTORIES) {
      staging.ensureDirectory(
          nodesDir, d.path().isEmpty() ? root : root.resolve(d.path()), d.mode());
    }
    for (NodeRoots.RootFile f : files) {
      staging.write(nodesDir, root.resolve(f.path()), f.content(), f.mode(), false);
    }
  }

  /** Temp files a crash left inside a kept root (the node's own files are left alone). */
  private static void deleteTemps(Path root, Staging staging) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Staging.isTemp(p.getFileName().toString())
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          staging.delete(p);
        }
      }
    }
  }
}
