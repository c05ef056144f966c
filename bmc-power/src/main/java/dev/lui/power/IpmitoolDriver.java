package dev.lui.power;

import dev.lui.io.Command;
import dev.lui.io.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPMI 2.0 (RMCP+, {@code -I lanplus}) through ipmitool, one process per call, from an argument
 * array through lui-io's {@link ProcessRunner}:
 *
 * <pre>
 * ipmitool -I lanplus -H HOST -p PORT -U USER -E -N SECONDS -R RETRIES [-C SUITE] -v chassis ...
 * </pre>
 *
 * <ul>
 *   <li>The password reaches ipmitool in its environment ({@code IPMI_PASSWORD}, read because of
 *       {@code -E}): never in its arguments, which every user of the machine may read in {@code
 *       /proc/PID/cmdline}, and never in a log line. A process's environment is readable by its
 *       owner and root only.
 *   <li>{@code -N} and {@code -R} are always given, so an unreachable BMC fails in a known time:
 *       ipmitool 1.8.19 sends its first request twice, each {@code R} times with timeouts {@code N,
 *       N+1, ...} seconds, so it gives up after {@code 2 * (R*N + R*(R-1)/2)} seconds ({@link
 *       Options#unreachableAfter}; 6 s with -N 1 -R 2, measured). A process still running at the
 *       deadline is killed (with its children).
 *   <li>{@code -v} makes ipmitool say why a session failed (without it a wrong password and an
 *       unreachable BMC print the same line); its texts are mapped to one-line messages below.
 * </ul>
 */
public final class IpmitoolDriver implements BmcDriver {
  /** The environment variable ipmitool's {@code -E} reads the password from. */
  public static final String PASSWORD_ENV = "IPMI_PASSWORD";

  private static final Logger log = LoggerFactory.getLogger(IpmitoolDriver.class);

  private static final Pattern STATUS = Pattern.compile("Chassis Power is (on|off)");
  private static final Pattern BOOT_FLAGS_FAILED =
      Pattern.compile("Set Chassis Boot Parameter 5 failed: ?(.*)");

  /** What ipmitool -v prints on a successful command too: never the reason of a failure. */
  private static final List<String> NOISE =
      List.of(
          "Loading IANA PEN Registry",
          "Running Get VSO Capabilities",
          "Invalid completion code received",
          "Discovered IPMB address",
          "Get HPM.x Capabilities");

  /**
   * How ipmitool is run.
   *
   * @param program the ipmitool to run (a name on PATH or a path)
   * @param timeoutSeconds {@code -N}: seconds to wait for an answer to the first try of a request
   * @param retries {@code -R}: tries of each request
   * @param cipherSuite {@code -C}: the RMCP+ cipher suite; empty lets ipmitool choose (it then asks
   *     the BMC for its suites first, which ipmi_sim does not answer: give 3 there)
   * @param deadline when a still running ipmitool is killed
   */
  public record Options(
      String program,
      int timeoutSeconds,
      int retries,
      Optional<Integer> cipherSuite,
      Duration deadline) {
    public Options {
      Objects.requireNonNull(program, "program");
      Objects.requireNonNull(cipherSuite, "cipherSuite");
      Objects.requireNonNull(deadline, "deadline");
      if (timeoutSeconds < 1 || timeoutSeconds > 60) {
        throw new IllegalArgumentException(
            "ipmitool timeout (-N) '" + timeoutSeconds + "' is invalid: must be 1-60 seconds");
      }
      if (retries < 1 || retries > 10) {
        throw new IllegalArgumentException(
            "ipmitool retries (-R) '" + retries + "' is invalid: must be 1-10");
      }
      cipherSuite.ifPresent(
          c -> {
            if (c < 0 || c > 255) {
              throw new IllegalArgumentException(
                  "cipher suite (-C) '" + c + "' is invalid: must be 0-255");
            }
          });
      Duration unreachable = unreachableAfter(timeoutSeconds, retries);
      if (deadline.compareTo(unreachable) <= 0) {
        throw new IllegalArgumentException(
            "ipmitool deadline '"
                + deadline
                + "' is invalid: must be longer than the "
                + unreachable.toSeconds()
                + " s ipmitool takes to give up on an unreachable BMC with -N "
                + timeoutSeconds
                + " -R "
                + retries);
      }
    }

    /** {@code ipmitool}, -N 2, -R 2 (an unreachable BMC fails after 10 s), killed after 30 s. */
    public static Options defaults() {
      return new Options("ipmitool", 2, 2, Optional.empty(), Duration.ofSeconds(30));
    }

    public Options withProgram(String program) {
      return new Options(program, timeoutSeconds, retries, cipherSuite, deadline);
    }

    /** -N and -R, and a deadline of their unreachable time plus 20 s. */
    public Options withTimeouts(int timeoutSeconds, int retries) {
      return new Options(
          program,
          timeoutSeconds,
          retries,
          cipherSuite,
          unreachableAfter(timeoutSeconds, retries).plusSeconds(20));
    }

    public Options withCipherSuite(int suite) {
      return new Options(program, timeoutSeconds, retries, Optional.of(suite), deadline);
    }

    public Options withDeadline(Duration deadline) {
      return new Options(program, timeoutSeconds, retries, cipherSuite, deadline);
    }

    /** How long ipmitool tries an unreachable BMC before it gives up. */
    public Duration unreachableAfter() {
      return unreachableAfter(timeoutSeconds, retries);
    }

    static Duration unreachableAfter(int n, int r) {
      return Duration.ofSeconds(2L * (r * n + r * (r - 1) / 2));
    }
  }

  private final Options options;

  public IpmitoolDriver() {
    this(Options.defaults());
  }

  public IpmitoolDriver(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public Options options() {
    return options;
  }

  @Override
  public PowerState status(BmcAddress bmc, BmcPassword password)
      throws BmcException, InterruptedException {
    Outcome out = run(bmc, password, List.of("chassis", "power", "status"));
    Matcher m = STATUS.matcher(out.stdout());
    if (!m.find()) {
      throw new BmcException(
          BmcFailure.FAILED,
          "BMC "
              + bmc.hostPort()
              + " gave no power state (ipmitool printed '"
              + firstLine(out.stdout())
              + "')");
    }
    return m.group(1).equals("on") ? PowerState.ON : PowerState.OFF;
  }

  @Override
  public void powerOn(BmcAddress bmc, BmcPassword password)
      throws BmcException, InterruptedException {
    run(bmc, password, List.of("chassis", "power", "on"));
  }

  @Override
  public void powerOff(BmcAddress bmc, BmcPassword password)
      throws BmcException, InterruptedException {
    run(bmc, password, List.of("chassis", "power", "off"));
  }

  @Override
  public void powerCycle(BmcAddress bmc, BmcPassword password)
      throws BmcException, InterruptedException {
    run(bmc, password, List.of("chassis", "power", "cycle"));
  }

  @Override
  public void setNextBoot(BmcAddress bmc, BmcPassword password, BootDevice device)
      throws BmcException, InterruptedException {
    Outcome out = run(bmc, password, List.of("chassis", "bootdev", bootdev(device)));
    // ipmitool exits 0 even when the BMC refuses the boot flags (parameter 5): read what it said.
    // A refused boot info acknowledge (parameter 4) alone does not matter.
    for (String line : out.stderr()) {
      Matcher m = BOOT_FLAGS_FAILED.matcher(line);
      if (m.find()) {
        throw new BmcException(
            BmcFailure.UNSUPPORTED,
            "BMC "
                + bmc.hostPort()
                + " refused to set the next boot device to "
                + bootdev(device)
                + " ("
                + m.group(1).strip()
                + ")");
      }
    }
  }

  /** ipmitool's word for {@code device}. */
  static String bootdev(BootDevice device) {
    return switch (device) {
      case PXE -> "pxe";
    };
  }

  /** The argument array for {@code command} on {@code bmc}: never a password. */
  List<String> argv(BmcAddress bmc, List<String> command) {
    List<String> argv = new ArrayList<>();
    argv.add(options.program());
    argv.addAll(List.of("-I", "lanplus", "-H", bmc.host(), "-p", String.valueOf(bmc.port())));
    argv.addAll(List.of("-U", bmc.user(), "-E"));
    argv.addAll(
        List.of(
            "-N",
            String.valueOf(options.timeoutSeconds()),
            "-R",
            String.valueOf(options.retries())));
    options.cipherSuite().ifPresent(c -> argv.addAll(List.of("-C", String.valueOf(c))));
    argv.add("-v");
    argv.addAll(command);
    return argv;
  }

  private record Outcome(String stdout, List<String> stderr) {}

  private Outcome run(BmcAddress bmc, BmcPassword password, List<String> command)
      throws BmcException, InterruptedException {
    List<String> argv = argv(bmc, command);
    ProcessRunner runner =
        new ProcessRunner(options.deadline())
            .withEnvironment(PASSWORD_ENV, password.reveal())
            .withEnvironment("LC_ALL", "C");
    List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    log.debug("{}: {}", bmc, Command.of(argv).display());
    long started = System.nanoTime();
    ProcessRunner.Result result;
    try {
      result =
          runner.run(
              Command.of(argv),
              (stream, line) -> {
                if (stream == ProcessRunner.Stream.STDERR) {
                  stderr.add(scrub(line, password));
                }
              });
    } catch (IOException e) {
      throw new BmcException(
          BmcFailure.NO_TOOL,
          "cannot run "
              + options.program()
              + " (Debian package ipmitool): "
              + scrub(String.valueOf(e.getMessage()), password));
    }
    long seconds = Math.max(1, Math.round((System.nanoTime() - started) / 1e9));
    List<String> errors = List.copyOf(stderr);
    String stdout = scrub(result.output(), password);
    log.debug(
        "{}: {} exit {}{}, stderr {}",
        bmc,
        String.join(" ", command),
        result.exitCode(),
        result.timedOut() ? " (killed at the deadline)" : "",
        errors);
    if (result.timedOut()) {
      throw new BmcException(
          BmcFailure.TIMED_OUT,
          "ipmitool did not finish within "
              + options.deadline().toSeconds()
              + " s for BMC "
              + bmc.hostPort()
              + " and was killed");
    }
    Optional<BmcException> failure = classify(bmc, errors, seconds);
    if (failure.isPresent()) {
      throw failure.get();
    }
    if (result.exitCode() != 0) {
      throw new BmcException(
          BmcFailure.FAILED,
          "ipmitool "
              + String.join(" ", command)
              + " exited with status "
              + result.exitCode()
              + " for BMC "
              + bmc.hostPort()
              + ": "
              + reason(errors));
    }
    return new Outcome(stdout, errors);
  }

  /**
   * What ipmitool 1.8.19's stderr says about a failed session (texts observed against ipmi_sim
   * 2.0.33 and a closed port, see docs/power.md).
   */
  static Optional<BmcException> classify(BmcAddress bmc, List<String> stderr, long seconds) {
    for (String line : stderr) {
      if (line.contains("RAKP 2 HMAC is invalid")
          || line.contains("unauthorized name")
          || line.contains("RAKP 2 message indicates an error")
          || line.contains("invalid authentication algorithm")) {
        return Optional.of(
            new BmcException(
                BmcFailure.REFUSED,
                "BMC refused the user or password (user "
                    + bmc.user()
                    + " at "
                    + bmc.hostPort()
                    + ")"));
      }
    }
    for (String line : stderr) {
      if (line.startsWith("Address lookup for")) {
        return Optional.of(
            new BmcException(
                BmcFailure.UNKNOWN_HOST, "BMC host name " + bmc.host() + " does not resolve"));
      }
    }
    for (String line : stderr) {
      if (line.contains("Get Auth Capabilities error")
          || line.contains("Error issuing Get Channel Authentication Capabilities")
          || line.contains("No response from remote controller")) {
        return Optional.of(
            new BmcException(
                BmcFailure.UNREACHABLE,
                "no answer from BMC " + bmc.hostPort() + " after " + seconds + " s"));
      }
    }
    return Optional.empty();
  }

  /** The line of stderr that says most: the last error, else the last line that is not noise. */
  private static String reason(List<String> stderr) {
    String last = "(no message)";
    for (String line : stderr) {
      String s = line.strip();
      if (s.isEmpty() || NOISE.stream().anyMatch(s::startsWith)) {
        continue;
      }
      last = s;
    }
    return last;
  }

  private static String firstLine(String text) {
    String s = text.strip();
    int eol = s.indexOf('\n');
    return eol < 0 ? s : s.substring(0, eol);
  }

  /** Never let the password through, whatever a tool echoes. */
  private static String scrub(String text, BmcPassword password) {
    return text.replace(password.reveal(), "****");
  }
}
