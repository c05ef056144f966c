package dev.lui.nfsroot.export;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.Ipv4Network;
import dev.lui.nfsroot.check.Checks;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One exported directory and who may mount it. Root is never squashed: the installer runs as root
 * on the node and must read its 0600 token.
 *
 * @param dir absolute, normalised; only {@code [A-Za-z0-9._/+@-]}, so it needs no quoting in either
 *     {@code /etc/exports} or a ganesha config
 * @param clients IPv4 addresses or IPv4 networks ({@code 10.0.0.0/24}); at least one, no duplicates
 */
public record NfsExport(Path dir, List<String> clients, Access access) {
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/+@-]*");

  /** What clients may do. Node roots are read-only; RW exists for e.g. a log or state share. */
  public enum Access {
    RO,
    RW
  }

  public NfsExport {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(access, "access");
    String text = dir.toString();
    if (!dir.isAbsolute() || !dir.normalize().equals(dir) || !SAFE_PATH.matcher(text).matches()) {
      throw new InvalidValueException(
          "export dir",
          text,
          "an absolute, normalised path of [A-Za-z0-9._/+@-] only",
          "export dir "
              + Checks.quote(text)
              + " must be an absolute, normalised path of [A-Za-z0-9._/+@-] only");
    }
    Objects.requireNonNull(clients, "clients");
    clients = List.copyOf(clients);
    if (clients.isEmpty()) {
      throw new InvalidValueException(
          "clients of " + text,
          clients.toString(),
          "at least one client",
          "export of " + text + " needs at least one client");
    }
    for (String c : clients) {
      checkClient(c);
    }
    if (clients.stream().distinct().count() != clients.size()) {
      throw new InvalidValueException(
          "clients of " + text,
          clients.toString(),
          "each client once",
          "export of " + text + " lists a client twice: " + clients);
    }
  }

  /** The usual case: one node mounts its own root, read-only. */
  public static NfsExport readOnly(Path dir, String client) {
    return new NfsExport(dir, List.of(client), Access.RO);
  }

  /**
   * The plan contract's {@link Ipv4} or {@link Ipv4Network}: no leading zeros, which some parsers
   * read as octal.
   */
  private static void checkClient(String client) {
    Objects.requireNonNull(client, "client");
    try {
      if (client.contains("/")) {
        Ipv4Network.parse("export client", client);
      } else {
        Ipv4.parse("export client", client);
      }
    } catch (InvalidValueException e) {
      throw new InvalidValueException(
          "export client",
          client,
          "an IPv4 address (10.0.0.11) or network (10.0.0.0/24): " + e.rule(),
          "export client "
              + Checks.quote(client)
              + " must be an IPv4 address (10.0.0.11) or network (10.0.0.0/24): "
              + e.rule());
    }
  }
}
