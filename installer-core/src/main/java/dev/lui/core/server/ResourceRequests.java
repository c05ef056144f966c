package dev.lui.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Blob;
import dev.lui.core.inventory.ResourceSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes resource definitions ({@code POST /api/v1/resources}, {@code PUT /api/v1/resources/NAME})
 * into {@link ResourceSpec}s, with a message that names the field for each thing wrong; in
 * particular a {@code source} that is a server path, as clients before #11 sent, is refused with
 * the reason.
 */
final class ResourceRequests {
  private static final Set<String> FIELDS = Set.copyOf(ResourceSpec.FIELDS);
  private static final Set<String> CONTENT_FIELDS = Set.of("name", "sha256", "size");

  private ResourceRequests() {}

  /**
   * @param pathName the resource named by the URL (an update), whose body may leave out the name
   *     and type
   */
  static ResourceSpec spec(JsonNode body, Optional<String> pathName) {
    if (body == null || !body.isObject()) {
      throw LuiException.invalid("request body", "", "a JSON object with name, type and source");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw LuiException.invalid(
            "request body",
            field,
            "unknown field; a resource has "
                + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    if (pathName.isEmpty()) {
      for (String required : List.of("name", "type")) {
        if (body.has(required) && body.get(required).isNull()) {
          throw LuiException.invalid(required + " is null: required, a string");
        }
      }
    }
    String name = text(body, "name").orElse(pathName.orElse(""));
    if (pathName.isPresent() && !name.equals(pathName.get())) {
      throw LuiException.invalid(
          "name",
          name,
          "the body names another resource than the URL ("
              + LuiException.printable(pathName.get())
              + ")");
    }
    List<Blob> packages = new ArrayList<>();
    JsonNode list = body.path("packages");
    if (!list.isMissingNode() && !list.isNull()) {
      if (!list.isArray()) {
        throw LuiException.invalid(
            "packages",
            list.toString(),
            "a list of {name, sha256, size}, one per line of the list");
      }
      for (int i = 0; i < list.size(); i++) {
        packages.add(content("packages[" + i + "]", list.get(i)));
      }
    }
    return new ResourceSpec(
        name,
        text(body, "type").orElse(""),
        contentField(body, "--source", "source"),
        text(body, "target"),
        text(body, "mode"),
        text(body, "owner"),
        text(body, "directory"),
        contentField(body, "--initrd", "initrd"),
        text(body, "version"),
        packages,
        specialBits(body));
  }

  private static Optional<Boolean> specialBits(JsonNode body) {
    JsonNode v = body.path("specialBits");
    if (v.isMissingNode() || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw LuiException.invalid("specialBits", v.toString(), "true or false");
    }
    return Optional.of(v.asBoolean());
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw LuiException.invalid(field, v.toString(), "a string");
    }
    return Optional.of(v.asText());
  }

  private static Optional<Blob> contentField(JsonNode body, String option, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return Optional.empty();
    }
    if (v.isTextual()) {
      throw LuiException.invalid(
          option,
          v.asText(),
          "the server no longer reads files by path: a resource names content the client uploaded, as {name, sha256, size}"
              + " (PUT /api/v1/content/SHA256). The lui CLI uploads the files you name: upgrade the lui client");
    }
    return Optional.of(content(option, v));
  }

  private static Blob content(String field, JsonNode v) {
    if (!v.isObject()) {
      throw LuiException.invalid(field, v.toString(), "a content reference {name, sha256, size}");
    }
    for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!CONTENT_FIELDS.contains(f)) {
        throw LuiException.invalid(
            field, f, "unknown field; a content reference has name, sha256, size");
      }
    }
    JsonNode size = v.path("size");
    if (!size.isIntegralNumber() || !size.canConvertToLong()) {
      throw LuiException.invalid(
          field + " size", size.toString(), "the file's size in bytes, a whole number");
    }
    return new Blob(v.path("name").asText(""), v.path("sha256").asText(""), size.asLong());
  }
}
