package dev.lui.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.contract.AgentJson;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentEventKindTest {
  private final ObjectMapper mapper = AgentJson.newMapper();

  @Test
  void aBatchWithAKindFromANewerAgentDecodesAndKeepsTheKindsText() throws Exception {
    String json = "{\"events\":["
        + "{\"runId\":\"r\",\"seq\":1,\"time\":\"2025-01-01T10:00:00Z\",\"kind\":\"step-started\","
        + "\"step\":\"partition\"},"
        + "{\"runId\":\"r\",\"seq\":2,\"time\":\"2025-01-01T10:00:01Z\",\"kind\":\"disk-health\","
        + "\"step\":\"partition\",\"text\":\"smart ok\"}]}";
    EventBatch batch = mapper.readValue(json, EventBatch.class);
    assertThat(batch.events()).hasSize(2);
    AgentEvent known = batch.events().get(0);
    assertThat(known.kind()).isEqualTo(AgentEvent.Kind.STEP_STARTED);
    assertThat(known.knownKind()).isTrue();
    AgentEvent unknown = batch.events().get(1);
    assertThat(unknown.kind()).isEqualTo(AgentEvent.Kind.OTHER);
    assertThat(unknown.knownKind()).isFalse();
    assertThat(unknown.kindName()).isEqualTo("disk-health");
    assertThat(unknown.text()).contains("smart ok");
    // Written back unchanged, so a relay or a store loses nothing.
    assertThat(mapper.writeValueAsString(unknown)).isEqualTo(
        "{\"runId\":\"r\",\"seq\":2,\"time\":\"2025-01-01T10:00:01Z\",\"kind\":\"disk-health\","
            + "\"step\":\"partition\",\"text\":\"smart ok\"}");
  }

  @Test
  void knownKindsWriteTheirLowerCaseNamesInTheSamePlaceAsBefore() throws Exception {
    AgentEvent e = new AgentEvent("r", 3, Instant.parse("2025-01-01T10:00:00Z"),
        AgentEvent.Kind.INSTALL_FINISHED, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(true));
    assertThat(e.kindName()).isEqualTo("install-finished");
    assertThat(mapper.writeValueAsString(e)).isEqualTo("{\"runId\":\"r\",\"seq\":3,"
        + "\"time\":\"2025-01-01T10:00:00Z\",\"kind\":\"install-finished\",\"ok\":true}");
    assertThat(mapper.readValue(mapper.writeValueAsString(e), AgentEvent.class)).isEqualTo(e);
  }

  @Test
  void anEventWithoutAKindIsStillRefused() {
    assertThatThrownBy(() -> mapper.readValue(
        "{\"runId\":\"r\",\"seq\":1,\"time\":\"2025-01-01T10:00:00Z\"}", AgentEvent.class))
        .hasMessageContaining("kind");
    assertThatThrownBy(() -> mapper.readValue(
        "{\"runId\":\"r\",\"seq\":1,\"time\":\"2025-01-01T10:00:00Z\",\"kind\":\"\"}",
        AgentEvent.class)).hasMessageContaining("kind");
  }

  @Test
  void kindNamesMapBothWays() {
    for (AgentEvent.Kind k : AgentEvent.Kind.values()) {
      if (k != AgentEvent.Kind.OTHER) {
        assertThat(AgentEvent.Kind.fromJson(k.json())).isEqualTo(k);
      }
    }
    assertThat(AgentEvent.Kind.fromJson("STEP-STARTED")).isEqualTo(AgentEvent.Kind.OTHER);
    assertThat(AgentEvent.Kind.fromJson("other")).isEqualTo(AgentEvent.Kind.OTHER);
  }
}
