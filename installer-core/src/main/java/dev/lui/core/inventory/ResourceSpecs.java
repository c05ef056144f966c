package dev.lui.core.inventory;

import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Resource;
import java.util.List;
import java.util.Optional;

/** A resource as the spec that defines it again ({@code lui export}): its content by reference. */
final class ResourceSpecs {
  private ResourceSpecs() {}

  /** Exhaustive over the resource types: a new permit does not compile until it is handled here. */
  static ResourceSpec of(Resource r) {
    Optional<String> none = Optional.empty();
    Optional<Blob> noBlob = Optional.empty();
    return r.accept(
        new Resource.Visitor<ResourceSpec>() {
          @Override
          public ResourceSpec rpmList(Resource.RpmList l) {
            return spec(r, l.list(), none, none, none, none, noBlob, none, l.packages());
          }

          @Override
          public ResourceSpec debList(Resource.DebList l) {
            return spec(r, l.list(), none, none, none, none, noBlob, none, l.packages());
          }

          @Override
          public ResourceSpec tarball(Resource.Tarball t) {
            return spec(
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

          @Override
          public ResourceSpec kernel(Resource.Kernel k) {
            return spec(
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

          @Override
          public ResourceSpec file(Resource.FileResource f) {
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
            // A mode with setuid, setgid or sticky bits was allowed explicitly; the file says so
            // again.
            return Integer.parseInt(f.mode(), 8) > 0777
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

          @Override
          public ResourceSpec partitionTable(Resource.PartitionTable t) {
            return spec(r, t.source(), none, none, none, none, noBlob, none, List.of());
          }

          @Override
          public ResourceSpec script(Resource.Script s) {
            return spec(r, s.script(), none, none, none, none, noBlob, none, List.of());
          }
        });
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
