package dev.lui.core.store;

import dev.lui.contract.disk.DiskIdentity;
import dev.lui.core.WireNames;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One agent run, opened by the server when an armed node's agent fetches its plan. Events are
 * accepted only for runs the server issued under the node's current arming; a rehearsal ({@code
 * lui-agent --dry-run}) is recorded like an install but never changes the node's state.
 *
 * @param armId the arming the run belongs to (see {@code InstallStatus#armId})
 * @param disk the disk the run's agent selected (its {@code disk-selected} event), recorded as the
 *     node's disk if this run ends the install successfully
 */
public record Run(
    String id,
    String node,
    String armId,
    Kind kind,
    Instant opened,
    Optional<Instant> ended,
    Optional<Boolean> ok,
    Optional<DiskIdentity> disk) {

  public enum Kind {
    INSTALL,
    REHEARSAL;

    public String wireName() {
      return WireNames.of(this);
    }

    public static Kind fromWire(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  public static Run open(String id, String node, String armId, Kind kind, Instant now) {
    return new Run(
        id, node, armId, kind, now, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public Run ended(boolean success, Instant now) {
    return new Run(id, node, armId, kind, opened, Optional.of(now), Optional.of(success), disk);
  }

  public Run withDisk(DiskIdentity selected) {
    return new Run(id, node, armId, kind, opened, ended, ok, Optional.of(selected));
  }

  public boolean isRehearsal() {
    return kind == Kind.REHEARSAL;
  }
}
