package dev.lui.nfsroot.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One version of an install image on disk: {@code dir} is {@code <images>/<name>/<version>}, {@code
 * root} the tree exported read-only, {@code kernel} and {@code initrd} the copies next to it that
 * boot entries point at.
 */
public record Image(
    String name,
    String version,
    Path dir,
    Path root,
    Path kernel,
    Path initrd,
    ImageManifest manifest) {

  public Image {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(initrd, "initrd");
    Objects.requireNonNull(manifest, "manifest");
  }

  /** The image in {@code dir}, read from its manifest. */
  static Image at(Path dir, ImageManifest manifest) {
    return new Image(
        manifest.name(),
        manifest.version(),
        dir,
        dir.resolve(ImageLayout.ROOT),
        dir.resolve(ImageLayout.KERNEL),
        dir.resolve(ImageLayout.INITRD),
        manifest);
  }
}
