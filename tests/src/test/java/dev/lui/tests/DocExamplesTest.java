package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.cli.LuiMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The shell examples of README.md and docs/*.md against the binary: every fenced {@code lui ...}
 * line is parsed by lui's own command line (a renamed flag or command fails here), and those that
 * can run on one host run, in page order, against a live server on loopback after the page's setup
 * (the files its examples name).
 */
class DocExamplesTest {
  static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir Path tmp;

  /**
   * Examples that are parsed but do not run here (a command prefix, or an argument), and why. An
   * example with a {@code $(...)} argument is parsed only too: its value is another command's
   * output.
   */
  static final Map<String, String> NOT_RUN =
      Map.ofEntries(
          Map.entry("lui server", "a daemon (started by LiveServer instead)"),
          Map.entry("lui demo", "starts its own server"),
          Map.entry("lui tftp", "a daemon"),
          Map.entry("lui image", "builds or imports a root file system: root and mmdebstrap"),
          Map.entry("lui boot-files", "copies the host's loaders into a root-owned TFTP root"),
          Map.entry("lui power", "needs a reachable BMC"),
          Map.entry("--power-cycle", "needs a reachable BMC"),
          Map.entry("--follow", "never ends"),
          Map.entry("--watch", "never ends"),
          Map.entry("lui export /backup/", "writes into the head node's backup directory"));

  /**
   * Examples that run and are refused on purpose (exit 2 with lui's own message, not a usage
   * error), keyed by page and command, with the reason.
   */
  static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry(
              "docs/batch.md: lui remove-network ib",
              "the page shows the refusal: nodes are on ib"),
          Map.entry(
              "docs/batch.md: lui logs n03 --run 1",
              "the page shows a node with two runs; here n03 never ran"),
          Map.entry(
              "docs/batch.md: lui install --in-state failed",
              "no install fails here: no agent runs"),
          Map.entry(
              "docs/batch.md: lui define-node n01 --mac 52:54:00:00:00:01 --ip 10.0.0.11"
                  + " --netmask 255.255.255.0 --group compute --bmc ipmi://admin@10.0.1.11",
              "the BMC section's n01; the networks section above defined it already"),
          Map.entry(
              "docs/batch.md: lui install --resume @rack1",
              "no wave runs here: the --power-cycle examples need BMCs"));

  @TestFactory
  Stream<DynamicTest> everyExampleOfEveryPageParsesAndRuns() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String page : pages()) {
      if (!Examples.of(REPO.resolve(page)).isEmpty()) {
        tests.add(DynamicTest.dynamicTest(page, () -> check(page)));
      }
    }
    return tests.stream();
  }

  @Test
  void theHarnessFindsTheExamples() throws IOException {
    int count = 0;
    for (String page : pages()) {
      count += Examples.of(REPO.resolve(page)).size();
    }
    assertThat(count).as("fenced lui examples in README.md and docs/").isGreaterThan(40);
  }

  @Test
  void aRenamedFlagIsCaught() {
    assertThat(parseError(List.of("define-node", "n01", "--mac-address", "52:54:00:00:00:01")))
        .contains("Unknown options: '--mac-address'");
    assertThat(parseError(List.of("define-node", "n01", "--mac", "52:54:00:00:00:01"))).isEmpty();
    assertThat(unknownNames(List.of("list-node")))
        .containsExactly("names command 'list-node', which lui lacks");
    assertThat(unknownNames(List.of("list-nodes\\|list-groups", "[--jsn]")))
        .containsExactly(
            "names option --jsn, which 'lui list-nodes' lacks",
            "names option --jsn, which 'lui list-groups' lacks");
    assertThat(unknownNames(List.of("image", "list|shwo", "NAME")))
        .containsExactly("names command 'shwo', which lui lacks");
    assertThat(
            unknownNames(
                new CommandLine(new dev.lui.agent.AgentMain()),
                List.of(
                    "--plan", "FILE", "[--dryrun]", "(--token", "T", "|", "--token-file", "F)")))
        .containsExactly("names option --dryrun, which 'lui-agent' lacks");
    assertThat(unknownNames(List.of("logs", "NODE", "[--run", "N]", "[--in-state", "S]...")))
        .isEmpty();
  }

  /** Code spans in prose that name no command on purpose, and why. */
  static final Map<String, String> NOT_A_COMMAND =
      Map.of("lui list-node", "README shows the mistyped command lui suggests list-nodes for");

  @Test
  void everyCommandAndOptionTheProseNamesExists() throws IOException {
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (String page : pages()) {
      for (Examples.Example e : Examples.inProse(REPO.resolve(page))) {
        count++;
        if (!NOT_A_COMMAND.containsKey(e.text())) {
          CommandLine root =
              e.text().startsWith("lui-agent ")
                  ? new CommandLine(new dev.lui.agent.AgentMain())
                  : LuiMain.commandLine();
          unknownNames(root, e.args())
              .forEach(n -> failures.add(page + ":" + e.line() + ": `" + e.text() + "` " + n));
        }
      }
    }
    System.out.printf(
        "%d lui and lui-agent code spans and synopses: commands and options checked%n", count);
    assertThat(failures).as("commands and options the docs name that lui does not have").isEmpty();
  }

  /**
   * What a synopsis ({@code lui install NODES [--in-state S] [--json]}, {@code lui
   * list-nodes\\|list-groups}, {@code lui power on|off}) names that lui lacks: its commands (and
   * subcommands) and its options. Placeholders are not checked.
   */
  static List<String> unknownNames(List<String> words) {
    return unknownNames(LuiMain.commandLine(), words);
  }

  static List<String> unknownNames(CommandLine root, List<String> words) {
    List<String> unknown = new ArrayList<>();
    List<CommandLine> commands = List.of(root);
    int i = 0;
    if (!words.isEmpty()
        && !root.getSubcommands().isEmpty()
        && !words.get(0).startsWith("-")
        && !alternatives(words.get(0)).get(0).isEmpty()) { // `lui ...`: no command named
      commands = named(commands, words.get(0), unknown);
      i = 1;
      if (i < words.size() && commands.stream().allMatch(c -> !c.getSubcommands().isEmpty())) {
        commands = named(commands, words.get(i), unknown);
        i++;
      }
    }
    for (; i < words.size(); i++) {
      for (String option : alternatives(words.get(i))) {
        if (!option.startsWith("-") || option.equals("-") || option.equals("--")) {
          continue;
        }
        String name = option.split("=", 2)[0];
        for (CommandLine c : commands) {
          if (c.getCommandSpec().findOption(name) == null) {
            unknown.add(
                "names option "
                    + name
                    + ", which '"
                    + c.getCommandSpec().qualifiedName()
                    + "' lacks");
          }
        }
      }
    }
    return unknown;
  }

  private static List<CommandLine> named(
      List<CommandLine> parents, String word, List<String> unknown) {
    List<CommandLine> named = new ArrayList<>();
    for (String name : alternatives(word)) {
      for (CommandLine parent : parents) {
        CommandLine c = parent.getSubcommands().get(name);
        if (c == null) {
          unknown.add("names command '" + name + "', which lui lacks");
        } else {
          named.add(c);
        }
      }
    }
    return named;
  }

  /** {@code [--a\\|--b]...} as its names: --a, --b. */
  private static List<String> alternatives(String word) {
    String bare = word.replaceAll("[\\[\\]().,:]+$|^[\\[(]+", "").replace("\\|", "|");
    bare = bare.replaceAll("\\.\\.\\.$", "").replaceAll("[\\[\\]]", "");
    return List.of(bare.split("\\|"));
  }

  /** STATE/ paths the docs name that a plain server with an armed node does not write, and why. */
  static final Map<String, String> STATE_WHEN =
      Map.ofEntries(
          Map.entry("admin-cert.pem", "an admin listener over HTTPS"),
          Map.entry("bmc-secrets/", "the admin writes the BMC password files"),
          Map.entry("content/sha256/ab/abcdef", "an example digest"),
          Map.entry("dhcp/kea-", "--dhcp-backends kea"),
          Map.entry("images", "lui image build or import"));

  @Test
  void everyStateFileTheDocsNameIsOneTheServerWrites() throws IOException {
    java.util.regex.Pattern path = java.util.regex.Pattern.compile("STATE/([A-Za-z0-9_./-]+)");
    java.util.Set<String> named = new java.util.TreeSet<>();
    for (String page : pages()) {
      java.util.regex.Matcher m = path.matcher(Files.readString(REPO.resolve(page)));
      while (m.find()) {
        String p = m.group(1).replaceAll("[./]+$", "");
        if (!p.isEmpty()) {
          named.add(p);
        }
      }
    }
    List<String> missing = new ArrayList<>();
    try (LiveServer lui = new LiveServer(tmp.resolve("state")).withSystem()) {
      assertThat(lui.lui(CliAgainstLiveServerTest.N01).code()).isZero();
      for (String p : named) {
        boolean conditional = STATE_WHEN.keySet().stream().anyMatch(k -> under(p, k));
        boolean written = Files.exists(lui.state.resolve(p.replace("NAME", "n01")));
        if (conditional == written) {
          missing.add("STATE/" + p + (written ? ": written, yet listed in STATE_WHEN" : ""));
        }
      }
    }
    System.out.printf("%d STATE/ paths named in the docs%n", named.size());
    assertThat(missing).as("files the docs name that the server does not write").isEmpty();
  }

  /** Whether {@code path} is {@code prefix}, or under it ("dir", "dir/", "dir/name-"). */
  private static boolean under(String path, String prefix) {
    return path.equals(prefix)
        || path.startsWith(prefix.endsWith("/") || prefix.endsWith("-") ? prefix : prefix + "/");
  }

  private static List<String> pages() throws IOException {
    List<String> pages = new ArrayList<>(List.of("README.md"));
    try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
      docs.map(p -> "docs/" + p.getFileName())
          .filter(p -> p.endsWith(".md"))
          .sorted()
          .forEach(pages::add);
    }
    return pages;
  }

  private void check(String page) throws IOException {
    List<Examples.Example> examples = Examples.of(REPO.resolve(page));
    Path home = tmp.resolve(page.replace('/', '_')); // one state and fixture per page
    Path files = Files.createDirectories(home.resolve("files"));
    List<String> failures = new ArrayList<>();
    int ran = 0;
    int parsed = 0;
    try (LiveServer lui = new LiveServer(home.resolve("state"))) {
      SETUP.getOrDefault(page, (server, dir) -> {}).accept(lui, files);
      for (Examples.Example e : examples) {
        String where = page + ":" + e.line() + ": `" + e.text() + "`";
        String error = parseError(e.args());
        if (!error.isEmpty()) {
          failures.add(where + " does not parse: " + error);
          continue;
        }
        String command = "lui " + String.join(" ", e.args());
        boolean runs =
            !e.substituted()
                && NOT_RUN.keySet().stream()
                    .noneMatch(k -> command.startsWith(k) || e.args().contains(k));
        if (!runs) {
          parsed++;
          continue;
        }
        ran++;
        LiveServer.Result r = lui.lui(inFixture(e.args(), files).toArray(String[]::new));
        boolean usage = r.err().contains(" --help'.");
        String refused = REFUSED.get(page + ": " + command);
        if (r.code() != 0) {
          System.out.printf("%s exits %d: %s%n", where, r.code(), r.err().strip());
        }
        // What runs must succeed: an example that fails here would fail for a reader too.
        if (r.code() != 0 && (usage || refused == null)) {
          failures.add(where + " exits " + r.code() + ": " + r.err().strip());
        } else if (refused != null && r.code() != 2) {
          failures.add(where + " was expected to be refused (" + refused + "), exits " + r.code());
        }
      }
    }
    System.out.printf(
        "%s: %d examples, %d run, %d parse-checked only%n", page, examples.size(), ran, parsed);
    assertThat(failures).as(page + " examples that do not match the binary").isEmpty();
  }

  /** Picocli's complaint about {@code lui ARGS}, or "" when they parse. Nothing runs. */
  static String parseError(List<String> args) {
    CommandLine cli = LuiMain.commandLine();
    cli.setErr(new PrintWriter(new StringWriter()));
    try {
      cli.parseArgs(args.toArray(String[]::new));
      return "";
    } catch (CommandLine.ParameterException e) {
      return e.getMessage();
    }
  }

  /** Options whose value is a file the client reads. */
  static final List<String> FILE_OPTIONS = List.of("--source", "--from", "--initrd");

  /**
   * A relative file an example names (a file option's value, apply's cluster file) is taken from
   * the fixture directory, as if the examples ran there.
   */
  private static List<String> inFixture(List<String> args, Path files) {
    List<String> all = new ArrayList<>(args);
    for (int i = 1; i < all.size(); i++) {
      boolean file =
          FILE_OPTIONS.contains(all.get(i - 1)) || (i == 1 && all.get(0).equals("apply"));
      if (file && !all.get(i).startsWith("/")) {
        all.set(i, files.resolve(all.get(i)).toString());
      }
    }
    return all;
  }

  /** What each page's examples expect to find: the files they name, the nodes they address. */
  static final Map<String, BiConsumer<LiveServer, Path>> SETUP =
      Map.of(
          "README.md", DocExamplesTest::clusterFiles,
          "docs/admin-guide.md", DocExamplesTest::clusterFiles,
          "docs/batch.md", DocExamplesTest::batchNodes,
          "docs/resources.md", DocExamplesTest::resourcesMotd);

  /** The files README's and the admin guide's examples name. */
  private static void clusterFiles(LiveServer lui, Path dir) {
    try {
      Path sample = REPO.resolve("resources/sample");
      Files.copy(sample.resolve("files/compute.parts"), dir.resolve("compute.parts"));
      Files.copy(sample.resolve("files/motd"), dir.resolve("motd"));
      Files.copy(sample.resolve("files/overlay.tar.gz"), dir.resolve("debian-bookworm.tar.zst"));
      Files.copy(sample.resolve("nodes.csv"), dir.resolve("nodes.csv"));
      // The cluster file names its resources relative to itself: the sample's, beside it.
      Files.copy(sample.resolve("cluster.yaml"), dir.resolve("cluster.yaml"));
      copyTree(sample.resolve("files"), dir.resolve("files"));
      StringBuilder rack = new StringBuilder("name,mac,ip,groups,bmc\n");
      for (int i = 1; i <= 40; i++) {
        rack.append(
            String.format(
                "n%03d,52:54:00:00:01:%02x,10.0.0.%d,compute,ipmi://admin@10.0.1.%d%n",
                i, i, 100 + i, 100 + i));
      }
      Files.writeString(dir.resolve("rack1.csv"), rack);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Nodes n001-n128 (armed, in rack1), r1n[01-16] in compute and r2n[01-16] in gpu. */
  private static void batchNodes(LiveServer lui, Path dir) {
    lui.withSystem();
    for (String group : List.of("gpu", "compute", "rack1")) {
      ok(lui.lui("define-group", group));
    }
    StringBuilder csv = new StringBuilder("name,mac,ip,netmask,groups,resources\n");
    for (int i = 1; i <= 128; i++) {
      csv.append(
          String.format(
              "n%03d,52:54:00:10:00:%02x,10.20.0.%d,255.255.0.0,rack1,%s%n",
              i, i, i, LiveServer.SYSTEM));
    }
    for (int r = 1; r <= 2; r++) {
      for (int n = 1; n <= 16; n++) {
        csv.append(
            String.format(
                "r%dn%02d,52:54:00:2%d:00:%02x,10.2%d.0.%d,255.255.0.0,%s,%n",
                r, n, r, n, r, n, r == 1 ? "compute" : "gpu"));
      }
    }
    try {
      Files.writeString(dir.resolve("batch.csv"), csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ok(lui.lui("define-node", "--from", dir.resolve("batch.csv").toString()));
  }

  private static void resourcesMotd(LiveServer lui, Path dir) {
    ok(
        lui.lui(
            "define-resource",
            "motd",
            "--type",
            "file",
            "--source",
            REPO.resolve("resources/sample/files/motd").toString(),
            "--target",
            "/etc/motd"));
  }

  private static void ok(LiveServer.Result r) {
    assertThat(r.code()).as("page setup: " + r.err()).isZero();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
