package dev.lui.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.core.LuiException;

/** JSON columns of the store (resources, disk identities, ssh host keys). */
final class JsonColumns {
  private final ObjectMapper json;

  JsonColumns(ObjectMapper json) {
    this.json = json;
  }

  String encode(Object value, String what) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw LuiException.failed("store: cannot encode " + what, e);
    }
  }

  <T> T decode(String text, Class<T> type, String what) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      // The message, not the text: a row may hold secrets (ssh host keys).
      throw LuiException.failed("store: unreadable " + what + ": " + e.getOriginalMessage(), null);
    }
  }
}
