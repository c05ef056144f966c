package dev.lui.core.settings;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.lui.core.Json;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The table of server settings, read from the {@link Setting} declarations on {@link
 * ServerSettings}: one row per key, in declaration order. Flags ({@link SettingsFlags}), the
 * settings file ({@link SettingsFile}), docs/settings.md and the example settings file ({@link
 * SettingsDocs}) all come from it.
 */
public final class SettingsTable {
  private SettingsTable() {}

  /**
   * One setting.
   *
   * @param key its key in the settings file; {@code --KEY} is its flag
   */
  public record Row(String key, RecordComponent component, Setting setting) {
    public String flag() {
      return "--" + key;
    }

    /** The type inside {@code Optional}, or the element type of a list. */
    Class<?> valueType() {
      return (Class<?>) typeArguments()[0];
    }

    Type[] typeArguments() {
      return ((ParameterizedType) component.getGenericType()).getActualTypeArguments();
    }

    public boolean isBoolean() {
      return component.getType() == Optional.class && valueType() == Boolean.class;
    }

    public boolean isList() {
      return component.getType() == List.class;
    }

    public boolean isMap() {
      return component.getType() == Map.class;
    }

    /** The default as the docs show it: the YAML value, or the words for a derived one. */
    public Optional<String> defaultText() {
      if (!setting.defaultValue().isEmpty()) {
        return Optional.of(setting.defaultValue());
      }
      return setting.defaultText().isEmpty()
          ? Optional.empty()
          : Optional.of(setting.defaultText());
    }

    Object valueOf(ServerSettings s) {
      try {
        return component.getAccessor().invoke(s);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read setting " + key, e);
      }
    }

    /** The value of a setting nobody set: empty of its kind. */
    Object empty() {
      return isList() ? List.of() : isMap() ? Map.of() : Optional.empty();
    }
  }

  private static final PropertyNamingStrategies.KebabCaseStrategy KEBAB =
      new PropertyNamingStrategies.KebabCaseStrategy();

  /** Every setting, in declaration order. */
  public static final List<Row> ROWS =
      Arrays.stream(ServerSettings.class.getRecordComponents())
          .map(c -> new Row(KEBAB.translate(c.getName()), c, c.getAnnotation(Setting.class)))
          .toList();

  /** Nothing set. */
  public static final ServerSettings EMPTY = build(Row::empty);

  /** Every {@link Setting#defaultValue()}, read as YAML into its setting's type. */
  public static final ServerSettings DEFAULTS = build(SettingsTable::defaultValue);

  public static List<String> keys() {
    return ROWS.stream().map(Row::key).toList();
  }

  public static Optional<Row> row(String key) {
    return ROWS.stream().filter(r -> r.key().equals(key)).findFirst();
  }

  /** Each setting from {@code top} where it is set there, else from {@code bottom}. */
  public static ServerSettings over(ServerSettings top, ServerSettings bottom) {
    return build(
        r -> {
          Object value = r.valueOf(top);
          return isSet(value) ? value : r.valueOf(bottom);
        });
  }

  /** Whether a setting's value says something: a value present, a list or map not empty. */
  public static boolean isSet(Object value) {
    return value instanceof Optional<?> o
        ? o.isPresent()
        : value instanceof Collection<?> c ? !c.isEmpty() : !((Map<?, ?>) value).isEmpty();
  }

  /** A {@link ServerSettings} with each row's value from {@code valueOf} (never null). */
  static ServerSettings build(Function<Row, Object> valueOf) {
    Object[] values = new Object[ROWS.size()];
    Class<?>[] types = new Class<?>[ROWS.size()];
    for (int i = 0; i < values.length; i++) {
      Row r = ROWS.get(i);
      Object v = valueOf.apply(r);
      values[i] = v == null ? r.empty() : v;
      types[i] = r.component().getType();
    }
    try {
      Constructor<ServerSettings> canonical = ServerSettings.class.getDeclaredConstructor(types);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build the server settings", e);
    }
  }

  private static Object defaultValue(Row r) {
    if (r.setting().defaultValue().isEmpty()) {
      return r.empty();
    }
    try {
      return Json.yaml()
          .readerFor(Json.yaml().constructType(r.component().getGenericType()))
          .readValue(r.setting().defaultValue());
    } catch (IOException e) {
      throw new IllegalStateException("the default of setting " + r.key() + " is not its type", e);
    }
  }

  static List<Row> withFlags() {
    List<Row> out = new ArrayList<>();
    ROWS.stream().filter(r -> !r.setting().fileOnly()).forEach(out::add);
    return out;
  }
}
