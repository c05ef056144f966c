package dev.lui.agent.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One thing the agent tells the server: a log line, a step starting or ending, the install ending.
 *
 * <p>{@code seq} increases by one per event from 1 for an agent run ({@code runId}); the server
 * ignores an event whose (runId, seq) it already has, so the agent may resend a batch after a
 * network error without duplicating lines.
 */
public record AgentEvent(
    String runId,
    long seq,
    Instant time,
    Kind kind,
    Optional<String> step,
    Optional<String> stream,
    Optional<String> text,
    Optional<Boolean> ok) {

  public enum Kind {
    /** A line of output ({@code stream} = stdout/stderr/agent) of the current step. */
    LOG,
    STEP_STARTED,
    /** {@code ok} tells whether it succeeded; {@code text} carries the error when not. */
    STEP_FINISHED,
    /** The whole install ended; {@code ok} and {@code text} as for a step. */
    INSTALL_FINISHED;

    /** JSON form: lower-case with dashes, e.g. {@code step-started}. */
    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Kind fromJson(String text) {
      for (Kind k : values()) {
        if (k.json().equals(text)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "event kind '" + text + "' is not one of log, step-started, step-finished,"
              + " install-finished");
    }
  }
}
