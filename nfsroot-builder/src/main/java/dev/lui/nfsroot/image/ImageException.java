package dev.lui.nfsroot.image;

import java.io.IOException;
import java.util.List;

/** Why an image operation failed; every subtype says what the caller can do about it. */
public abstract sealed class ImageException extends IOException
    permits ImageException.BuildFailed,
        ImageException.Incomplete,
        ImageException.InUse,
        ImageException.NotFound {

  ImageException(String message) {
    super(message);
  }

  /** The build program failed; {@link #lastLines()} is the end of its output. */
  public static final class BuildFailed extends ImageException {
    private final List<String> lastLines;

    public BuildFailed(String message, List<String> lastLines) {
      super(
          message
              + (lastLines.isEmpty() ? "" : "; last output:\n  " + String.join("\n  ", lastLines)));
      this.lastLines = List.copyOf(lastLines);
    }

    public List<String> lastLines() {
      return lastLines;
    }
  }

  /** A root lacks what the agent needs; {@link #missing()} lists every missing piece at once. */
  public static final class Incomplete extends ImageException {
    private final List<String> missing;

    public Incomplete(String what, List<String> missing) {
      super(what + " lacks what the install agent needs: " + String.join("; ", missing));
      this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
      return missing;
    }
  }

  /** Refused: the caller said the image is in use (nodes boot from it). */
  public static final class InUse extends ImageException {
    public InUse(String name) {
      super("image " + name + " is in use; move its nodes to another image first");
    }
  }

  /** No such image (or no current version of it). */
  public static final class NotFound extends ImageException {
    public NotFound(String name, String detail) {
      super("image " + name + " " + detail);
    }
  }
}
