package dev.lui.agent;

import dev.lui.agent.exec.CommandRunner;
import dev.lui.agent.fetch.Fetcher;
import dev.lui.agent.report.CompositeReporter;
import dev.lui.agent.report.ConsoleReporter;
import dev.lui.agent.report.EventLog;
import dev.lui.agent.report.EventQueue;
import dev.lui.agent.report.FileReporter;
import dev.lui.agent.report.HttpReporter;
import dev.lui.agent.report.MemoryQueue;
import dev.lui.agent.report.Reporter;
import dev.lui.agent.report.SpoolFile;
import dev.lui.agent.steps.Installer;
import dev.lui.agent.steps.StepContext;
import dev.lui.contract.AgentApi;
import dev.lui.contract.BuildInfo;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.InvalidPlanException;
import dev.lui.contract.plan.PlanCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lui-agent}: installs this node from its plan.
 *
 * <p>Exit codes: 0 installed, 1 install failed (or the plan could not be fetched), 2 bad usage or
 * invalid plan (nothing was touched).
 */
@Command(
    name = "lui-agent",
    mixinStandardHelpOptions = true,
    versionProvider = AgentMain.Version.class,
    usageHelpAutoWidth = true,
    description = {
      "Install this node from its lui install plan: fetched from the server (which records every"
          + " event) or read from a local file.",
      "",
      "The node's network boot runs it as 'lui-agent --from-cmdline', which reads lui.server="
          + " and lui.node= from the kernel command line and the install token from /lui/token.",
      "Exit codes: 0 installed, 1 the install failed (or the plan could not be fetched), 2 bad"
          + " usage or an invalid plan (nothing was touched)."
    },
    footer = {
      "",
      "Examples:",
      "  lui-agent --server http://10.0.0.1:8080 --node node01 --token-file /lui/token",
      "  lui-agent --plan plan.json --dry-run     # print what a plan would run, touch nothing"
    })
public final class AgentMain implements Callable<Integer> {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Install server base URL, e.g. http://10.0.0.1:8080.")
  Optional<URI> server = Optional.empty();

  @Option(names = "--node", paramLabel = "NAME", description = "This node's name on the server.")
  Optional<String> node = Optional.empty();

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "Install token (prefer --token-file: argv is visible).")
  Optional<String> token = Optional.empty();

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the install token.")
  Optional<Path> tokenFile = Optional.empty();

  @Option(
      names = "--from-cmdline",
      description = "Take lui.server= and lui.node= from /proc/cmdline, the token from /lui/token")
  boolean fromCmdline;

  @Option(
      names = "--plan",
      paramLabel = "FILE",
      description = "Install from a local plan file instead of a server.")
  Optional<Path> planFile = Optional.empty();

  @Option(
      names = "--dry-run",
      description = {
        "Print the commands, run nothing destructive. With --server this is a rehearsal: the",
        "server records its log as such and changes nothing (state, entries, report)."
      })
  boolean dryRun;

  @Option(
      names = "--target",
      paramLabel = "DIR",
      description = "Where the new system is mounted (default: ${DEFAULT-VALUE})")
  Path target = Path.of("/mnt/lui-target");

  @Option(
      names = "--log-file",
      paramLabel = "FILE",
      description = "JSON-lines event log (default ./lui-agent.log when there is no server)")
  Optional<Path> logFile = Optional.empty();

  @Option(
      names = "--spool-dir",
      paramLabel = "DIR",
      description =
          "Where events wait until the server acknowledges them, so a network outage or"
              + " an agent restart loses none (default: ${DEFAULT-VALUE}; memory if it cannot be"
              + " created)")
  Path spoolDir = Path.of("/var/spool/lui-agent");

  @Option(names = "--no-finish", description = "Do not reboot/power off, whatever the plan says")
  boolean noFinish;

  @Option(names = "--cmdline-file", hidden = true)
  Path cmdlineFile = Path.of("/proc/cmdline");

  @Option(names = "--cmdline-token-file", hidden = true)
  Path cmdlineTokenFile = Path.of("/lui/token");

  /** {@code lui-agent --version}: the version and commit this agent was built from. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"lui-agent " + BuildInfo.current()};
    }
  }

  private final PrintStream out;
  private final PrintStream err;
  private final StepContext.Environment env;

  public AgentMain() {
    this(System.out, System.err, StepContext.Environment.defaults());
  }

  AgentMain(PrintStream out, PrintStream err, StepContext.Environment env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    quietLibraries();
    System.exit(commandLine(new AgentMain()).execute(args));
  }

  static CommandLine commandLine(AgentMain agent) {
    CommandLine cl = new CommandLine(agent);
    cl.registerConverter(URI.class, URI::new);
    cl.setOut(new java.io.PrintWriter(agent.out, true));
    cl.setErr(new java.io.PrintWriter(agent.err, true));
    return cl;
  }

  /** Runs with the given streams; for tests and embedding. */
  public static int run(
      PrintStream out, PrintStream err, StepContext.Environment env, String... args) {
    return commandLine(new AgentMain(out, err, env)).execute(args);
  }

  private static void quietLibraries() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  @Override
  public Integer call() {
    Optional<String> usage = resolveOptions();
    if (usage.isPresent()) {
      err.println("lui-agent: " + usage.get());
      return USAGE;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    List<Reporter> local;
    try {
      local = localReporters();
    } catch (IOException e) {
      err.println("lui-agent: cannot open log file: " + e.getMessage());
      return USAGE;
    }
    // Until the server has issued a run (by answering the plan fetch) events stay local: the
    // server accepts events only for runs it issued.
    Reporter reporter = new CompositeReporter(local);
    try {
      IssuedPlan issued;
      try {
        issued = loadPlan(http);
      } catch (InvalidPlanException e) {
        EventLog.newRun(reporter)
            .installFinished(false, Optional.of("invalid plan: " + e.getMessage()));
        return USAGE;
      } catch (IOException e) {
        EventLog.newRun(reporter)
            .installFinished(false, Optional.of("cannot get the plan: " + e.getMessage()));
        return FAILED;
      }
      if (server.isPresent()) {
        List<Reporter> all = new ArrayList<>(local);
        all.add(
            new HttpReporter(
                http,
                HttpReporter.eventsUri(server.get(), node.get()),
                token.get(),
                HttpReporter.Options.defaults(),
                spool()));
        reporter = new CompositeReporter(all);
      }
      EventLog events =
          issued.runId().isPresent()
              ? new EventLog(issued.runId().get(), reporter, java.time.Clock.systemUTC())
              : EventLog.newRun(reporter);
      issued
          .serverVersion()
          .filter(v -> !v.equals(BuildInfo.current().toString()))
          .ifPresent(
              v ->
                  events.log(
                      "agent",
                      "warning: this agent is lui "
                          + BuildInfo.current()
                          + " but the server is lui "
                          + v.replaceAll("\\p{Cntrl}", "?")
                          + "; installing anyway (an image built with the server's lui matches:"
                          + " lui image build)"));
      InstallPlan plan = issued.plan();
      if (node.isPresent() && !plan.node().name().equals(node.get())) {
        events.installFinished(
            false,
            Optional.of("plan is for node '" + plan.node().name() + "', not '" + node.get() + "'"));
        return USAGE;
      }
      events.log(
          "agent",
          (dryRun ? "dry-run of " : "installing ")
              + "node "
              + plan.node().name()
              + " (run "
              + events.runId()
              + ")");
      Fetcher fetcher = new Fetcher(http, server, token);
      StepContext ctx =
          new StepContext(plan, new CommandRunner(events, dryRun), events, fetcher, target, env);
      boolean ok = new Installer(!noFinish && !dryRun).run(ctx);
      return ok ? OK : FAILED;
    } finally {
      reporter.close();
    }
  }

  /** Fills server/node/token from the kernel command line if asked; returns a usage error. */
  private Optional<String> resolveOptions() {
    if (fromCmdline) {
      String cmdline;
      try {
        cmdline = Files.readString(cmdlineFile);
      } catch (IOException e) {
        return Optional.of("--from-cmdline: cannot read " + cmdlineFile + ": " + e.getMessage());
      }
      for (String word : cmdline.trim().split("\\s+")) {
        if (word.startsWith("lui.server=") && server.isEmpty()) {
          try {
            server = Optional.of(new URI(word.substring("lui.server=".length())));
          } catch (java.net.URISyntaxException e) {
            return Optional.of(
                "lui.server= on the kernel command line is not a URL: " + e.getMessage());
          }
        } else if (word.startsWith("lui.node=") && node.isEmpty()) {
          node = Optional.of(word.substring("lui.node=".length()));
        }
      }
      if (token.isEmpty() && tokenFile.isEmpty()) {
        tokenFile = Optional.of(cmdlineTokenFile);
      }
    }
    if (planFile.isPresent()) {
      if (server.isPresent() || node.isPresent() && !fromCmdline) {
        return Optional.of("--plan cannot be combined with --server/--node");
      }
      return Optional.empty();
    }
    if (server.isEmpty() || node.isEmpty()) {
      return Optional.of(
          "give --plan FILE, or --server URL --node NAME with --token/--token-file"
              + (fromCmdline ? " (lui.server= / lui.node= missing from " + cmdlineFile + ")" : ""));
    }
    String scheme = Optional.ofNullable(server.get().getScheme()).orElse("");
    if (!scheme.equals("http") && !scheme.equals("https") || server.get().getHost() == null) {
      return Optional.of("--server must be an http(s):// URL, got " + server.get());
    }
    if (!NODE.matcher(node.get()).matches()) {
      return Optional.of("--node '" + node.get() + "' must be 1-64 of [A-Za-z0-9._-]");
    }
    if (token.isPresent() && tokenFile.isPresent()) {
      return Optional.of("give --token or --token-file, not both");
    }
    if (tokenFile.isPresent()) {
      try {
        token = Optional.of(Files.readString(tokenFile.get()).trim());
      } catch (IOException e) {
        return Optional.of("cannot read token file " + tokenFile.get() + ": " + e.getMessage());
      }
    }
    if (token.isEmpty() || token.get().isEmpty()) {
      return Optional.of("--server needs an install token (--token or --token-file)");
    }
    return Optional.empty();
  }

  /** The console, and the log file when asked for (or when there is no server). */
  private List<Reporter> localReporters() throws IOException {
    List<Reporter> list = new ArrayList<>();
    Optional<Path> file =
        logFile.or(
            () -> server.isEmpty() ? Optional.of(Path.of("lui-agent.log")) : Optional.empty());
    List<String> hints = new ArrayList<>();
    file.ifPresent(f -> hints.add("Agent log (JSON lines): " + f.toAbsolutePath()));
    server.ifPresent(
        s -> hints.add("Full log on the server " + s + ": lui logs " + node.orElse("NODE")));
    list.add(new ConsoleReporter(out, hints));
    if (file.isPresent()) {
      list.add(new FileReporter(file.get()));
    }
    return list;
  }

  /** The event spool for this server, node and token; memory when the directory is unusable. */
  private EventQueue spool() {
    try {
      SpoolFile spool =
          SpoolFile.open(spoolDir, SpoolFile.nameFor(server.get(), node.get(), token.get()));
      if (spool.size() > 0) {
        err.println(
            "lui-agent: "
                + spool.size()
                + " events of an earlier run are still in "
                + spool.file()
                + "; sending them first");
      }
      return spool;
    } catch (IOException | RuntimeException e) {
      err.println(
          "lui-agent: cannot use the event spool in "
              + spoolDir
              + " ("
              + e.getMessage()
              + "); events wait in memory, and an agent restart would lose the undelivered ones");
      return new MemoryQueue();
    }
  }

  /**
   * A plan, the run the server opened for it and the server's version (neither for a local plan
   * file).
   */
  private record IssuedPlan(
      InstallPlan plan, Optional<String> runId, Optional<String> serverVersion) {}

  private IssuedPlan loadPlan(HttpClient http) throws IOException, InvalidPlanException {
    if (planFile.isPresent()) {
      String json;
      try {
        json = Files.readString(planFile.get());
      } catch (IOException e) {
        // A missing/unreadable plan file is a usage error: nothing was touched.
        throw new InvalidPlanException("$", "cannot read plan file " + planFile.get() + ": " + e);
      }
      return new IssuedPlan(PlanCodec.fromJson(json), Optional.empty(), Optional.empty());
    }
    URI uri =
        URI.create(
            server.get().toString().replaceAll("/+$", "")
                + AgentApi.planPath(node.get())
                + (dryRun ? "?rehearsal=true" : ""));
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token.get())
            .GET()
            .build();
    IOException last = null;
    for (int attempt = 1; attempt <= 5; attempt++) {
      try {
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 200) {
          return new IssuedPlan(
              PlanCodec.fromJson(resp.body()),
              resp.headers().firstValue(AgentApi.RUN_HEADER),
              resp.headers().firstValue(AgentApi.VERSION_HEADER));
        }
        last =
            new IOException(
                "GET " + uri + " answered HTTP " + resp.statusCode() + problem(resp.body()));
        if (resp.statusCode() / 100 == 4) {
          throw last; // wrong node or token, or not armed: retrying will not help
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching the plan", e);
      } catch (java.net.http.HttpTimeoutException | java.net.ConnectException e) {
        last = new IOException("GET " + uri + ": " + e, e);
      }
      sleep(1000L << (attempt - 1));
    }
    throw last;
  }

  /** The server's one-line reason from a problem body, if it sent one. */
  private static String problem(String body) {
    try {
      String message =
          dev.lui.contract.AgentJson.newMapper().readTree(body).path("message").asText("");
      return message.isBlank() ? "" : ": " + message.replaceAll("\\p{Cntrl}", "?");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
