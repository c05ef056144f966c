package dev.lui.core.domain;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import dev.lui.core.LuiException;
import dev.lui.core.WireNames;

/**
 * The kinds of resource: the one table of each {@link Resource} permit and its name, which is the
 * CLI's {@code --type}, the API's and the store's JSON {@code "type"}. {@code ResourceTypeTest}
 * checks that every permit is here exactly once.
 */
public enum ResourceType {
  RPM_LIST(Resource.RpmList.class),
  DEB_LIST(Resource.DebList.class),
  TARBALL(Resource.Tarball.class),
  KERNEL(Resource.Kernel.class),
  FILE(Resource.FileResource.class),
  PARTITION_TABLE(Resource.PartitionTable.class),
  SCRIPT(Resource.Script.class);

  private final Class<? extends Resource> permit;

  ResourceType(Class<? extends Resource> permit) {
    this.permit = permit;
  }

  /** {@code rpm-list}, {@code partition-table}, ... */
  public String wireName() {
    return WireNames.of(this);
  }

  /** The record of this type. */
  public Class<? extends Resource> permit() {
    return permit;
  }

  public static ResourceType parse(String field, String text) {
    return WireNames.find(ResourceType.class, text)
        .orElseThrow(
            () -> LuiException.invalid(field, text, "the resource type is one of " + names()));
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
    return WireNames.list(ResourceType.class);
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
      // null: Jackson reports the unknown id, with getDescForKnownTypeIds
      return WireNames.find(ResourceType.class, id)
          .map(t -> context.constructType(t.permit))
          .orElse(null);
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
