package dev.lui.core.inventory;

import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Resource;
import java.util.List;
import java.util.Optional;

/** A resource as the spec that defines it again ({@code lui export}): its content by reference. */
final class ResourceSpecs {
  private ResourceSpecs() {}

  /** Exhaustive over the resource types: the compiler checks the switch when a type is added. */
  static ResourceSpec of(Resource r) {
    Optional<String> none = Optional.empty();
    Optional<Blob> noBlob = Optional.empty();
    return switch (r.type()) {
      case RPM_LIST -> {
        Resource.RpmList l = (Resource.RpmList) r;
        yield spec(r, l.list(), none, none, none, none, noBlob, none, l.packages());
      }
      case DEB_LIST -> {
        Resource.DebList l = (Resource.DebList) r;
        yield spec(r, l.list(), none, none, none, none, noBlob, none, l.packages());
      }
      case TARBALL -> {
        Resource.Tarball t = (Resource.Tarball) r;
        yield spec(
            r,
            t.archive(),
            none,
            none,
            none,
            Optional.of(t.directory()).filter(d -> !d.equals("/")),
            noBlob,
            none,
            List.of());
      }
      case KERNEL -> {
        Resource.Kernel k = (Resource.Kernel) r;
        yield spec(
            r,
            k.image(),
            none,
            none,
            none,
            none,
            k.initrd(),
            Optional.of(k.version()).filter(v -> !v.equals(k.name())),
            List.of());
      }
      case FILE -> {
        Resource.FileResource f = (Resource.FileResource) r;
        ResourceSpec file =
            spec(
                r,
                f.source(),
                Optional.of(f.target()),
                Optional.of(f.mode()),
                Optional.of(f.owner()),
                none,
                noBlob,
                none,
                List.of());
        // A mode with setuid, setgid or sticky bits was allowed explicitly; the file says so again.
        yield Integer.parseInt(f.mode(), 8) > 0777
            ? new ResourceSpec(
                file.name(),
                file.type(),
                file.source(),
                file.target(),
                file.mode(),
                file.owner(),
                file.directory(),
                file.initrd(),
                file.version(),
                file.packages(),
                Optional.of(true))
            : file;
      }
      case PARTITION_TABLE ->
          spec(
              r,
              ((Resource.PartitionTable) r).source(),
              none,
              none,
              none,
              none,
              noBlob,
              none,
              List.of());
      case SCRIPT ->
          spec(r, ((Resource.Script) r).script(), none, none, none, none, noBlob, none, List.of());
    };
  }

  private static ResourceSpec spec(
      Resource r,
      Blob source,
      Optional<String> target,
      Optional<String> mode,
      Optional<String> owner,
      Optional<String> directory,
      Optional<Blob> initrd,
      Optional<String> version,
      List<Blob> packages) {
    return new ResourceSpec(
        r.name(),
        r.type().wireName(),
        Optional.of(source),
        target,
        mode,
        owner,
        directory,
        initrd,
        version,
        packages);
  }
}
