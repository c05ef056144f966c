package dev.lui.core.power;

import dev.lui.core.LuiException;
import dev.lui.core.WireNames;
import dev.lui.power.PowerOperation;
import java.util.Locale;

/**
 * What {@code lui power ACTION NODES} (and {@code POST /api/v1/power}) asks of nodes' BMCs: one
 * constant per action, named as the admin writes it, each one bmc-power operation.
 */
public enum PowerAction {
  ON(PowerOperation.ON),
  OFF(PowerOperation.OFF),
  CYCLE(PowerOperation.CYCLE),
  STATUS(PowerOperation.STATUS);

  private final PowerOperation operation;

  PowerAction(PowerOperation operation) {
    this.operation = operation;
  }

  public String wireName() {
    return WireNames.of(this);
  }

  PowerOperation operation() {
    return operation;
  }

  /** The action named {@code text}; a 400 naming {@code field} and the actions otherwise. */
  public static PowerAction parse(String field, String text) {
    return WireNames.find(PowerAction.class, text.toLowerCase(Locale.ROOT))
        .orElseThrow(() -> LuiException.invalid(field, text, "one of " + names()));
  }

  static String names() {
    return WireNames.list(PowerAction.class);
  }
}
