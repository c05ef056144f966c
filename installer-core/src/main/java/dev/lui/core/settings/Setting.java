package dev.lui.core.settings;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one server setting on its {@link ServerSettings} component: the component's name in
 * kebab case is the key of {@code lui.yaml} and, with two dashes, the flag of {@code lui server}.
 * Everything else about the setting (help text, docs/settings.md, the example settings file, its
 * default) is read from here by {@link SettingsTable}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {
  /** The value's form, as the flag's parameter label: {@code HOST:PORT}, {@code FILE}. */
  String label() default "";

  /** One line: what the setting does. */
  String meaning();

  /** The default as a YAML value, used when neither a flag nor the file sets it; "" for none. */
  String defaultValue() default "";

  /** The default in words, when other settings decide it (then {@link #defaultValue} is ""). */
  String defaultText() default "";

  /** A list flag's separator ({@code --dhcp-backends isc,kea}); "" for a repeatable flag. */
  String split() default "";

  /** A list flag that takes the following words, up to the next flag: a command's arguments. */
  boolean command() default false;

  /** No flag: a structure that only the settings file can express. */
  boolean fileOnly() default false;
}
