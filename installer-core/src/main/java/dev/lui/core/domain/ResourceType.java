package dev.lui.core.domain;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import dev.lui.core.LuiException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of resource: the one table of each {@link Resource} permit and its name, which is the
 * CLI's {@code --type}, the API's and the store's JSON {@code "type"}. {@code ResourceTypeTest}
 * checks that every permit is here exactly once.
 */
public enum ResourceType {
  RPM_LIST("rpm-list", Resource.RpmList.class),
  DEB_LIST("deb-list", Resource.DebList.class),
  TARBALL("tarball", Resource.Tarball.class),
  KERNEL("kernel", Resource.Kernel.class),
  FILE("file", Resource.FileResource.class),
  PARTITION_TABLE("partition-table", Resource.PartitionTable.class),
  SCRIPT("script", Resource.Script.class);

  private final String wireName;
  private final Class<? extends Resource> permit;

  ResourceType(String wireName, Class<? extends Resource> permit) {
    this.wireName = wireName;
    this.permit = permit;
  }

  public String wireName() {
    return wireName;
  }

  /** The record of this type. */
  public Class<? extends Resource> permit() {
    return permit;
  }

  public static ResourceType parse(String field, String text) {
    for (ResourceType t : values()) {
      if (t.wireName.equals(text)) {
        return t;
      }
    }
    throw LuiException.invalid(field, text, "the resource type is one of " + names());
  }

  /** The type of a permit. */
  public static ResourceType of(Class<?> permit) {
    for (ResourceType t : values()) {
      if (t.permit == permit) {
        return t;
      }
    }
    // Only a permit missing from this table gets here, and ResourceTypeTest fails first.
    throw new IllegalArgumentException(permit.getName() + " is not in ResourceType");
  }

  public static String names() {
    return Arrays.stream(values()).map(ResourceType::wireName).collect(Collectors.joining(", "));
  }

  /**
   * Jackson's names of the permits, read from this table (instead of a {@code @JsonSubTypes} list
   * that would spell every name again).
   */
  public static final class TypeIds extends TypeIdResolverBase {
    @Override
    public String idFromValue(Object value) {
      return idFromValueAndType(value, value.getClass());
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> suggestedType) {
      return of(suggestedType).wireName();
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) {
      for (ResourceType t : values()) {
        if (t.wireName.equals(id)) {
          return context.constructType(t.permit);
        }
      }
      return null; // Jackson reports the unknown id, with getDescForKnownTypeIds
    }

    @Override
    public String getDescForKnownTypeIds() {
      return "[" + names() + "]";
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
      return JsonTypeInfo.Id.CUSTOM;
    }
  }
}
