package dev.lui.contract.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Optional;

/**
 * Something installed into the target root, in plan order.
 *
 * <p>{@code source} is where the agent fetches the bytes: an {@code http(s)://} URL (fetched with
 * the node's install token) or an absolute local path (for {@code --plan FILE} runs). {@code
 * sha256} is checked before anything from the source is written to the target.
 *
 * <p>A kind of payload is one permit, named once in {@code @JsonSubTypes} ({@code PayloadTest}
 * checks every permit is there). Whatever handles payloads (the plan's rules, the agent's step) is
 * a {@link Visitor}, so a new permit does not compile until each handles it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Payload.Tarball.class, name = "tarball"),
  @JsonSubTypes.Type(value = Payload.FileCopy.class, name = "file"),
  @JsonSubTypes.Type(value = Payload.RpmList.class, name = "rpm-list"),
  @JsonSubTypes.Type(value = Payload.DebList.class, name = "deb-list"),
  @JsonSubTypes.Type(value = Payload.Kernel.class, name = "kernel"),
})
public sealed interface Payload {
  /** The resource name this payload came from, for logs and reports. */
  String name();

  /** The visitor's method for this permit. */
  <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X;

  /**
   * One method per permit: the exhaustive handling of every kind of payload, which may fail with
   * {@code X} (the validator's {@code InvalidPlanException}, the agent's step failure).
   */
  interface Visitor<R, X extends Exception> {
    R tarball(Tarball p) throws X;

    R file(FileCopy p) throws X;

    R rpmList(RpmList p) throws X;

    R debList(DebList p) throws X;

    R kernel(Kernel p) throws X;
  }

  /** A tar archive extracted at {@code /} of the target (or at {@code directory}). */
  record Tarball(String name, String source, String sha256, String directory) implements Payload {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.tarball(this);
    }
  }

  /**
   * One file written at {@code target} with the given octal mode and owner ({@code user:group}).
   */
  record FileCopy(
      String name, String source, String sha256, String target, String mode, String owner)
      implements Payload {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.file(this);
    }
  }

  /** Packages installed into the target root with rpm; each source is an .rpm file. */
  record RpmList(String name, List<Source> packages) implements Payload {
    public RpmList {
      packages = List.copyOf(packages);
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.rpmList(this);
    }
  }

  /** Packages installed into the target root with dpkg; each source is a .deb file. */
  record DebList(String name, List<Source> packages) implements Payload {
    public DebList {
      packages = List.copyOf(packages);
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.debList(this);
    }
  }

  /** A custom kernel image (and optional initrd) installed under /boot. */
  record Kernel(String name, Source image, Optional<Source> initrd, String version)
      implements Payload {
    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.kernel(this);
    }
  }

  /** A fetchable blob with its checksum. */
  record Source(String source, String sha256) {}
}
