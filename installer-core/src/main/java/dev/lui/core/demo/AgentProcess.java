package dev.lui.core.demo;

import dev.lui.io.Command;
import dev.lui.io.ProcessRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs lui-agent as its own process, as the install environment would, and relays its output. */
final class AgentProcess {
  private AgentProcess() {}

  /** The agent's output, stdout and stderr in the order written, relayed line by line. */
  private static final ProcessRunner RUNNER =
      new ProcessRunner(Duration.ofMinutes(10)).withStderrMerged().withMaxOutputBytes(0);

  /** {@code spoolDir}: the agent's event spool (the demo's state, not the machine's /var). */
  static int run(
      PrintWriter out, String serverUrl, String node, Path tokenFile, Path spoolDir, boolean dryRun)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lui.agent.AgentMain",
                "--server",
                serverUrl,
                "--node",
                node,
                "--token-file",
                tokenFile.toString(),
                "--no-finish",
                "--spool-dir",
                spoolDir.toString()));
    if (dryRun) {
      cmd.add("--dry-run");
    }
    out.println(
        "$ lui-agent --server "
            + serverUrl
            + " --node "
            + node
            + " --token-file "
            + tokenFile
            + " --no-finish --spool-dir "
            + spoolDir
            + (dryRun ? " --dry-run" : ""));
    out.flush();
    ProcessRunner.Result r =
        RUNNER.run(
            Command.of(cmd),
            (stream, line) -> {
              out.println("  agent| " + line);
              out.flush();
            });
    return r.timedOut() ? 1 : r.exitCode();
  }
}
