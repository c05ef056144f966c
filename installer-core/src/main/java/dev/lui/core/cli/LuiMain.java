package dev.lui.core.cli;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.TerminalText;
import dev.lui.core.demo.DemoCommand;
import java.io.PrintWriter;
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
    },
    subcommands = {
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
      StatusCommands.Logs.class,
      ReportCommands.Report.class,
      ReportCommands.Dhcp.class,
      ReportCommands.Dns.class,
      ApplyCommand.class,
      ExportCommand.Export.class,
      ImageCommands.Parent.class,
      BootFilesCommands.Parent.class,
      dev.lui.tftp.cli.TftpCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LuiMain implements Runnable {
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
    quietUnlessDaemon(args, System.getenv("LUI_LOG_LEVEL") != null);
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Client commands print their own results; lui's INFO log lines would only repeat them on stderr.
   * So below the daemons ({@code server}, {@code tftp}) lui logs warnings only, unless {@code
   * --debug} or LUI_LOG_LEVEL asks for more. Returns whether it lowered the level.
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
    if (org.slf4j.LoggerFactory.getLogger("dev.lui") instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.WARN);
      return true;
    }
    return false;
  }

  /** Runs {@code lui ARGS} with the given writers and returns its exit code (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  public static CommandLine commandLine() {
    // lui demo runs its steps through this very command line; handing it in keeps demo off cli.
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine cli =
        new CommandLine(
            new LuiMain(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                return type == DemoCommand.class
                    ? type.cast(new DemoCommand(LuiMain::run))
                    : defaults.create(type);
              }
            });
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
        (e, args) -> {
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
}
