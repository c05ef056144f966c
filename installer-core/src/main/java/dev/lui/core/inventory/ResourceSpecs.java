package dev.lui.core.inventory;

import dev.lui.core.domain.Resource;
import java.util.Optional;

/** A resource as the spec that defines it again ({@code lui export}). */
final class ResourceSpecs {
  private ResourceSpecs() {}

  /** Exhaustive over the resource types: the compiler checks the switch when a type is added. */
  static ResourceSpec of(Resource r) {
    Optional<String> none = Optional.empty();
    return switch (r.type()) {
      case RPM_LIST -> spec(r, ((Resource.RpmList) r).list().path(), none, none, none, none, none, none);
      case DEB_LIST -> spec(r, ((Resource.DebList) r).list().path(), none, none, none, none, none, none);
      case TARBALL -> {
        Resource.Tarball t = (Resource.Tarball) r;
        yield spec(r, t.archive().path(), none, none, none, Optional.of(t.directory()).filter(d -> !d.equals("/")),
            none, none);
      }
      case KERNEL -> {
        Resource.Kernel k = (Resource.Kernel) r;
        yield spec(r, k.image().path(), none, none, none, none, k.initrd().map(b -> b.path()),
            Optional.of(k.version()).filter(v -> !v.equals(k.name())));
      }
      case FILE -> {
        Resource.FileResource f = (Resource.FileResource) r;
        yield spec(r, f.source().path(), Optional.of(f.target()), Optional.of(f.mode()), Optional.of(f.owner()),
            none, none, none);
      }
      case PARTITION_TABLE -> spec(r, ((Resource.PartitionTable) r).source().path(), none, none, none, none, none, none);
      case SCRIPT -> spec(r, ((Resource.Script) r).script().path(), none, none, none, none, none, none);
    };
  }

  private static ResourceSpec spec(Resource r, String source, Optional<String> target, Optional<String> mode,
      Optional<String> owner, Optional<String> directory, Optional<String> initrd, Optional<String> version) {
    return new ResourceSpec(r.name(), r.type().wireName(), Optional.of(source), target, mode, owner, directory,
        initrd, version);
  }
}
