package dev.lui.core.settings;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The settings file ({@code --config}, default {@code /etc/lui/lui.yaml} when it exists), read by
 * Jackson into a {@link ServerSettings}: unknown keys are refused, naming the nearest known one; a
 * list key also takes a single value ({@code kernel-arg: console=ttyS0}).
 */
public final class SettingsFile {
  private SettingsFile() {}

  private static final ObjectMapper MAPPER =
      Json.yaml()
          .copy()
          .setDefaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

  /** The file named by {@code --config}, else the default file if it exists, else nothing set. */
  public static ServerSettings read(Optional<Path> given, Path defaultFile) {
    Path path = given.orElse(defaultFile);
    if (!Files.exists(path)) {
      if (given.isPresent()) {
        throw LuiException.invalid("--config", path.toString(), "no such file");
      }
      return SettingsTable.EMPTY;
    }
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw LuiException.invalid("--config", path.toString(), "cannot read it: " + e.getMessage());
    }
    return parse(path.toString(), text);
  }

  /** {@code text} as settings; errors name {@code source}, the key and the rule. */
  public static ServerSettings parse(String source, String text) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(text);
    } catch (IOException e) {
      throw LuiException.invalid("--config", source, "cannot read it as YAML: " + firstLine(e));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return SettingsTable.EMPTY; // only comments
    }
    if (!tree.isObject()) {
      throw LuiException.invalid(
          "--config", source, "a YAML mapping of settings, like 'http: 0.0.0.0:8080'");
    }
    try {
      ServerSettings read = MAPPER.treeToValue(tree, ServerSettings.class);
      // Whatever Jackson left null (an explicit null inside a map) is "not set".
      return SettingsTable.build(r -> r.valueOf(read));
    } catch (UnrecognizedPropertyException e) {
      throw unknown(source, e);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof LuiException le) {
        throw le;
      }
      throw LuiException.invalid(source, path(e, "."), "cannot read it: " + firstLine(e));
    } catch (JsonMappingException e) {
      String key = path(e, ".");
      JsonNode value = tree.at("/" + path(e, "/"));
      String form =
          SettingsTable.row(e.getPath().get(0).getFieldName())
              .map(r -> r.isBoolean() ? "true or false" : SettingsDocs.valueForm(r))
              .orElse("its form in docs/settings.md");
      throw LuiException.invalid(
          source + ": " + key,
          value.isValueNode() ? value.asText() : value.toString(),
          "write " + form + " (see docs/settings.md)");
    } catch (JsonProcessingException e) {
      throw LuiException.invalid("--config", source, "cannot read it: " + firstLine(e));
    }
  }

  private static LuiException unknown(String source, UnrecognizedPropertyException e) {
    String key = e.getPropertyName();
    List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
    if (e.getPath().size() > 1) { // inside a map: dhcp-backend-settings.kea.KEY
      String where =
          e.getPath().stream()
              .limit(e.getPath().size() - 1L)
              .map(r -> r.getFieldName())
              .collect(Collectors.joining("."));
      return LuiException.invalid(where, key, "one of " + String.join(", ", known));
    }
    return LuiException.invalid(
        source,
        key,
        "unknown setting; did you mean '"
            + nearest(key, SettingsTable.keys())
            + "'? settings are "
            + String.join(", ", SettingsTable.keys().stream().sorted().toList()));
  }

  /** The known key fewest edits away from {@code key}. */
  static String nearest(String key, Collection<String> known) {
    return known.stream()
        .min(Comparator.comparingInt((String k) -> distance(key, k)).thenComparing(k -> k))
        .orElse("");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  private static String path(JsonMappingException e, String separator) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
        .collect(Collectors.joining(separator));
  }

  private static String firstLine(Exception e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
  }
}
