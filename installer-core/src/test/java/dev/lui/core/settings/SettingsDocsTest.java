package dev.lui.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/settings.md's table and the example settings file follow the settings table. */
class SettingsDocsTest {
  static final Path DOC = Path.of("../docs/settings.md");
  static final String BEGIN =
      "<!-- BEGIN settings table: generated from dev.lui.core.settings.ServerSettings -->\n";
  static final String END = "<!-- END settings table -->\n";
  static final String REGENERATE =
      "./mvnw -B -q -pl installer-core -am test -Dtest=SettingsDocsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dlui.regenerate-docs=true";

  @Test
  void docsSettingsTableIsCurrent() throws IOException {
    String doc = Files.readString(DOC);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertThat(begin).as("%s has the generated-table markers", DOC).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String expected =
        doc.substring(0, begin + BEGIN.length()) + SettingsDocs.markdown() + doc.substring(end);
    if (Boolean.getBoolean("lui.regenerate-docs")) {
      Files.writeString(DOC, expected);
      return;
    }
    assertThat(doc)
        .as(
            "docs/settings.md's table differs from the settings declared in ServerSettings;"
                + " regenerate it with: %s",
            REGENERATE)
        .isEqualTo(expected);
  }

  @Test
  void theMarkdownTableHasARowPerSetting() {
    assertThat(SettingsDocs.markdown().lines().skip(2))
        .hasSize(SettingsTable.ROWS.size())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("| `dhcp-validate` | `--[no-]dhcp-validate` | `true \\| false` |"))
        .anySatisfy(l -> assertThat(l).startsWith("| `dhcp-file` | `--dhcp-file BACKEND=PATH` |"));
  }

  @Test
  void theExampleFileSetsNothingAsItIs() {
    assertThat(SettingsFile.parse("example", SettingsDocs.yamlExample()))
        .isEqualTo(SettingsTable.EMPTY);
  }

  @Test
  void theExampleFileHasEveryKeyWithItsMeaningAndUncommentedGivesTheDefaults() {
    String example = SettingsDocs.yamlExample();
    StringBuilder defaults = new StringBuilder();
    for (SettingsTable.Row r : SettingsTable.ROWS) {
      assertThat(example).contains("\n#" + r.key() + ": ");
      assertThat(example.replace("\n# ", " ")).contains(r.setting().meaning());
      if (!r.setting().defaultValue().isEmpty()) {
        defaults.append(r.key()).append(": ").append(r.setting().defaultValue()).append('\n');
        assertThat(example).contains("\n#" + r.key() + ": " + r.setting().defaultValue() + "\n");
      } else if (!r.setting().defaultText().isEmpty()) {
        assertThat(example).contains("# Default: " + r.setting().defaultText() + ".\n");
      }
    }
    assertThat(SettingsFile.parse("defaults", defaults.toString()))
        .isEqualTo(SettingsTable.DEFAULTS);
  }

  @Test
  void jacksonBindsExactlyTheTablesKeys() {
    var mapper = dev.lui.core.Json.yaml();
    var description =
        mapper.getDeserializationConfig().introspect(mapper.constructType(ServerSettings.class));
    assertThat(description.findProperties())
        .extracting(p -> p.getName())
        .containsExactlyInAnyOrderElementsOf(SettingsTable.keys());
  }
}
