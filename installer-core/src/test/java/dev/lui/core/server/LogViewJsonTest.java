package dev.lui.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API's log event is the stored event's fields, flat, then {@code rehearsal}. */
class LogViewJsonTest {
  @Test
  void aLogEventIsTheEntrysFieldsInOrderThenRehearsal() {
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    LogEntry e =
        new LogEntry(
            7,
            "n01",
            "run-1",
            3,
            t,
            "step",
            Optional.of("partition"),
            Optional.of("stdout"),
            Optional.of("ok"),
            Optional.of(true));
    Run dryRun = Run.open("run-1", "n01", "arm", Run.Kind.REHEARSAL, t);

    JsonNode json = Json.json().valueToTree(Views.LogView.of(e, Optional.of(dryRun)));

    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(String.join(",", names))
        .isEqualTo("id,node,runId,seq,time,kind,step,stream,text,ok,rehearsal");
    assertThat(json.path("step").asText()).isEqualTo("partition");
    assertThat(json.path("rehearsal").asBoolean()).isTrue();
  }
}
