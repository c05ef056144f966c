package dev.lui.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue #15: every command of lui explains itself, and a mistyped one gets a suggestion. */
class HelpTest {
  record Run(int code, String out, String err) {}

  static Run lui(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LuiMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** Every command under {@code cli}, as the words that name it ({@code [image, build]}). */
  static List<List<String>> commands(CommandLine cli, List<String> path) {
    List<List<String>> all = new ArrayList<>();
    all.add(path);
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandSpec().name().equals(name)) { // aliases once
                List<String> p = new ArrayList<>(path);
                p.add(name);
                all.addAll(commands(sub, p));
              }
            });
    return all;
  }

  /** Text without its line breaks and spaces: how picocli wrapped it does not matter. */
  private static String words(String text) {
    return text.replaceAll("\\s+", "");
  }

  @Test
  void everyCommandHasWorkingHelpWithItsPurposeAndAnExample() {
    List<List<String>> all = commands(LuiMain.commandLine(), List.of());
    assertThat(all).hasSizeGreaterThan(40);
    for (List<String> path : all) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Run r = lui(args.toArray(String[]::new));
      String name = String.join(" ", args);

      assertThat(r.code()).as(name + ": " + r.err()).isZero();
      assertThat(r.out()).as(name).startsWith("Usage: lui").contains("Example");
      CommandLine cli = LuiMain.commandLine();
      for (String word : path) {
        cli = cli.getSubcommands().get(word);
      }
      String[] description = cli.getCommandSpec().usageMessage().description();
      assertThat(description).as(name + ": a description").isNotEmpty();
      assertThat(description[0])
          .as(name + ": its purpose in one full sentence, first")
          .matches("[A-Z].*[.]$");
      if (!path.isEmpty()) {
        String parentHelp = words(cli.getParent().getUsageMessage());
        assertThat(parentHelp)
            .as(name + ": the parent's command list shows the whole sentence")
            .contains(words(String.format(description[0])));
      }
      assertThat(cli.isUsageHelpAutoWidth()).as(name + ": help as wide as the terminal").isTrue();
      for (var param : cli.getCommandSpec().positionalParameters()) {
        assertThat(String.join(" ", param.description()))
            .as(name + ": " + param.paramLabel() + " says what it is")
            .isNotBlank();
      }
    }
  }

  @Test
  void defineResourceHelpWorksThoughItsKernelOptionIsCalledVersion() {
    Run r = lui("define-resource", "--help");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("--version=V").contains("kernel: version string");
  }

  @Test
  void aMistypedCommandGetsTheNearestSuggested() {
    Run r = lui("list-node");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("Unmatched argument at index 0: 'list-node'")
        .contains("Did you mean: lui list-nodes")
        .contains("Try 'lui --help'.");
  }

  @Test
  void aMistypedOptionGetsTheNearestSuggested() {
    Run r = lui("list-nodes", "--jsn");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--jsn'").contains("--json");
  }

  @Test
  void theFirstLinesOfHelpExplainHowClientsFindTheServer() {
    String head = String.join("\n", lui("--help").out().lines().limit(16).toList());

    for (String word :
        List.of(
            "--state",
            "LUI_STATE",
            "--server",
            "LUI_SERVER",
            "--token-file",
            "LUI_TOKEN_FILE",
            "the token in LUI_TOKEN")) {
      assertThat(head).contains(word);
    }
  }

  @Test
  void versionNamesTheCommit() {
    Run r = lui("--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("lui ").contains("(commit ");
  }
}
