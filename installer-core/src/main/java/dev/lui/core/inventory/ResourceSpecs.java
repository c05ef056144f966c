package dev.lui.core.inventory;

import dev.lui.core.domain.Resource;

/** A resource as the spec that defines it again ({@code lui export}): its content by reference. */
final class ResourceSpecs {
  private ResourceSpecs() {}

  /**
   * The spec of {@code r} as an admin would write it: {@link ResourceUpdates#specOf} (the one
   * visitor over the resource types) without the values that are defaults anyway, and with the
   * explicit permission a mode with setuid, setgid or sticky bits needed.
   */
  static ResourceSpec of(Resource r) {
    ResourceSpec full = ResourceUpdates.specOf(r);
    return new ResourceSpec(
        full.name(),
        full.type(),
        full.source(),
        full.target(),
        full.mode(),
        full.owner(),
        full.directory().filter(d -> !d.equals("/")),
        full.initrd(),
        full.version().filter(v -> !v.equals(r.name())),
        full.packages(),
        full.mode().filter(m -> Integer.parseInt(m, 8) > 0777).map(m -> true));
  }
}
