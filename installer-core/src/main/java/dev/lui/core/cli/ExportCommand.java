package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.io.AtomicWriter;
import dev.lui.io.FileModes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** export: the store as a cluster file. */
final class ExportCommand {
  private ExportCommand() {}

  @Command(
      name = "export",
      description = {
        "Write the server's networks, groups, resources, allocations and nodes as a cluster file that 'lui apply' reads back to the same state.",
        "",
        "It goes to stdout, or to FILE. Files appear as the content the server keeps ({name, sha256, size}): apply it where that content is."
      },
      footer = {
        "",
        "Example:",
        "  lui export cluster.yaml && lui apply cluster.yaml   # changes nothing"
      })
  static final class Export extends ClientCommand {
    @Parameters(
        paramLabel = "FILE",
        arity = "0..1",
        description = "Where to write it (default: stdout).")
    Optional<Path> file = Optional.empty();

    @Option(
        names = "--json",
        description = "Write the cluster file as JSON (which 'lui apply' reads as well).")
    boolean json;

    @Override
    public Integer call() throws IOException {
      JsonNode cluster = ApplyCommand.clusterFile(api().get("/api/v1/export"));
      String text =
          json
              ? Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(cluster) + "\n"
              : ApplyCommand.write(cluster);
      if (file.isPresent()) {
        Path dir = file.get().toAbsolutePath().getParent();
        if (!java.nio.file.Files.isDirectory(dir)) {
          throw LuiException.invalid(
              "FILE", file.get().toString(), "its directory " + dir + " does not exist: create it");
        }
        AtomicWriter.write(
            file.get().toAbsolutePath(),
            text.getBytes(StandardCharsets.UTF_8),
            FileModes.MODE_0644,
            AtomicWriter.Option.FSYNC);
        out().println("wrote " + file.get());
      } else {
        out().print(text);
      }
      out().flush();
      return 0;
    }
  }
}
