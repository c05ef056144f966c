package dev.lui.nfsroot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Per-node roots under {@code base/nodes/NAME}: the node's plan, its install token (mode 0600) and
 * identity, laid over the shared install image. STUB: the nfsroot module fills this in.
 */
public final class NodeRoots {
  public NodeRoots(Path base) {}

  /** Creates or refreshes the node's root; returns its directory. Atomic per file. */
  public Path write(String nodeName, String planJson, String installToken, Map<String, String> identity)
      throws IOException {
    throw new UnsupportedOperationException("stub");
  }

  public Path pathOf(String nodeName) {
    throw new UnsupportedOperationException("stub");
  }

  public void remove(String nodeName) throws IOException {}
}
