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
    String json =
        "{\"events\":["
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
    assertThat(mapper.writeValueAsString(unknown))
        .isEqualTo(
            "{\"runId\":\"r\",\"seq\":2,\"time\":\"2025-01-01T10:00:01Z\",\"kind\":\"disk-health\","
                + "\"step\":\"partition\",\"text\":\"smart ok\"}");
  }

  @Test
  void knownKindsWriteTheirLowerCaseNamesInTheSamePlaceAsBefore() throws Exception {
    AgentEvent e =
        new AgentEvent(
            "r",
            3,
            Instant.parse("2025-01-01T10:00:00Z"),
            AgentEvent.Kind.INSTALL_FINISHED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(true));
    assertThat(e.kindName()).isEqualTo("install-finished");
    assertThat(mapper.writeValueAsString(e))
        .isEqualTo(
            "{\"runId\":\"r\",\"seq\":3,"
                + "\"time\":\"2025-01-01T10:00:00Z\",\"kind\":\"install-finished\",\"ok\":true}");
    assertThat(mapper.readValue(mapper.writeValueAsString(e), AgentEvent.class)).isEqualTo(e);
  }

  @Test
  void anEventWithoutAKindIsStillRefused() {
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    "{\"runId\":\"r\",\"seq\":1,\"time\":\"2025-01-01T10:00:00Z\"}",
                    AgentEvent.class))
        .hasMessageContaining("kind");
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    "{\"runId\":\"r\",\"seq\":1,\"time\":\"2025-01-01T10:00:00Z\",\"kind\":\"\"}",
                    AgentEvent.class))
        .hasMessageContaining("kind");
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

  @Test
  void aDiskSelectedEventCarriesItsDiskAsTypedFields() throws Exception {
    DiskSelected disk =
        new DiskSelected("/dev/sda", Optional.of("S3Z1"), Optional.of("0x5002"), 256060514304L);
    AgentEvent e =
        AgentEvent.diskSelected(
            "r", 4, Instant.parse("2025-01-01T10:00:00Z"), Optional.of("select-disk"), disk);
    assertThat(e.kind()).isEqualTo(AgentEvent.Kind.DISK_SELECTED);
    String json = mapper.writeValueAsString(e);
    assertThat(json)
        .isEqualTo(
            "{\"runId\":\"r\",\"seq\":4,\"time\":\"2025-01-01T10:00:00Z\","
                + "\"kind\":\"disk-selected\",\"step\":\"select-disk\","
                + "\"text\":\"selected /dev/sda (serial S3Z1, wwn 0x5002, 256060514304 bytes)\","
                + "\"disk\":{\"path\":\"/dev/sda\",\"serial\":\"S3Z1\",\"wwn\":\"0x5002\",\"sizeBytes\":256060514304}}");
    AgentEvent back = mapper.readValue(json, AgentEvent.class);
    assertThat(back).isEqualTo(e);
    assertThat(back.disk().orElseThrow().identity())
        .isEqualTo(
            new dev.lui.contract.disk.DiskIdentity(
                Optional.of("S3Z1"), Optional.of("0x5002"), 256060514304L));
    // A loop or virtual disk has neither serial nor WWN: only path and size are sent.
    assertThat(
            mapper.writeValueAsString(
                new DiskSelected("/dev/loop0", Optional.empty(), Optional.empty(), 1 << 27)))
        .isEqualTo("{\"path\":\"/dev/loop0\",\"sizeBytes\":134217728}");
  }

  @Test
  void aDiskSelectedEventWithoutADiskOrWithABadOneIsRefused() {
    String head =
        "{\"runId\":\"r\",\"seq\":1,\"time\":\"2025-01-01T10:00:00Z\",\"kind\":\"disk-selected\"";
    assertThatThrownBy(() -> mapper.readValue(head + "}", AgentEvent.class))
        .hasMessageContaining("names its disk");
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    head + ",\"disk\":{\"path\":\"/dev/sda\",\"sizeBytes\":0}}", AgentEvent.class))
        .hasMessageContaining("disk.sizeBytes '0'");
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    head + ",\"disk\":{\"path\":\"sda\",\"sizeBytes\":1}}", AgentEvent.class))
        .hasMessageContaining("disk.path 'sda'");
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    head
                        + ",\"disk\":{\"path\":\"/dev/sda\",\"serial\":\"S\\u001b[2J\",\"sizeBytes\":1}}",
                    AgentEvent.class))
        .hasMessageContaining("disk.serial 'S\\x1b[2J'");
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    head + ",\"disk\":{\"path\":\"/dev/sda\",\"sizeBytes\":1,\"model\":\"X\"}}",
                    AgentEvent.class))
        .hasMessageContaining("model");
  }

  @Test
  void onlyADiskSelectedEventCarriesADisk() {
    DiskSelected disk = new DiskSelected("/dev/sda", Optional.empty(), Optional.empty(), 1);
    assertThatThrownBy(
            () ->
                new AgentEvent(
                    "r",
                    1,
                    Instant.EPOCH,
                    "log",
                    Optional.empty(),
                    Optional.of("agent"),
                    Optional.of("x"),
                    Optional.empty(),
                    Optional.of(disk)))
        .hasMessageContaining("only a disk-selected event carries a disk");
    // A kind this code does not know keeps whatever it carries.
    assertThat(
            new AgentEvent(
                    "r",
                    1,
                    Instant.EPOCH,
                    "disk-smart",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(disk))
                .disk())
        .contains(disk);
  }

  @Test
  void cuttingTheTextKeepsTheDisk() {
    DiskSelected disk = new DiskSelected("/dev/sda", Optional.empty(), Optional.empty(), 1);
    AgentEvent e = AgentEvent.diskSelected("r", 1, Instant.EPOCH, Optional.empty(), disk);
    assertThat(e.withText(Optional.of("short")).disk()).contains(disk);
  }
}
