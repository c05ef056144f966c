package dev.lui.contract.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lui.contract.value.InvalidValueException;
import java.util.Locale;

/**
 * What the agent does once the install succeeded. JSON: {@code reboot}, {@code poweroff}, {@code
 * none}.
 */
public enum Finish {
  REBOOT,
  POWEROFF,
  NONE;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Finish fromJson(String text) {
    for (Finish f : values()) {
      if (f.json().equals(text)) {
        return f;
      }
    }
    throw new InvalidValueException(
        "finish",
        text,
        "one of reboot, poweroff, none",
        "finish '" + text + "' is not one of reboot, poweroff, none");
  }
}
