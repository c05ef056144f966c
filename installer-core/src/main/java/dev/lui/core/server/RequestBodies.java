package dev.lui.core.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.contract.event.EventLimits;
import dev.lui.core.ErrorKind;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every request body the API reads comes through here, in this order: the Content-Type must say
 * JSON (415), the body is read through one bounded reader that stops at the route's limit whether
 * the client sent a Content-Length or chunks (413), it is parsed strictly (one value, no duplicate
 * keys; 400), its shape is checked against the type it becomes ({@link JsonShape}; 400 naming the
 * field), and only then bound. Nothing is decoded before the caller authenticated.
 */
public final class RequestBodies {
  private RequestBodies() {}

  /** Admin JSON bodies. */
  public static final long DEFAULT_LIMIT = 1L << 20;

  /** {@code POST /api/v1/nodes}: a batch of well over 10,000 nodes fits. */
  public static final long NODE_BATCH_LIMIT = 64L << 20;

  /** {@code POST /api/v1/agent/NODE/events}: what the agent keeps its batches under. */
  public static final long AGENT_EVENTS_LIMIT = EventLimits.MAX_REQUEST_BYTES;

  /** The body as {@code type}: JSON, at most {@code limit} bytes, every required field there. */
  public static <T> T json(Context ctx, Class<T> type, long limit) {
    requireJson(ctx.header("Content-Type"));
    byte[] body = read(ctx, limit);
    JsonNode tree;
    // JSON on the wire is UTF-8 (RFC 8259): decoded strictly, so no other encoding is guessed.
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (Reader in = new InputStreamReader(new ByteArrayInputStream(body), utf8)) {
      tree = Json.json().readTree(in);
    } catch (JsonProcessingException e) {
      throw LuiException.invalid(
          "request body: not valid JSON: " + LuiException.printable(e.getOriginalMessage()));
    } catch (CharacterCodingException e) {
      throw LuiException.invalid("request body: not UTF-8 (JSON is UTF-8)");
    } catch (IOException e) {
      throw LuiException.invalid(
          "request body: cannot be read: "
              + LuiException.printable(String.valueOf(e.getMessage())));
    }
    if (tree == null || tree.isMissingNode()) {
      throw LuiException.invalid("request body is empty: this call takes JSON");
    }
    if (type == JsonNode.class && !tree.isObject()) {
      throw LuiException.invalid("request body must be a JSON object");
    }
    String root = type.isArray() ? lastSegment(ctx.path()) : "";
    JsonShape.check(tree, type, root);
    try {
      T value = Json.json().treeToValue(tree, type);
      JsonShape.checkBound(value, type, root);
      return value;
    } catch (JsonMappingException e) {
      String at = path(e);
      throw LuiException.invalid(
          (at.isEmpty() ? "request body" : at)
              + ": "
              + LuiException.printable(e.getOriginalMessage()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw LuiException.invalid(
          "request body: " + LuiException.printable(String.valueOf(e.getMessage())));
    }
  }

  /** JSON endpoints take {@code application/json}, in UTF-8 (the default) if a charset is named. */
  static void requireJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new LuiException(
          ErrorKind.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type is missing: this call takes application/json");
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
      throw new LuiException(
          ErrorKind.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type '"
              + LuiException.printable(contentType)
              + "': this call takes application/json");
    }
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].trim().split("=", 2);
      if (kv[0].trim().equalsIgnoreCase("charset")) {
        String charset = kv.length < 2 ? "" : kv[1].trim().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          throw new LuiException(
              ErrorKind.UNSUPPORTED_MEDIA_TYPE,
              "Content-Type '"
                  + LuiException.printable(contentType)
                  + "': JSON is UTF-8, not "
                  + LuiException.printable(charset));
        }
      }
    }
  }

  /** The raw body, refused (413) once past {@code limit} bytes, however it was sent. */
  static byte[] read(Context ctx, long limit) {
    String route = ctx.method() + " " + ctx.path();
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(route, limit, declared + " bytes");
    }
    try {
      return readAtMost(ctx.req().getInputStream(), limit, () -> tooLarge(route, limit, "more"));
    } catch (IOException e) {
      throw LuiException.invalid(
          "request body: cannot be read: "
              + LuiException.printable(String.valueOf(e.getMessage())));
    }
  }

  /**
   * Reads {@code in} to its end, but never more than {@code limit + 1} bytes: one byte past the
   * limit and it throws {@code tooLarge}'s exception. The stream's own framing (Content-Length,
   * chunked) does not matter.
   */
  static byte[] readAtMost(InputStream in, long limit, Supplier<LuiException> tooLarge)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit + 1, 64 * 1024));
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    while (true) {
      int want = (int) Math.min(buffer.length, limit + 1 - total);
      int n = in.read(buffer, 0, want);
      if (n < 0) {
        return out.toByteArray();
      }
      total += n;
      if (total > limit) {
        throw tooLarge.get();
      }
      out.write(buffer, 0, n);
    }
  }

  private static LuiException tooLarge(String route, long limit, String got) {
    return new LuiException(
        ErrorKind.TOO_LARGE,
        "request body too large: "
            + route
            + " takes at most "
            + size(limit)
            + " ("
            + limit
            + " bytes), this one has "
            + got);
  }

  /** {@code 1 MiB}, {@code 8 KiB} or bytes. */
  static String size(long bytes) {
    if (bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes % 1024 == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " bytes";
  }

  /**
   * A list of strings in a JSON object (absent: empty); anything else is a 400 naming the field.
   */
  public static List<String> strings(JsonNode body, String field) {
    JsonNode array = body.path(field);
    if (array.isMissingNode() || array.isNull()) {
      return List.of();
    }
    JsonShape.check(array, String[].class, field);
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /**
   * An optional string in a JSON object; a number, list or object there is a 400 naming the field.
   */
  public static Optional<String> text(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return Optional.empty();
    }
    JsonShape.check(v, String.class, field);
    return Optional.of(v.asText());
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Where in the body Jackson failed, as {@code events[3].time}. */
  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return LuiException.printable(out.toString());
  }
}
