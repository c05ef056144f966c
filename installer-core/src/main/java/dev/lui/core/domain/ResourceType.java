package dev.lui.core.domain;

import dev.lui.core.LuiException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of resource, by their CLI/API names. */
public enum ResourceType {
  RPM_LIST("rpm-list"),
  DEB_LIST("deb-list"),
  TARBALL("tarball"),
  KERNEL("kernel"),
  FILE("file"),
  PARTITION_TABLE("partition-table"),
  SCRIPT("script");

  private final String wireName;

  ResourceType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static ResourceType parse(String field, String text) {
    for (ResourceType t : values()) {
      if (t.wireName.equals(text)) {
        return t;
      }
    }
    throw LuiException.invalid(field, text, "the resource type is one of " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(ResourceType::wireName).collect(Collectors.joining(", "));
  }
}
