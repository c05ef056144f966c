package dev.lui.packaging;

import dev.lui.agent.AgentMain;
import dev.lui.core.cli.LuiMain;
import dev.lui.core.settings.SettingsDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the package's generated files from the code they describe, so none can drift: {@code
 * lui.yaml.example} from the settings table (as docs/settings.md is), man pages from the picocli
 * command tree (AsciiDoc by picocli's generator, converted by asciidoctor) and bash completion from
 * picocli's AutoComplete. The build runs it before jdeb packs {@code OUT}.
 *
 * <p>Usage: {@code PackageFiles OUT}; writes OUT/lui.yaml.example, OUT/man/*.1.gz and
 * OUT/completion/lui.
 */
public final class PackageFiles {
  private static final int SYNOPSIS_WIDTH = 10_000;

  private PackageFiles() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: PackageFiles OUT-DIR");
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    Files.writeString(out.resolve("lui.yaml.example"), SettingsDocs.yamlExample());
    writeCompletion(out.resolve("completion"));
    writeManPages(out.resolve("adoc"), out.resolve("man"));
  }

  static void writeCompletion(Path dir) throws IOException {
    Files.createDirectories(dir);
    String script = AutoComplete.bash("lui", LuiMain.commandLine());
    // Sourced, never run: Debian's completions carry no #! line.
    Files.writeString(dir.resolve("lui"), script.replaceFirst("\\A#![^\n]*\n", ""));
  }

  static void writeManPages(Path adoc, Path man) throws IOException, InterruptedException {
    // Anew each build: a page of a command that is gone must not stay in the package.
    emptyDirectory(adoc);
    emptyDirectory(man);
    // One page per command and subcommand (lui.adoc, lui-server.adoc, lui-image-build.adoc...).
    // The synopsis on one line: wrapped, picocli splits a label's _italic_ markup across lines.
    CommandLine lui = LuiMain.commandLine().setUsageHelpWidth(SYNOPSIS_WIDTH);
    CommandLine agent = new CommandLine(new AgentMain()).setUsageHelpWidth(SYNOPSIS_WIDTH);
    int code =
        ManPageGenerator.generateManPage(
            adoc.toFile(),
            null,
            new boolean[0],
            true,
            lui.getCommandSpec(),
            agent.getCommandSpec());
    if (code != 0) {
      throw new IOException("picocli's ManPageGenerator failed with exit code " + code);
    }
    try (Stream<Path> pages = Files.list(adoc)) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".adoc")).toList()) {
        Files.writeString(
            page, literalExamples(bracketLabels(wholeNameSentence(Files.readString(page)))));
      }
    }
    List<String> command = new ArrayList<>(List.of("asciidoctor", "-b", "manpage", "-D"));
    command.add(man.toString());
    try (Stream<Path> pages = Files.list(adoc)) {
      pages
          .filter(p -> p.toString().endsWith(".adoc"))
          .sorted()
          .map(Path::toString)
          .forEach(command::add);
    }
    Process p;
    try {
      p = new ProcessBuilder(command).inheritIO().start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run asciidoctor, which turns the man pages' AsciiDoc into troff;"
              + " install it with: apt-get install asciidoctor",
          e);
    }
    if (p.waitFor() != 0) {
      throw new IOException("asciidoctor failed with exit code " + p.exitValue());
    }
    gzipAll(man);
  }

  /**
   * The Name line (what whatis and apropos show) is the help's first line, which may stop
   * mid-sentence where the help wrapped; then it gets the description's first sentence instead.
   */
  static String wholeNameSentence(String adoc) {
    String[] lines = adoc.split("\n", -1);
    int name = -1;
    int description = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].equals("== Name") && i + 2 < lines.length) {
        name = i + 2;
      } else if (lines[i].equals("== Description")) {
        description = i + 2;
      }
    }
    if (name < 0 || description < 0 || lines[name].endsWith(".") || !lines[name].contains(" - ")) {
      return adoc;
    }
    StringBuilder paragraph = new StringBuilder();
    for (int i = description; i < lines.length && !lines[i].isBlank(); i++) {
      paragraph.append(paragraph.length() == 0 ? "" : " ").append(lines[i].trim());
    }
    Matcher sentence = SENTENCE.matcher(paragraph);
    if (!sentence.lookingAt()) {
      return adoc;
    }
    lines[name] = lines[name].substring(0, lines[name].indexOf(" - ") + 3) + sentence.group(1);
    return String.join("\n", lines);
  }

  private static final Pattern SENTENCE = Pattern.compile("(.+?[.])(?: |$)");

  private static final Pattern BRACKET_LABEL = Pattern.compile("=_([^\\s_]*\\[[^\\s_]*)_");

  /**
   * In the synopsis, a label with brackets ({@code _HOST[:PORT]_]}) reads to AsciiDoc as a role
   * ({@code [:PORT]_..._}) and the option vanishes; a passthrough keeps it as written.
   */
  static String bracketLabels(String adoc) {
    StringBuilder out = new StringBuilder();
    boolean inSynopsis = false;
    for (String line : adoc.split("\n", -1)) {
      if (line.equals("== Synopsis")) {
        inSynopsis = true;
      } else if (line.startsWith("// end::picocli-generated-man-section-synopsis")) {
        inSynopsis = false;
      }
      if (inSynopsis) {
        line =
            BRACKET_LABEL
                .matcher(line)
                .replaceAll(
                    m ->
                        Matcher.quoteReplacement(
                            "=_pass:[" + m.group(1).replace("]", "\\]") + "]_"));
      }
      out.append(line).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  /**
   * Keeps the help's indented lines (examples) as they are: in the Description section, each run of
   * lines indented by two spaces becomes an AsciiDoc literal block; AsciiDoc would otherwise join
   * them into the paragraph around them.
   */
  static String literalExamples(String adoc) {
    StringBuilder out = new StringBuilder();
    boolean inDescription = false;
    boolean inLiteral = false;
    for (String line : adoc.split("\n", -1)) {
      if (line.equals("== Description")) {
        inDescription = true;
      } else if (line.startsWith("// end::picocli-generated-man-section-description")) {
        inDescription = false;
      }
      boolean indented = inDescription && line.startsWith("  ") && !line.isBlank();
      if (indented && !inLiteral) {
        out.append("\n....\n");
      } else if (!indented && inLiteral) {
        out.append("....\n\n");
      }
      inLiteral = indented;
      out.append(line).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  static void emptyDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  /** Debian ships man pages as {@code gzip -9n} makes them (no name, no time: reproducible). */
  static void gzipAll(Path man) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("gzip", "-9nf"));
    try (Stream<Path> s = Files.list(man)) {
      s.filter(p -> p.toString().endsWith(".1")).sorted().map(Path::toString).forEach(command::add);
    }
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("gzip failed with exit code " + p.exitValue());
    }
  }
}
