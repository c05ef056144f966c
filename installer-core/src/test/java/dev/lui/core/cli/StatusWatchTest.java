package dev.lui.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The watch view of a wave's nodes (#14): waiting, booting, and a paused wave's reason. */
class StatusWatchTest {
  private static JsonNode json(String text) throws Exception {
    return Json.json().readTree(text.replace('\'', '"'));
  }

  @Test
  void showsWaitingAndBootingNodesAndWhyTheirWaveIsPaused() throws Exception {
    JsonNode nodes =
        json(
            "[{'name':'n01','state':'defined','armed':true,'wave':'w-1','waiting':false,"
                + "'poweredOn':'2026-12-01T10:00:00Z'},"
                + "{'name':'n02','state':'defined','armed':true,'wave':'w-1','waiting':true},"
                + "{'name':'n03','state':'defined','armed':true,'wave':'w-1','waiting':true}]");
    JsonNode waves =
        json(
            "[{'id':'w-1','paused':'no boot file served to n01 within 5m of power-on'},"
                + "{'id':'w-2'}]");

    StatusWatch.Frame frame = StatusWatch.of(nodes, waves, Instant.parse("2026-12-01T10:06:00Z"));

    assertThat(frame.sets())
        .containsExactly(
            "booting (1): n01",
            "waiting (2): n02,n03",
            "wave w-1 paused: no boot file served to n01 within 5m of power-on");
    assertThat(frame.summary())
        .startsWith("3 waiting, 0 installing, 0 installed/verified, 0 failed, 1 wave paused");
    assertThat(frame.done()).isFalse();
  }
}
