package dev.lui.core.domain;

import dev.lui.core.LuiException;
import dev.lui.core.WireNames;
import java.time.Instant;

/**
 * One version of a resource. {@code lui define-resource} makes version 1, each {@code lui
 * update-resource} the next; the highest is current, and the only one plans use. The store keeps
 * every version.
 */
public record ResourceVersion(Resource resource, int version, Instant created, Status status) {

  /** Whether the version's files are in the content store. */
  public enum Status {
    /** Every file is in the content store. */
    READY,
    /**
     * Defined before #11 from files on the server: the next server start imports each file whose
     * SHA-256 still matches into the content store.
     */
    IMPORT,
    /**
     * A file of a version defined before #11 was gone or had changed at the import: nodes cannot
     * get it, and the admin makes a new version with {@code lui update-resource}.
     */
    NEEDS_UPDATE;

    public String wireName() {
      return WireNames.of(this);
    }

    public static Status fromWire(String text) {
      return WireNames.find(Status.class, text)
          .orElseThrow(
              () ->
                  LuiException.failed(
                      "store: unknown resource version status '"
                          + LuiException.printable(text)
                          + "'"));
    }
  }

  public String name() {
    return resource.name();
  }

  public ResourceVersion withStatus(Status newStatus) {
    return new ResourceVersion(resource, version, created, newStatus);
  }
}
