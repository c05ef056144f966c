package dev.lui.dhcp;

import dev.lui.contract.value.InvalidValueException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one backend's file goes and how it is checked and reloaded. Commands are argument arrays
 * (never a shell); {@code {file}} in an argument is replaced by the candidate file's path.
 *
 * @param format short name for messages and the CLI, e.g. {@code isc} or {@code bootptab}
 * @param validateCommand run on the candidate before it replaces {@code file}; non-zero exit
 *     rejects it
 * @param reloadCommand run after {@code file} changed, e.g. {@code systemctl restart
 *     isc-dhcp-server}
 */
public record DhcpTarget(
    String format,
    DhcpRenderer renderer,
    Path file,
    Optional<List<String>> validateCommand,
    Optional<List<String>> reloadCommand) {

  /** Placeholder replaced by the candidate file's path in {@link #validateCommand()}. */
  public static final String FILE_PLACEHOLDER = "{file}";

  /** Where Debian's isc-dhcp-server installs the daemon. */
  public static final Path DHCPD = Path.of("/usr/sbin/dhcpd");

  /** Where Debian's kea-dhcp4-server installs the daemon. */
  public static final Path KEA_DHCP4 = Path.of("/usr/sbin/kea-dhcp4");

  /** Where Debian's dnsmasq-base installs dnsmasq. */
  public static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

  public DhcpTarget {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(renderer, "renderer");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(validateCommand, "validateCommand");
    Objects.requireNonNull(reloadCommand, "reloadCommand");
    if (!format.matches("[a-z0-9-]{1,32}")) {
      throw new InvalidValueException(
          "format",
          format,
          "must be 1..32 of a-z, 0-9, '-'",
          "format '" + format + "' is invalid: must be 1..32 of a-z, 0-9, '-'");
    }
    if (file.getFileName() == null) {
      throw new InvalidValueException(
          "file",
          file.toString(),
          "must name a file",
          "file '" + file + "' is invalid: must name a file");
    }
    validateCommand = validateCommand.map(c -> checkCommand("validateCommand", c));
    reloadCommand = reloadCommand.map(c -> checkCommand("reloadCommand", c));
  }

  /**
   * A complete kea-dhcp4.conf at {@code file}, rendered by {@code renderer} (e.g. {@code
   * DhcpFormats.kea()}); validated with {@code kea-dhcp4 -t} when asked.
   */
  public static DhcpTarget kea(Path file, DhcpRenderer renderer, boolean validateWithKea) {
    return plain("kea", renderer, file).validatedWhen(validateWithKea, keaValidateCommand());
  }

  /** A dnsmasq conf file at {@code file}; validated with {@code dnsmasq --test} when asked. */
  public static DhcpTarget dnsmasq(Path file, DhcpRenderer renderer, boolean validateWithDnsmasq) {
    return plain("dnsmasq", renderer, file)
        .validatedWhen(validateWithDnsmasq, dnsmasqValidateCommand());
  }

  /** {@code kea-dhcp4 -t {file}}: parses and checks the config, opens no socket. */
  public static List<String> keaValidateCommand() {
    return List.of(KEA_DHCP4.toString(), "-t", FILE_PLACEHOLDER);
  }

  /**
   * {@code dnsmasq --test --conf-file={file}}: a syntax check of that file alone (naming a conf
   * file stops dnsmasq reading /etc/dnsmasq.conf); starts no daemon.
   */
  public static List<String> dnsmasqValidateCommand() {
    return List.of(DNSMASQ.toString(), "--test", "--conf-file=" + FILE_PLACEHOLDER);
  }

  /** This target with {@code command} run after each change. */
  public DhcpTarget withReload(List<String> command) {
    return new DhcpTarget(format, renderer, file, validateCommand, Optional.of(command));
  }

  /** This target with {@code command} checking each candidate. */
  public DhcpTarget withValidation(List<String> command) {
    return new DhcpTarget(format, renderer, file, Optional.of(command), reloadCommand);
  }

  /** A target with neither validation nor reload. */
  public static DhcpTarget plain(String format, DhcpRenderer renderer, Path file) {
    return new DhcpTarget(format, renderer, file, Optional.empty(), Optional.empty());
  }

  /** This target checked by {@code command} if {@code wanted}, else as it is. */
  public DhcpTarget validatedWhen(boolean wanted, List<String> command) {
    return wanted ? withValidation(command) : this;
  }

  /** The dhcpd binary if it is installed at {@link #DHCPD}. */
  public static Optional<Path> findDhcpd() {
    return Files.isExecutable(DHCPD) ? Optional.of(DHCPD) : Optional.empty();
  }

  /**
   * {@code dhcpd -t -4 -cf {file}}: parse the config only (no sockets, no lease file). Not {@code
   * -q}: that also silences the error that says what is wrong. If dhcpd is not installed the
   * command still names {@link #DHCPD}, so publishing fails saying it cannot be run.
   */
  public static List<String> dhcpdValidateCommand() {
    return List.of(DHCPD.toString(), "-t", "-4", "-cf", FILE_PLACEHOLDER);
  }

  private static List<String> checkCommand(String field, List<String> command) {
    List<String> copy = List.copyOf(command); // also rejects null elements
    if (copy.isEmpty() || copy.get(0).isBlank()) {
      throw new InvalidValueException(
          field,
          String.join(" ", copy),
          "must start with a program path",
          field + " '" + copy + "' is invalid: must start with a program path");
    }
    return copy;
  }
}
