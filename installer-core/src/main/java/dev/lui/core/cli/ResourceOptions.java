package dev.lui.core.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of a resource's content and placement, shared by define-resource and update-resource
 * (where an option not given keeps its current value).
 */
final class ResourceOptions {
  @Option(
      names = "--source",
      paramLabel = "PATH",
      description = "The file (on this machine; it is uploaded).")
  Optional<Path> source = Optional.empty();

  @Option(
      names = "--target",
      paramLabel = "PATH",
      description = "file: where it goes on the node (absolute).")
  Optional<String> target = Optional.empty();

  @Option(
      names = "--mode",
      paramLabel = "OCTAL",
      description = "file: mode (0644 when defined without it).")
  Optional<String> mode = Optional.empty();

  @Option(
      names = "--owner",
      paramLabel = "USER[:GROUP]",
      description = "file: owner (root:root when defined without it).")
  Optional<String> owner = Optional.empty();

  @Option(
      names = "--directory",
      paramLabel = "PATH",
      description = "tarball: where to extract on the node (/ when defined without it).")
  Optional<String> directory = Optional.empty();

  @Option(
      names = "--initrd",
      paramLabel = "PATH",
      description = "kernel: its initrd (on this machine; it is uploaded).")
  Optional<Path> initrd = Optional.empty();

  @Option(
      names = "--version",
      paramLabel = "V",
      description = "kernel: version string (the resource name when defined without it).")
  Optional<String> version = Optional.empty();

  @Option(
      names = "--special-bits",
      description = "file: allow setuid, setgid and sticky bits in --mode (refused otherwise).")
  boolean specialBits;

  /** The resource as given here, its files still on this machine. */
  LocalResourceSpec spec(String name, String type) {
    return new LocalResourceSpec(
        name,
        type,
        source.map(LocalFile::of),
        target,
        mode,
        owner,
        directory,
        initrd.map(LocalFile::of),
        version,
        specialBits);
  }
}
