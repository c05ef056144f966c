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

  /** A tar archive extracted at {@code /} of the target (or at {@code directory}). */
  record Tarball(String name, String source, String sha256, String directory) implements Payload {}

  /**
   * One file written at {@code target} with the given octal mode and owner ({@code user:group}).
   */
  record FileCopy(
      String name, String source, String sha256, String target, String mode, String owner)
      implements Payload {}

  /** Packages installed into the target root with rpm; each source is an .rpm file. */
  record RpmList(String name, List<Source> packages) implements Payload {
    public RpmList {
      packages = List.copyOf(packages);
    }
  }

  /** Packages installed into the target root with dpkg; each source is a .deb file. */
  record DebList(String name, List<Source> packages) implements Payload {
    public DebList {
      packages = List.copyOf(packages);
    }
  }

  /** A custom kernel image (and optional initrd) installed under /boot. */
  record Kernel(String name, Source image, Optional<Source> initrd, String version)
      implements Payload {}

  /** A fetchable blob with its checksum. */
  record Source(String source, String sha256) {}
}
