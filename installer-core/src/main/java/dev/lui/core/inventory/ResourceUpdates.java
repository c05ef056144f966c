package dev.lui.core.inventory;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceType;
import dev.lui.core.domain.ResourceVersion;
import java.util.List;
import java.util.Optional;

/** {@code lui update-resource}: a new version from the current one and what the admin changed. */
public final class ResourceUpdates {
  private ResourceUpdates() {}

  /**
   * @param current the current version afterwards (the new one, unless nothing changed)
   * @param changed whether a version was made
   * @param nodes the nodes the resource is allocated to, whose plans were refreshed
   */
  public record Updated(ResourceVersion current, boolean changed, List<String> nodes) {}

  /**
   * The spec of the next version: the update's fields where given, else the current version's. The
   * type stays; a package list's packages come with its list.
   */
  static ResourceSpec merge(Resource current, ResourceSpec update) {
    ResourceType type = current.type();
    if (!update.type().isEmpty() && !update.type().equals(type.wireName())) {
      throw LuiException.invalid(
          "--type",
          update.type(),
          "resource '"
              + current.name()
              + "' is a "
              + type.wireName()
              + " resource, and a resource keeps its type: define a new resource instead");
    }
    if (update.source().isEmpty() && !update.packages().isEmpty()) {
      throw LuiException.invalid(
          "packages",
          update.packages().size() + " files",
          "packages come with their list: give --source LIST too");
    }
    ResourceSpec now = specOf(current);
    boolean newList = update.source().isPresent();
    return new ResourceSpec(
        current.name(),
        type.wireName(),
        update.source().or(now::source),
        update.target().or(now::target),
        update.mode().or(now::mode),
        update.owner().or(now::owner),
        update.directory().or(now::directory),
        update.initrd().or(now::initrd),
        update.version().or(now::version),
        newList ? update.packages() : now.packages(),
        // A kept mode was accepted when it was given; a new one needs the flag again.
        update.mode().isPresent() ? update.specialBits() : Optional.of(true));
  }

  /** The spec that defines {@code r} as it is. */
  static ResourceSpec specOf(Resource r) {
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
                Optional.of(t.directory()),
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
                Optional.of(k.version()),
                List.of());
          }

          @Override
          public ResourceSpec file(Resource.FileResource f) {
            return spec(
                r,
                f.source(),
                Optional.of(f.target()),
                Optional.of(f.mode()),
                Optional.of(f.owner()),
                none,
                noBlob,
                none,
                List.of());
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
        packages,
        Optional.empty());
  }
}
