package dev.lui.tftp.path;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the file name a client asked for into the name a {@link dev.lui.tftp.FileSource} sees:
 * {@code /}-separated, relative, without {@code .}, empty or {@code ..} components. PXE ROMs and
 * Windows-built menus send {@code \} and leading {@code /}, so those are mapped, not refused.
 */
public final class RequestPaths {
  private RequestPaths() {}

  /**
   * Normalises {@code requested}.
   *
   * @throws PathDeniedException if it contains NUL, a {@code ..} component, or nothing at all
   */
  public static String normalize(String requested) throws PathDeniedException {
    if (requested.indexOf('\0') >= 0) {
      throw new PathDeniedException(requested, "contains a NUL character");
    }
    String slashed = requested.replace('\\', '/');
    List<String> parts = new ArrayList<>();
    for (String part : slashed.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue; // leading "/", "a//b" and "./a" all name the same file under the root
      }
      if (part.equals("..")) {
        throw new PathDeniedException(requested, "has a '..' component");
      }
      parts.add(part);
    }
    if (parts.isEmpty()) {
      throw new PathDeniedException(requested, "names no file");
    }
    return String.join("/", parts);
  }
}
