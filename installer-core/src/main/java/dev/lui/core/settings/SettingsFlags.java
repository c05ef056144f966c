package dev.lui.core.settings;

import dev.lui.core.settings.SettingsTable.Row;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The settings as flags of {@code lui server}: one picocli option per row of the {@link
 * SettingsTable} (booleans negatable: {@code --[no-]dhcp-validate}), added to the command by its
 * model transformer, and read back as a {@link ServerSettings} of what the command line set.
 */
public final class SettingsFlags implements CommandLine.IModelTransformer {
  @Override
  public CommandSpec transform(CommandSpec spec) {
    SettingsTable.withFlags().forEach(r -> spec.addOption(option(r)));
    return spec;
  }

  static OptionSpec option(Row r) {
    Setting s = r.setting();
    OptionSpec.Builder b =
        OptionSpec.builder(r.flag())
            .description(s.meaning() + r.defaultText().map(d -> " Default: " + d + ".").orElse(""));
    if (r.isBoolean()) {
      return b.type(Boolean.class).arity("0").negatable(true).build();
    }
    b.paramLabel(s.label());
    if (r.isMap()) {
      Class<?>[] kv = {(Class<?>) r.typeArguments()[0], (Class<?>) r.typeArguments()[1]};
      return b.type(Map.class).auxiliaryTypes(kv).build();
    }
    if (r.isList()) {
      b.type(List.class).auxiliaryTypes(r.valueType());
      if (!s.split().isEmpty()) {
        b.splitRegex(java.util.regex.Pattern.quote(s.split())).splitRegexSynopsisLabel(s.split());
      }
      if (s.command()) {
        b.arity("1..*");
      }
      return b.build();
    }
    return b.type(r.valueType()).build();
  }

  /** What the command line of {@code spec} set; every other setting empty. */
  public static ServerSettings given(CommandSpec spec) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    return SettingsTable.build(
        r -> {
          OptionSpec o = spec.findOption(r.flag());
          if (o == null || !parsed.hasMatchedOption(o)) {
            return r.empty();
          }
          Object v = o.getValue();
          if (v instanceof List<?> list) {
            return List.copyOf(list);
          }
          if (v instanceof Map<?, ?> map) {
            return Map.copyOf(map);
          }
          return Optional.ofNullable(v);
        });
  }
}
