package dev.lui.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.contract.event.EventBatch;
import dev.lui.core.ErrorKind;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.inventory.NodeSpec;
import dev.lui.core.inventory.ResourceSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodiesTest {
  static final LuiException TOO_LARGE = new LuiException(ErrorKind.TOO_LARGE, "too large");

  /** Hands out a few bytes per read, as a chunked body arrives. */
  static InputStream trickle(byte[] data) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 7));
      }
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1023, 1024})
  void readsABodyUpToTheLimit(int size) throws IOException {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) 'x');
    assertThat(RequestBodies.readAtMost(trickle(body), 1024, () -> TOO_LARGE)).isEqualTo(body);
  }

  @Test
  void refusesOneBytePastTheLimitHoweverTheBodyArrives() {
    assertThatThrownBy(
            () -> RequestBodies.readAtMost(trickle(new byte[1025]), 1024, () -> TOO_LARGE))
        .isSameAs(TOO_LARGE);
    assertThatThrownBy(
            () ->
                RequestBodies.readAtMost(
                    new ByteArrayInputStream(new byte[1025]), 1024, () -> TOO_LARGE))
        .isSameAs(TOO_LARGE);
  }

  @Test
  void stopsReadingAnEndlessBodyAtTheLimit() {
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 'x';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 'x');
            return len;
          }
        };
    assertThatThrownBy(() -> RequestBodies.readAtMost(endless, 1 << 20, () -> TOO_LARGE))
        .isSameAs(TOO_LARGE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=\"UTF-8\""
      })
  void takesJsonInUtf8(String type) {
    assertThatCode(() -> RequestBodies.requireJson(type)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "text/plain                        | Content-Type 'text/plain': this call takes application/json",
        "application/x-www-form-urlencoded | Content-Type 'application/x-www-form-urlencoded': this call takes application/json",
        "application/jsonp                 | Content-Type 'application/jsonp': this call takes application/json",
        "application/json; charset=latin1  | Content-Type 'application/json; charset=latin1': JSON is UTF-8, not latin1",
      })
  void refusesOtherContentTypesWith415(String type, String message) {
    assertThatThrownBy(() -> RequestBodies.requireJson(type))
        .isInstanceOf(LuiException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((LuiException) e).kind().httpStatus()).isEqualTo(415));
  }

  @Test
  void aMissingContentTypeIs415Too() {
    assertThatThrownBy(() -> RequestBodies.requireJson(null))
        .hasMessage("Content-Type is missing: this call takes application/json");
  }

  @Test
  void sizesReadAsPeopleWriteThem() {
    assertThat(RequestBodies.size(1 << 20)).isEqualTo("1 MiB");
    assertThat(RequestBodies.size(64L << 20)).isEqualTo("64 MiB");
    assertThat(RequestBodies.size(8192)).isEqualTo("8 KiB");
    assertThat(RequestBodies.size(1000)).isEqualTo("1000 bytes");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[{\"name\":null,\"mac\":\"m\",\"ip\":\"i\",\"netmask\":\"n\",\"groups\":[],\"resources\":[]}] | nodes[0].name is null: required, a string",
        "[{\"name\":\"n\",\"mac\":null,\"ip\":\"i\",\"netmask\":\"n\",\"groups\":[],\"resources\":[]}]  | nodes[0].mac is null: required, a string",
        "[{\"name\":\"n\",\"mac\":\"m\",\"netmask\":\"n\",\"groups\":[],\"resources\":[]}]              | nodes[0].ip is missing: required, a string",
        "[{\"name\":5,\"mac\":\"m\",\"ip\":\"i\",\"netmask\":\"n\",\"groups\":[],\"resources\":[]}]    | nodes[0].name '5': must be a string",
        "[{\"name\":\"n\",\"mac\":\"m\",\"ip\":\"i\",\"netmask\":\"n\",\"groups\":[null],\"resources\":[]}] | nodes[0].groups[0] is null: required, a string",
        "[{\"name\":\"n\",\"mac\":\"m\",\"ip\":\"i\",\"netmask\":\"n\",\"groups\":\"g\",\"resources\":[]}] | nodes[0].groups '\"g\"': must be a list of strings",
        "[null]                                                                                     | nodes[0] is null: required, an object",
        "{\"name\":\"n\"}                                                                           | nodes '{...}': must be a list of objects",
      })
  void aNodeBatchWithAMissingNullOrMistypedFieldNamesIt(String body, String message)
      throws Exception {
    JsonNode tree = Json.json().readTree(body);
    assertThatThrownBy(() -> JsonShape.check(tree, NodeSpec[].class, "nodes"))
        .isInstanceOf(LuiException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.INVALID_INPUT));
  }

  @Test
  void aTargetListWithNullNamesTheElement() throws Exception {
    assertThatThrownBy(
            () ->
                JsonShape.check(Json.json().readTree("[\"n01\", null]"), String[].class, "install"))
        .hasMessage("install[1] is null: required, a string");
  }

  @Test
  void anEventWithoutTimeNamesTheField() throws Exception {
    JsonNode tree =
        Json.json()
            .readTree(
                "{\"events\":[{\"runId\":\"r\",\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\",\"kind\":\"log\"},"
                    + "{\"runId\":\"r\",\"seq\":2,\"kind\":\"log\"}]}");
    assertThatThrownBy(() -> JsonShape.check(tree, EventBatch.class, ""))
        .hasMessage("events[1].time is missing: required, a time like 2026-01-31T12:00:00Z");
  }

  @Test
  void aRequiredFieldJacksonReadsAsNullIsRefusedAfterBinding() throws Exception {
    JsonNode tree =
        Json.json()
            .readTree("{\"events\":[{\"runId\":\"r\",\"seq\":1,\"time\":\" \",\"kind\":\"log\"}]}");
    JsonShape.check(tree, EventBatch.class, "");
    EventBatch bound = Json.json().treeToValue(tree, EventBatch.class);
    assertThatThrownBy(() -> JsonShape.checkBound(bound, EventBatch.class, ""))
        .isInstanceOf(LuiException.class)
        .hasMessage("events[0].time is empty: required, a time like 2026-01-31T12:00:00Z");
  }

  @Test
  void anEventsKindIsCheckedUnderItsJsonName() throws Exception {
    JsonNode tree =
        Json.json()
            .readTree(
                "{\"events\":[{\"runId\":\"r\",\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\",\"kind\":null}]}");
    assertThatThrownBy(() -> JsonShape.check(tree, EventBatch.class, ""))
        .hasMessage("events[0].kind is null: required, a string");
  }

  @Test
  void optionalFieldsMayBeAbsentOrNullButNotMistyped() throws Exception {
    assertThatCode(
            () ->
                JsonShape.check(
                    Json.json()
                        .readTree(
                            "{\"name\":\"r\",\"type\":\"file\",\"target\":null,\"packages\":[]}"),
                    ResourceSpec.class,
                    ""))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                JsonShape.check(
                    Json.json()
                        .readTree("{\"name\":\"r\",\"type\":\"file\",\"target\":[\"/etc\"]}"),
                    ResourceSpec.class,
                    ""))
        .hasMessage("target '[...]': must be a string");
    assertThatThrownBy(
            () -> JsonShape.check(Json.json().readTree("{\"name\":\"r\"}"), ResourceSpec.class, ""))
        .hasMessage("type is missing: required, a string");
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    assertThatThrownBy(() -> Json.json().readTree("{\"name\":\"a\",\"name\":\"b\"}"))
        .hasMessageContaining("Duplicate field 'name'");
    assertThatThrownBy(() -> Json.yaml().readTree("name: a\nname: b\n"))
        .hasMessageContaining("Duplicate field 'name'");
  }
}
