package dev.lui.contract.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing the agent tells the server: a log line, a step starting or ending, the install ending.
 *
 * <p>{@code seq} increases by one per event from 1 for an agent run ({@code runId}); the server
 * ignores an event whose (runId, seq) it already has, so the agent may resend a batch after a
 * network error without duplicating lines.
 *
 * <p>The kind is an open value: a kind this code does not know (from a newer agent) decodes as
 * {@link Kind#OTHER} with its text kept in {@link #kindName()}, so a server can store and show it
 * instead of refusing the whole batch. In JSON it is the one field {@code kind}.
 *
 * <p>A {@code disk-selected} event carries the chosen disk as typed fields ({@link #disk()}); no
 * other known kind carries one. Its {@code text} says the same for people (made from the disk when
 * the event has none); nothing reads it back.
 *
 * @param kindName the kind as written in JSON ({@code "kind"}), e.g. {@code step-started}
 * @param disk the disk of a {@code disk-selected} event
 */
public record AgentEvent(
    String runId,
    long seq,
    Instant time,
    @JsonProperty("kind") String kindName,
    Optional<String> step,
    Optional<String> stream,
    Optional<String> text,
    Optional<Boolean> ok,
    Optional<DiskSelected> disk) {

  public AgentEvent {
    if (kindName == null || kindName.isBlank()) {
      throw new IllegalArgumentException("event kind is missing");
    }
    step = step == null ? Optional.empty() : step;
    stream = stream == null ? Optional.empty() : stream;
    text = text == null ? Optional.empty() : text;
    ok = ok == null ? Optional.empty() : ok;
    disk = disk == null ? Optional.empty() : disk;
    Kind kind = Kind.fromJson(kindName);
    if (kind == Kind.DISK_SELECTED && disk.isEmpty()) {
      throw new IllegalArgumentException(
          "a disk-selected event names its disk (path, sizeBytes, serial, wwn)");
    }
    if (kind != Kind.DISK_SELECTED && kind != Kind.OTHER && disk.isPresent()) {
      throw new IllegalArgumentException(
          "only a disk-selected event carries a disk, not " + kindName);
    }
    if (kind == Kind.DISK_SELECTED && text.isEmpty()) {
      text = Optional.of("selected " + disk.get().describe());
    }
  }

  /** An event without a disk. */
  public AgentEvent(
      String runId,
      long seq,
      Instant time,
      String kindName,
      Optional<String> step,
      Optional<String> stream,
      Optional<String> text,
      Optional<Boolean> ok) {
    this(runId, seq, time, kindName, step, stream, text, ok, Optional.empty());
  }

  /** An event of a known kind, without a disk. */
  public AgentEvent(
      String runId,
      long seq,
      Instant time,
      Kind kind,
      Optional<String> step,
      Optional<String> stream,
      Optional<String> text,
      Optional<Boolean> ok) {
    this(runId, seq, time, Objects.requireNonNull(kind, "kind").json(), step, stream, text, ok);
  }

  /** The select-disk step chose {@code disk}. */
  public static AgentEvent diskSelected(
      String runId, long seq, Instant time, Optional<String> step, DiskSelected disk) {
    return new AgentEvent(
        runId,
        seq,
        time,
        Kind.DISK_SELECTED.json(),
        step,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(disk));
  }

  /** This event with another text (e.g. cut to {@link EventLimits#MAX_TEXT_BYTES}). */
  public AgentEvent withText(Optional<String> newText) {
    return new AgentEvent(runId, seq, time, kindName, step, stream, newText, ok, disk);
  }

  /** What the event is; {@link Kind#OTHER} for a kind this code does not know. */
  public Kind kind() {
    return Kind.fromJson(kindName);
  }

  /** True if this code knows what the event means. */
  public boolean knownKind() {
    return kind() != Kind.OTHER;
  }

  public enum Kind {
    /** A line of output ({@code stream} = stdout/stderr/agent) of the current step. */
    LOG,
    STEP_STARTED,
    /** {@code ok} tells whether it succeeded; {@code text} carries the error when not. */
    STEP_FINISHED,
    /** The whole install ended; {@code ok} and {@code text} as for a step. */
    INSTALL_FINISHED,
    /** The select-disk step chose the disk in {@code disk}. */
    DISK_SELECTED,
    /**
     * A kind this code does not know (sent by a newer agent); its name is in {@link
     * AgentEvent#kindName()}. Never emitted by this agent.
     */
    OTHER;

    /** JSON form: lower-case with dashes, e.g. {@code step-started}. */
    public String json() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind named {@code text}, or {@link #OTHER} for a name this code does not know. */
    public static Kind fromJson(String text) {
      for (Kind k : values()) {
        if (k != OTHER && k.json().equals(text)) {
          return k;
        }
      }
      return OTHER;
    }
  }
}
