package dev.lui.core.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs lui-agent as its own process, as the install environment would, and relays its output. */
final class AgentProcess {
  private AgentProcess() {}

  /** {@code spoolDir}: the agent's event spool (the demo's state, not the machine's /var). */
  static int run(PrintWriter out, String serverUrl, String node, Path tokenFile, Path spoolDir,
      boolean dryRun) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(
        java, "-cp", System.getProperty("java.class.path"), "dev.lui.agent.AgentMain",
        "--server", serverUrl, "--node", node, "--token-file", tokenFile.toString(), "--no-finish",
        "--spool-dir", spoolDir.toString()));
    if (dryRun) {
      cmd.add("--dry-run");
    }
    out.println("$ lui-agent --server " + serverUrl + " --node " + node + " --token-file " + tokenFile
        + " --no-finish --spool-dir " + spoolDir + (dryRun ? " --dry-run" : ""));
    out.flush();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.println("  agent| " + line);
        out.flush();
      }
    }
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return 1;
    }
    return p.exitValue();
  }
}
