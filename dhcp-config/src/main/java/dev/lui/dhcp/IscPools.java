package dev.lui.dhcp;

import java.net.Inet4Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the dynamic pools ({@code range a [b];}, also inside {@code pool { }}) of the {@code
 * subnet} declarations in an admin's dhcpd.conf. A tolerant reader, not a validator: it skips what
 * it does not understand, since dhcpd itself checks the file.
 */
public final class IscPools {
  private IscPools() {}

  /**
   * One dynamic range.
   *
   * @param line the line of the {@code range} statement, for the warning
   */
  public record Pool(String subnet, Inet4Address first, Inet4Address last, int line) {
    public Pool {
      Objects.requireNonNull(subnet, "subnet");
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(last, "last");
    }

    public boolean contains(Inet4Address ip) {
      return DhcpChecks.inRange(ip, first, last);
    }

    /** E.g. {@code 10.0.0.100-10.0.0.200 (subnet 10.0.0.0/24, line 7)}. */
    public String describe() {
      return first.getHostAddress()
          + "-"
          + last.getHostAddress()
          + " (subnet "
          + subnet
          + ", line "
          + line
          + ")";
    }
  }

  private record Token(String text, int line) {}

  /** The pools of every {@code subnet} block in {@code dhcpdConf}, in file order. */
  public static List<Pool> parse(String dhcpdConf) {
    List<Token> tokens = tokenize(dhcpdConf);
    List<Pool> pools = new ArrayList<>();
    // The subnet each open block belongs to (empty outside any subnet).
    Deque<Optional<String>> blocks = new ArrayDeque<>();
    List<Token> statement = new ArrayList<>();
    for (Token t : tokens) {
      switch (t.text()) {
        case "{" -> {
          Optional<String> inherited = blocks.isEmpty() ? Optional.empty() : blocks.peek();
          blocks.push(subnetOf(statement).or(() -> inherited));
          statement.clear();
        }
        case "}" -> {
          if (!blocks.isEmpty()) {
            blocks.pop();
          }
          statement.clear();
        }
        case ";" -> {
          Optional<String> subnet = blocks.isEmpty() ? Optional.empty() : blocks.peek();
          if (subnet.isPresent()) {
            range(statement)
                .ifPresent(
                    r -> pools.add(new Pool(subnet.get(), r[0], r[1], statement.get(0).line())));
          }
          statement.clear();
        }
        default -> statement.add(t);
      }
    }
    return List.copyOf(pools);
  }

  private static Optional<String> subnetOf(List<Token> s) {
    if (s.size() == 4 && s.get(0).text().equals("subnet") && s.get(2).text().equals("netmask")) {
      try {
        Inet4Address net = Ipv4.parse(s.get(1).text());
        Inet4Address mask = Ipv4.parse(s.get(3).text());
        return Optional.of(net.getHostAddress() + "/" + Integer.bitCount(Ipv4.toInt(mask)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** {@code range [dynamic-bootp] LOW [HIGH]} -> {LOW, HIGH}. */
  private static Optional<Inet4Address[]> range(List<Token> s) {
    if (s.isEmpty() || !s.get(0).text().equals("range")) {
      return Optional.empty();
    }
    int i = 1;
    if (i < s.size() && s.get(i).text().equals("dynamic-bootp")) {
      i++;
    }
    try {
      if (s.size() == i + 1) {
        Inet4Address a = Ipv4.parse(s.get(i).text());
        return Optional.of(new Inet4Address[] {a, a});
      }
      if (s.size() == i + 2) {
        Inet4Address a = Ipv4.parse(s.get(i).text());
        Inet4Address b = Ipv4.parse(s.get(i + 1).text());
        return Optional.of(
            Ipv4.compare(a, b) <= 0 ? new Inet4Address[] {a, b} : new Inet4Address[] {b, a});
      }
    } catch (IllegalArgumentException e) {
      // A host name instead of a literal: dhcpd resolves it; we cannot without DNS.
    }
    return Optional.empty();
  }

  private static List<Token> tokenize(String text) {
    List<Token> out = new ArrayList<>();
    int line = 1;
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') {
            line++;
          }
          word.append(c);
        }
        continue;
      }
      if (c == '#') {
        while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{' || c == '}' || c == ';' || Character.isWhitespace(c)) {
        if (word.length() > 0) {
          out.add(new Token(word.toString(), line));
          word.setLength(0);
        }
        if (!Character.isWhitespace(c)) {
          out.add(new Token(String.valueOf(c), line));
        }
        if (c == '\n') {
          line++;
        }
      } else {
        word.append(c);
      }
    }
    if (word.length() > 0) {
      out.add(new Token(word.toString(), line));
    }
    return out;
  }
}
