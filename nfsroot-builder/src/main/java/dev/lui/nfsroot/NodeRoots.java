package dev.lui.nfsroot;

import dev.lui.contract.value.Hostname;
import dev.lui.contract.value.InvalidValueException;
import dev.lui.io.AtomicWriter;
import dev.lui.io.FileModes;
import dev.lui.nfsroot.check.Checks;
import dev.lui.nfsroot.fs.SafeDirectories;
import dev.lui.nfsroot.fs.TreeRemover;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-node roots under {@code base/nodes/NAME}: the node's plan, its install token (mode 0600) and
 * identity, laid over the shared install image. Layout of one node root:
 *
 * <pre>
 *   lui/            0700  root only: it holds secrets
 *   lui/plan.json   0600  the install plan, as given (will carry a first-boot token, host keys)
 *   lui/token       0600  the install token, exact bytes, no newline
 *   lui/identity    0644  key=value lines, sorted by key
 *   etc/hostname    0644  identity "hostname", else the node name
 * </pre>
 *
 * Everything stays owned by root: the node mounts its root over NFS as root ({@code
 * no_root_squash}), so the access control between nodes is the export itself, which lets only the
 * node's own address mount its root. The node root directory stays 0755 because it is the node's
 * {@code /} and unprivileged services there must traverse it.
 *
 * <p>Each file is replaced atomically; a refresh rewrites all four and re-applies the modes.
 */
public final class NodeRoots {
  private static final Logger log = LoggerFactory.getLogger(NodeRoots.class);

  public static final String NODES_DIR = "nodes";
  public static final String PLAN_FILE = "lui/plan.json";
  public static final String TOKEN_FILE = "lui/token";
  public static final String IDENTITY_FILE = "lui/identity";
  public static final String HOSTNAME_FILE = "etc/hostname";

  private static final Set<PosixFilePermission> MODE_0700 =
      PosixFilePermissions.fromString("rwx------");

  private final Path base;
  private final Path nodesDir;

  public NodeRoots(Path base) {
    this.base = Objects.requireNonNull(base, "base").toAbsolutePath().normalize();
    this.nodesDir = this.base.resolve(NODES_DIR);
  }

  /**
   * Creates or refreshes the node's root; returns its directory. Atomic per file. Validates
   * everything before touching the disk, so a bad value leaves an existing root unchanged.
   *
   * @param identity e.g. hostname, mac, ip, netmask, gateway, server; keys {@code
   *     [a-z][a-z0-9_.-]*}, values one line each
   * @throws IllegalArgumentException naming the bad value (never the token's value) and the rule
   * @throws dev.lui.nfsroot.fs.UnsafePathException if a directory on the way is a symlink
   */
  public Path write(
      String nodeName, String planJson, String installToken, Map<String, String> identity)
      throws IOException {
    Path root = pathOf(nodeName);
    List<RootFile> files = render(nodeName, planJson, installToken, identity);
    for (RootDirectory d : DIRECTORIES) {
      Path dir = SafeDirectories.ensureDirectory(base, root.resolve(d.path()), d.mode());
      // Roots written by older versions have lui/ at 0755; tighten it before writing secrets.
      Files.setPosixFilePermissions(dir, d.mode());
    }
    for (RootFile f : files) {
      AtomicWriter.write(root.resolve(f.path()), f.content(), f.mode(), AtomicWriter.Option.FSYNC);
    }
    log.info("wrote node root for {} at {}", nodeName, root);
    return root;
  }

  /** A directory of a node root: its path relative to the root ("" is the root) and mode. */
  public record RootDirectory(String path, Set<PosixFilePermission> mode) {}

  /** A file of a node root: its path relative to the root, content and mode. */
  public record RootFile(String path, byte[] content, Set<PosixFilePermission> mode) {}

  /** The directories every node root has, parents first. */
  public static final List<RootDirectory> DIRECTORIES =
      List.of(
          new RootDirectory("", FileModes.MODE_0755),
          new RootDirectory("lui", MODE_0700),
          new RootDirectory("etc", FileModes.MODE_0755));

  /**
   * The files of a node root, rendered and checked, touching nothing: the one definition of the
   * layout, used by {@link #write} and by the server's publisher (which stages them itself).
   *
   * @throws IllegalArgumentException naming the bad value (never the token's value) and the rule
   */
  public static List<RootFile> render(
      String nodeName, String planJson, String installToken, Map<String, String> identity) {
    Checks.nodeName(nodeName);
    Objects.requireNonNull(planJson, "planJson");
    if (planJson.isBlank()) {
      throw new InvalidValueException(
          "planJson",
          planJson,
          "not blank",
          "planJson for node " + nodeName + " must not be blank");
    }
    Checks.secretWord("install token", installToken);
    String identityText = renderIdentity(identity);
    String hostname =
        Hostname.parse("hostname", identity.getOrDefault("hostname", nodeName)).value();
    return List.of(
        new RootFile(PLAN_FILE, utf8(planJson), FileModes.MODE_0600),
        new RootFile(TOKEN_FILE, utf8(installToken), FileModes.MODE_0600),
        new RootFile(IDENTITY_FILE, utf8(identityText), FileModes.MODE_0644),
        new RootFile(HOSTNAME_FILE, utf8(hostname + "\n"), FileModes.MODE_0644));
  }

  /** {@code base/nodes/NAME}; validates the name, touches nothing. */
  public Path pathOf(String nodeName) {
    return nodesDir.resolve(Checks.nodeName(nodeName));
  }

  /**
   * Deletes the node's root. Symlinks inside it are removed as links; their targets are never
   * touched. Idempotent.
   */
  public void remove(String nodeName) throws IOException {
    Path root = pathOf(nodeName);
    TreeRemover.deleteTree(root);
    log.info("removed node root for {}", nodeName);
  }

  /** The {@code lui/identity} content: {@code key=value} lines sorted by key. */
  public static String renderIdentity(Map<String, String> identity) {
    Objects.requireNonNull(identity, "identity");
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(identity).entrySet()) {
      String key = Checks.identityKey(e.getKey());
      sb.append(key).append('=').append(Checks.identityValue(key, e.getValue())).append('\n');
    }
    return sb.toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
