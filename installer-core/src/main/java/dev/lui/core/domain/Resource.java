package dev.lui.core.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import dev.lui.contract.plan.PartitionLayout;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A reusable piece of an install, allocated to nodes and groups.
 *
 * <p>A resource type is one permit of this interface. Its name (CLI, API, store JSON) is spelled
 * once, in {@link ResourceType}, which Jackson reads through {@link ResourceType.TypeIds}; what is
 * done with a resource is found from it through {@link #accept(Visitor)}: a new permit does not
 * compile until every {@link Visitor} (the plan compiler, the update merge, ...) handles it, and
 * {@code ResourceTypeTest} fails until {@link ResourceType} names it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "type")
@JsonTypeIdResolver(ResourceType.TypeIds.class)
public sealed interface Resource {
  String name();

  /** This permit's entry in the one table of types. */
  @JsonIgnore
  default ResourceType type() {
    return ResourceType.of(getClass());
  }

  /** The visitor's method for this permit. */
  <R> R accept(Visitor<R> visitor);

  /** One method per permit: the exhaustive handling of every kind of resource. */
  interface Visitor<R> {
    R rpmList(RpmList r);

    R debList(DebList r);

    R tarball(Tarball r);

    R kernel(Kernel r);

    R file(FileResource r);

    R partitionTable(PartitionTable r);

    R script(Script r);
  }

  /**
   * Whether this resource puts an operating system on the disk (a tarball or a package list): a
   * node's plan without one would wipe the disk and install nothing, so the node is not armed.
   */
  @JsonIgnore
  default boolean installsSystem() {
    return false;
  }

  /** Every file the agent may fetch for this resource (from the content store, by digest). */
  @JsonIgnore
  default List<Blob> blobs() {
    return List.of();
  }

  /**
   * Every content the resource refers to, its source first: {@link #blobs()}, and for package lists
   * the list file too.
   */
  @JsonIgnore
  default List<Blob> contents() {
    return blobs();
  }

  /**
   * Packages listed in a LUI-style list file (one package file per line): they install a system,
   * and the agent fetches each package; the list itself is content too.
   */
  sealed interface PackageList extends Resource permits RpmList, DebList {
    Blob list();

    List<Blob> packages();

    @Override
    default boolean installsSystem() {
      return true;
    }

    @Override
    default List<Blob> blobs() {
      return packages();
    }

    @Override
    default List<Blob> contents() {
      return Stream.concat(Stream.of(list()), packages().stream()).toList();
    }
  }

  record RpmList(String name, Blob list, List<Blob> packages) implements Resource, PackageList {
    public RpmList {
      packages = List.copyOf(packages);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.rpmList(this);
    }
  }

  record DebList(String name, Blob list, List<Blob> packages) implements Resource, PackageList {
    public DebList {
      packages = List.copyOf(packages);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.debList(this);
    }
  }

  /** Extracted at {@code directory} (default {@code /}) of the target root. */
  record Tarball(String name, Blob archive, String directory) implements Resource {
    @Override
    public boolean installsSystem() {
      return true;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.tarball(this);
    }

    @Override
    public List<Blob> blobs() {
      return List.of(archive);
    }
  }

  record Kernel(String name, Blob image, Optional<Blob> initrd, String version)
      implements Resource {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.kernel(this);
    }

    @Override
    public List<Blob> blobs() {
      return Stream.concat(Stream.of(image), initrd.stream()).toList();
    }
  }

  record FileResource(String name, Blob source, String target, String mode, String owner)
      implements Resource {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.file(this);
    }

    @Override
    public List<Blob> blobs() {
      return List.of(source);
    }
  }

  /** The disk layout; {@code source} is the text or YAML file it was read from. */
  /**
   * @param bootloader from the table's {@code bootloader} line; empty: derived from the layout
   * @param disk from the table's {@code disk} line: the disk of nodes (and groups) naming none
   */
  record PartitionTable(
      String name,
      Blob source,
      PartitionLayout layout,
      Optional<dev.lui.contract.plan.Bootloader> bootloader,
      Optional<String> disk)
      implements Resource {
    public PartitionTable {
      bootloader = bootloader == null ? Optional.empty() : bootloader;
      disk = disk == null ? Optional.empty() : disk;
    }

    public PartitionTable(String name, Blob source, PartitionLayout layout) {
      this(name, source, layout, Optional.empty(), Optional.empty());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.partitionTable(this);
    }

    @Override
    public List<Blob> blobs() {
      return List.of(source);
    }
  }

  /** A post-install script, run in the target root. */
  record Script(String name, Blob script) implements Resource {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.script(this);
    }

    @Override
    public List<Blob> blobs() {
      return List.of(script);
    }
  }
}
