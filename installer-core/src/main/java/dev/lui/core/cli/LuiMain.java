package dev.lui.core.cli;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.TerminalText;
import dev.lui.core.demo.DemoCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lui}: the one entry point. Only {@link #main} calls System.exit. */
@Command(
    name = "lui",
    mixinStandardHelpOptions = true,
    // Every subcommand inherits --help and --version: an admin types 'lui server --help' first.
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = LuiMain.Version.class,
    usageHelpAutoWidth = true,
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nCommands:%n",
    parameterListHeading = "%n",
    description = {
      "Network installer for Linux clusters: define nodes and resources, and lui publishes"
          + " DHCP/BOOTP and boot entries, serves TFTP, and each node's agent installs the node from"
          + " its plan.",
      "",
      "How a client command finds the server (an option wins over its variable):",
      "  --server URL (LUI_SERVER), e.g. http://127.0.0.1:8081, the admin listener,",
      "    with --token-file FILE (LUI_TOKEN_FILE) or the token in LUI_TOKEN; else",
      "  --state DIR (LUI_STATE): a server's state directory on this host (default",
      "    /var/lib/lui), where it wrote its URL and admin token.",
      "A server started with 'lui server --state /tmp/lui' is reached with 'lui list-nodes --state"
          + " /tmp/lui', or after 'export LUI_STATE=/tmp/lui'.",
      "Exit codes: 0 success, 1 the operation failed, 2 bad usage or invalid input."
    },
    footer = {
      "",
      "Examples:",
      "  lui server --state /tmp/lui --http 127.0.0.1:8080 --tftp 127.0.0.1:6969 --allow-loopback &",
      "  export LUI_STATE=/tmp/lui",
      "  lui define-node n01 --mac 52:54:00:00:00:01 --ip 10.0.0.11/24",
      "  lui list-nodes",
      "  lui help define-node     # every command's options and examples"
    })
public final class LuiMain implements Runnable {
  /**
   * Every subcommand, in the order {@code lui --help} lists them. Here rather than in
   * {@code @Command(subcommands)} so that a run builds only the command it runs (see {@link
   * #commandLine(String[])}).
   */
  static final List<Class<?>> COMMANDS =
      List.of(
          ServerCommand.class,
          NodeCommands.Define.class,
          ResourceCommands.Define.class,
          ResourceCommands.Update.class,
          GroupCommands.DefineGroup.class,
          GroupCommands.SetGroup.class,
          NetworkCommands.Define.class,
          AllocationCommands.Allocate.class,
          AllocationCommands.Deallocate.class,
          NodeCommands.ListNodes.class,
          ResourceCommands.ListResources.class,
          GroupCommands.ListGroups.class,
          NetworkCommands.ListNetworks.class,
          NodeCommands.Show.class,
          ResourceCommands.Show.class,
          InstallCommands.Remove.class,
          ResourceCommands.Remove.class,
          GroupCommands.RemoveGroup.class,
          NetworkCommands.Remove.class,
          InstallCommands.Install.class,
          PowerCommand.class,
          StatusCommands.Status.class,
          LogsCommand.Logs.class,
          TimelineCommand.class,
          ReportCommands.Report.class,
          ReportCommands.Dhcp.class,
          ReportCommands.Dns.class,
          ApplyCommand.class,
          ExportCommand.Export.class,
          ImageCommands.Parent.class,
          BootFilesCommands.Parent.class,
          dev.lui.tftp.cli.TftpCommand.class,
          DemoCommand.class,
          CommandLine.HelpCommand.class);

  @Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces of errors.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code lui --version}: the version and commit this jar was built from. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"lui " + dev.lui.contract.BuildInfo.current()};
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command (lui --help lists them)");
  }

  public static void main(String[] args) {
    quietUnlessDaemon(args, System.getenv(LOG_LEVEL) != null);
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Client commands print their own results; lui's INFO log lines would only repeat them on stderr.
   * So below the daemons ({@code server}, {@code tftp}) lui logs warnings only, unless {@code
   * --debug} or LUI_LOG_LEVEL asks for more. Returns whether it lowered the level. It sets the
   * level logback.xml reads rather than asking logback: a command that logs nothing then never
   * starts logback (a fifth of a client's start-up).
   */
  static boolean quietUnlessDaemon(String[] args, boolean levelFromEnvironment) {
    String command = "";
    for (String a : args) {
      if (a.equals("--debug")) {
        return false;
      }
      if (command.isEmpty() && !a.startsWith("-")) {
        command = a;
      }
    }
    if (levelFromEnvironment || command.equals("server") || command.equals("tftp")) {
      return false;
    }
    System.setProperty(LOG_LEVEL, "WARN");
    return true;
  }

  /**
   * The variable logback.xml takes lui's log level from (a system property, else the environment).
   */
  static final String LOG_LEVEL = "LUI_LOG_LEVEL";

  /** Runs {@code lui ARGS} with the given writers and returns its exit code (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(args);
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /** The whole command tree, as {@code lui --help} shows it. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line that runs {@code args}: lui and only the subcommand they name, when they name
   * one. Picocli reads every option of every command it is given, and a client command would pay
   * for the server's settings table and all the rest on each run; help, a mistyped command (for its
   * suggestions) and no command at all get the whole tree.
   */
  static CommandLine commandLine(String[] args) {
    // lui demo runs its steps through this very command line; handing it in keeps demo off cli.
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            return type == DemoCommand.class
                ? type.cast(new DemoCommand(LuiMain::run))
                : defaults.create(type);
          }
        };
    CommandLine cli = new CommandLine(new LuiMain(), factory);
    Optional<Class<?>> named = named(args);
    for (Class<?> command : named.map(List::<Class<?>>of).orElse(COMMANDS)) {
      cli.addSubcommand(new CommandLine(command, factory));
    }
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean debug =
              parseResult.hasMatchedOption("--debug")
                  || parseResult.subcommands().stream()
                      .anyMatch(p -> p.hasMatchedOption("--debug"));
          PrintWriter err = commandLine.getErr();
          int code;
          if (e instanceof InvalidValueException ive) {
            e = LuiException.invalid(ive); // a leaf's refusal no core call site translated
          }
          if (e instanceof LuiException le) {
            err.println("lui: " + TerminalText.escape(le.getMessage()));
            code = le.kind().exitCode();
          } else {
            err.println("lui: internal error: " + TerminalText.escape(e.toString()));
            code = ErrorKind.EXIT_FAILED;
          }
          if (debug) {
            e.printStackTrace(err);
          }
          err.flush();
          return code;
        });
    cli.setParameterExceptionHandler(
        (e, parsed) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("lui: " + TerminalText.escape(e.getMessage()));
          // "Did you mean: list-nodes?" for a mistyped command or option
          CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
          err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return ErrorKind.EXIT_USAGE;
        });
    HelpOptions.everywhere(cli);
    return cli;
  }

  /** The subcommand {@code args} run, unless it is help or none is named. */
  private static Optional<Class<?>> named(String[] args) {
    Optional<String> first = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst();
    if (first.isEmpty() || first.get().equals("help")) {
      return Optional.empty();
    }
    for (Class<?> command : COMMANDS) {
      Command c = command.getAnnotation(Command.class);
      if (c.name().equals(first.get()) || Arrays.asList(c.aliases()).contains(first.get())) {
        return Optional.of(command);
      }
    }
    return Optional.empty();
  }
}
