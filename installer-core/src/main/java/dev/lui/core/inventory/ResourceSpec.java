package dev.lui.core.inventory;

import dev.lui.core.domain.Blob;
import java.util.List;
import java.util.Optional;

/**
 * A resource definition as the API receives it. Files are content references ({@link Blob}: a name
 * for people, the SHA-256 and size of bytes uploaded to the content store), never paths on the
 * server: the CLI reads the admin's files and uploads them. {@code packages} lists, for an rpm-list
 * or deb-list, one content per line of the list {@code source}, in order. Which other fields apply
 * depends on {@code type}; see {@code lui define-resource --help}. For an update, absent fields
 * keep the current version's values. {@code specialBits} allows a file's mode to carry setuid,
 * setgid or sticky bits, which are refused otherwise.
 */
public record ResourceSpec(
    String name,
    String type,
    Optional<Blob> source,
    Optional<String> target,
    Optional<String> mode,
    Optional<String> owner,
    Optional<String> directory,
    Optional<Blob> initrd,
    Optional<String> version,
    List<Blob> packages,
    Optional<Boolean> specialBits) {
  /** The fields of a resource in the API and in cluster files, in declaration order. */
  public static final List<String> FIELDS =
      java.util.Arrays.stream(ResourceSpec.class.getRecordComponents())
          .map(java.lang.reflect.RecordComponent::getName)
          .toList();

  public ResourceSpec {
    packages = List.copyOf(packages);
    specialBits = specialBits == null ? Optional.empty() : specialBits;
  }

  /** Whether the admin allowed setuid, setgid and sticky bits in {@code mode}. */
  public boolean allowsSpecialBits() {
    return specialBits.orElse(false);
  }
}
