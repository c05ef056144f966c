package dev.lui.core.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.LuiException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a decoded JSON tree against the record type it is about to become, before Jackson binds
 * it: every field that is not {@code Optional} is present and not null, strings are strings, lists
 * are lists and objects are objects. So {@code null} where a name belongs is a 400 naming the field
 * ({@code nodes[2].mac is null: required, a string}) instead of a NullPointerException deep in a
 * validator, and {@code "name": 5} is refused instead of read as "5". Values inside (numbers,
 * instants, booleans) are left to Jackson, whose errors are 400s too.
 */
final class JsonShape {
  private JsonShape() {}

  /**
   * @param path the name of the whole body in messages: empty for an object (its fields name
   *     themselves), e.g. {@code nodes} for a list
   */
  static void check(JsonNode node, Type type, String path) {
    Class<?> raw = raw(type);
    if (node == null || node.isMissingNode() || node.isNull()) {
      if (raw == Optional.class) {
        return;
      }
      String what = node == null || node.isMissingNode() ? " is missing" : " is null";
      throw LuiException.invalid(name(path) + what + ": required, " + hint(type));
    }
    if (raw == Optional.class) {
      check(node, argument(type), path);
    } else if (raw == String.class) {
      expect(node.isTextual(), node, type, path);
    } else if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
      expect(node.isArray(), node, type, path);
      Type element = raw.isArray() ? element(type) : argument(type);
      int i = 0;
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); i++) {
        check(it.next(), element, path + "[" + i + "]");
      }
    } else if (raw.isRecord()) {
      expect(node.isObject(), node, type, path);
      for (RecordComponent c : raw.getRecordComponents()) {
        String field = property(c);
        check(node.get(field), c.getGenericType(), path.isEmpty() ? field : path + "." + field);
      }
    } else if (raw.isPrimitive()) {
      expect(node.isValueNode(), node, type, path);
    }
    // JsonNode, Map, Instant, boxed values: Jackson checks them when it binds.
  }

  /**
   * After binding: a required field Jackson still made null (it reads {@code "time": " "} as no
   * time) is refused like a missing one, so no null reaches the code behind the API.
   */
  static void checkBound(Object value, Type type, String path) {
    Class<?> raw = raw(type);
    if (value == null) {
      if (raw != Optional.class) {
        throw LuiException.invalid(name(path) + " is empty: required, " + hint(type));
      }
      return;
    }
    if (value instanceof Optional<?> o) {
      if (o.isPresent()) {
        checkBound(o.get(), argument(type), path);
      }
    } else if (raw.isArray() && !raw.getComponentType().isPrimitive()) {
      Object[] items = (Object[]) value;
      for (int i = 0; i < items.length; i++) {
        checkBound(items[i], element(type), path + "[" + i + "]");
      }
    } else if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        checkBound(item, argument(type), path + "[" + i++ + "]");
      }
    } else if (raw.isRecord()) {
      for (RecordComponent c : raw.getRecordComponents()) {
        String field = property(c);
        Object v;
        try {
          v = c.getAccessor().invoke(value);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("record accessor " + c, e);
        }
        checkBound(v, c.getGenericType(), path.isEmpty() ? field : path + "." + field);
      }
    }
  }

  private static void expect(boolean ok, JsonNode node, Type type, String path) {
    if (!ok) {
      String shown = node.isArray() ? "[...]" : node.isObject() ? "{...}" : node.toString();
      if (shown.length() > 40) {
        shown = shown.substring(0, 40) + "...";
      }
      throw LuiException.invalid(name(path), shown, "must be " + hint(type));
    }
  }

  private static String name(String path) {
    return path.isEmpty() ? "request body" : path;
  }

  /** What a value of this type looks like in JSON, for messages. */
  private static String hint(Type type) {
    Class<?> raw = raw(type);
    if (raw == Optional.class) {
      return hint(argument(type));
    }
    if (raw == String.class) {
      return "a string";
    }
    if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
      String element = hint(raw.isArray() ? element(type) : argument(type));
      return "a list of " + element.replaceFirst("^an? ", "") + "s";
    }
    if (raw.isRecord() || Map.class.isAssignableFrom(raw) || raw == JsonNode.class) {
      return "an object";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "true or false";
    }
    if (raw == java.time.Instant.class) {
      return "a time like 2026-01-31T12:00:00Z";
    }
    if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
      return "a number";
    }
    return "a value";
  }

  /**
   * The JSON name of a record component: {@code @JsonProperty} on its accessor or field, else its
   * name.
   */
  private static String property(RecordComponent c) {
    JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
    if (p == null) {
      try {
        p = c.getDeclaringRecord().getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
      } catch (NoSuchFieldException e) {
        p = null;
      }
    }
    return p != null && !p.value().isEmpty() ? p.value() : c.getName();
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof GenericArrayType g) {
      return java.lang.reflect.Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
    }
    return Object.class;
  }

  private static Type argument(Type type) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
  }

  private static Type element(Type type) {
    if (type instanceof GenericArrayType g) {
      return g.getGenericComponentType();
    }
    return raw(type).getComponentType();
  }
}
