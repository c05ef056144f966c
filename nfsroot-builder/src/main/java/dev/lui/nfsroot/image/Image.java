package dev.lui.nfsroot.image;

import java.nio.file.Path;

/**
 * One version of an install image on disk: {@code dir} is {@code <images>/<name>/<version>}, {@code
 * root} the tree exported read-only, {@code kernel} and {@code initrd} the copies next to it that
 * boot entries point at. Built by {@link #at}, whose parts are never null.
 */
public record Image(
    String name,
    String version,
    Path dir,
    Path root,
    Path kernel,
    Path initrd,
    ImageManifest manifest) {

  /** The image in {@code dir}, read from its manifest (which refuses a null name or version). */
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
