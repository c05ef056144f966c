package dev.lui.core.power;

import dev.lui.core.LuiException;
import dev.lui.power.PowerOperation;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code lui power ACTION NODES} (and {@code POST /api/v1/power}) asks of nodes' BMCs: one
 * constant per action, named as the admin writes it, each one bmc-power operation.
 */
public enum PowerAction {
  ON("on", PowerOperation.ON),
  OFF("off", PowerOperation.OFF),
  CYCLE("cycle", PowerOperation.CYCLE),
  STATUS("status", PowerOperation.STATUS);

  private final String wireName;
  private final PowerOperation operation;

  PowerAction(String wireName, PowerOperation operation) {
    this.wireName = wireName;
    this.operation = operation;
  }

  public String wireName() {
    return wireName;
  }

  PowerOperation operation() {
    return operation;
  }

  /** The action named {@code text}; a 400 naming {@code field} and the actions otherwise. */
  public static PowerAction parse(String field, String text) {
    for (PowerAction a : values()) {
      if (a.wireName.equals(text.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw LuiException.invalid(field, text, "one of " + names());
  }

  static String names() {
    return Arrays.stream(values()).map(PowerAction::wireName).collect(Collectors.joining(", "));
  }
}
