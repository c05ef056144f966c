package dev.lui.core.inventory;

import dev.lui.core.store.Store;
import java.util.function.Supplier;

/**
 * How inventory changes reach the files lui publishes (DHCP/BOOTP, boot entries, node roots,
 * exports, DNS). {@link #commit} runs the change in one store transaction and stages the files it
 * implies before the commit (so a file that cannot be written fails the change: nothing kept,
 * nothing published); they are put in place only after the store committed.
 */
public interface Publication {

  /** A transaction's result and the nodes it touched. */
  record Outcome<T>(T value, Change change) {
    public static <T> Outcome<T> of(T value, Change change) {
      return new Outcome<>(value, change);
    }
  }

  <T> T commit(Store store, Supplier<Outcome<T>> work);

  /**
   * Puts in place the files of {@code change}, whose store change has committed already, and
   * returns when they are. For frequent changes (installs ending: a rack finishes within minutes) a
   * publisher may stage many callers' changes at once. Files that cannot follow are the publisher's
   * to report (the store keeps the change); this does not throw for them.
   */
  default void follow(Store store, Change change) {
    commit(store, () -> Outcome.of(null, change));
  }

  /** Publishes nothing: only the store changes (tests of business rules). */
  Publication NONE =
      new Publication() {
        @Override
        public <T> T commit(Store store, Supplier<Outcome<T>> work) {
          return store.transaction(() -> work.get().value());
        }
      };
}
