package dev.lui.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.core.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the server. Output goes through picocli's writer so tests capture it. */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin ClientOptions options = new ClientOptions();

  @Spec CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  ApiClient api() {
    return options.client();
  }

  /** Uploads the files a resource names; progress on stderr. */
  ContentUploader uploader(ApiClient api) {
    return new ContentUploader(
        api, spec.commandLine().getErr(), Progress.stderrIsTerminal(), System::nanoTime);
  }

  void printJson(JsonNode node) {
    try {
      out().println(Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code call} with the admin's {@code --yes}. When the server asks for confirmation (the
   * change alters what armed nodes install) and this runs on a terminal without {@code --yes}, it
   * shows what the server said and asks once; scripts (no terminal) get the refusal, exit 2.
   */
  JsonNode confirming(boolean yes, java.util.function.Function<Boolean, JsonNode> call) {
    try {
      return call.apply(yes);
    } catch (dev.lui.core.LuiException e) {
      java.io.Console console = System.console();
      if (e.kind() != dev.lui.core.ErrorKind.CONFIRMATION_REQUIRED || yes || console == null) {
        throw e;
      }
      String message = e.getMessage();
      int cut = message.indexOf(". Confirm with");
      PrintWriter err = spec.commandLine().getErr();
      err.println("lui: " + (cut > 0 ? message.substring(0, cut) : message) + ".");
      err.print("Go ahead? [y/N] ");
      err.flush();
      String answer = console.readLine();
      if (answer != null
          && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
        return call.apply(true);
      }
      throw new dev.lui.core.LuiException(
          dev.lui.core.ErrorKind.CONFIRMATION_REQUIRED, "not confirmed; nothing was changed");
    }
  }

  /**
   * Runs a call that may take a while (a batch of thousands of nodes), with a progress line on
   * stderr once it has taken over 2 s: rewritten in place on a terminal, a line every 10 s
   * otherwise.
   */
  <T> T withProgress(String what, java.util.function.Supplier<T> call) {
    PrintWriter err = spec.commandLine().getErr();
    boolean terminal = System.console() != null;
    long start = System.nanoTime();
    java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            dev.lui.core.DaemonThreads.named("lui-progress"));
    boolean[] shown = {false};
    timer.scheduleAtFixedRate(
        () -> {
          long s = (System.nanoTime() - start) / 1_000_000_000L;
          if (terminal) {
            err.print("\rlui: " + what + "... " + s + " s");
          } else if (s == 2 || s % 10 == 0) {
            err.println("lui: " + what + "... " + s + " s");
          }
          err.flush();
          shown[0] = true;
        },
        2,
        1,
        java.util.concurrent.TimeUnit.SECONDS);
    try {
      return call.get();
    } finally {
      timer.shutdownNow();
      if (shown[0] && terminal) {
        err.print("\r\033[K");
        err.flush();
      }
    }
  }

  /** Warnings the server attached to a response, one line each on stderr. */
  void printWarnings(JsonNode response) {
    for (JsonNode w : response.path("warnings")) {
      spec.commandLine().getErr().println("lui: warning: " + TerminalText.escape(w.asText()));
    }
    spec.commandLine().getErr().flush();
  }

  /** Prints a collection as a table of {@code fields}, or as JSON for scripts. */
  int list(String path, boolean json, List<String> header, List<String> fields) {
    return list(
        path,
        json,
        header,
        item ->
            fields.stream()
                .map(
                    f ->
                        f.equals("#files")
                            ? Integer.toString(item.path("files").size())
                            : text(item, f))
                .toList());
  }

  /** The list at {@code path}: as JSON, or a table with a row of cells per item. */
  int list(
      String path,
      boolean json,
      List<String> header,
      java.util.function.Function<JsonNode, List<String>> row) {
    JsonNode all = api().get(path);
    if (json) {
      printJson(all);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    all.forEach(item -> rows.add(row.apply(item)));
    printTable(header, rows);
    return 0;
  }

  /** Aligned columns for people (every cell escaped for the terminal); scripts use --json. */
  void printTable(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    rows.forEach(r -> all.add(r.stream().map(TerminalText::escape).toList()));
    int[] width = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(
            i == row.size() - 1
                ? row.get(i)
                : row.get(i) + " ".repeat(width[i] + 2 - row.get(i).length()));
      }
      out().println(line.toString().stripTrailing());
    }
    out().flush();
  }

  /** A field for people: escaped for the terminal (it may come from a node), "-" when absent. */
  static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return TerminalText.escape(
        v.isMissingNode() || v.isNull() ? "-" : v.isArray() ? join(v) : v.asText());
  }

  static String join(JsonNode array) {
    List<String> parts = new ArrayList<>();
    array.forEach(v -> parts.add(v.asText()));
    return parts.isEmpty() ? "-" : String.join(",", parts);
  }
}
