package dev.lui.core.publish;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.core.LuiException;
import dev.lui.core.config.ServerConfig;
import dev.lui.dhcp.DhcpHost;
import dev.lui.dhcp.DhcpHosts;
import dev.lui.dhcp.dns.DnsUpdater;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the nodes' A and PTR records on the admin's DNS server with RFC 2136 updates signed with
 * TSIG. DNS is not on the install path: a refused update is logged and shown in {@code lui status},
 * and never undoes a definition.
 */
public final class DnsUpdates {
  private static final Logger LOG = LoggerFactory.getLogger(DnsUpdates.class);
  private static final Pattern KEY =
      Pattern.compile("key\\s+\"?([A-Za-z0-9._-]+)\"?\\s*\\{(.*?)\\}\\s*;", Pattern.DOTALL);
  private static final Pattern ALGORITHM =
      Pattern.compile("algorithm\\s+\"?([A-Za-z0-9-]+)\"?\\s*;");
  private static final Pattern SECRET = Pattern.compile("secret\\s+\"([A-Za-z0-9+/=]+)\"\\s*;");

  private final DnsUpdater updater;
  private final String domain;
  private final AtomicReference<Optional<String>> lastFailure =
      new AtomicReference<>(Optional.empty());

  private DnsUpdates(DnsUpdater updater, String domain) {
    this.updater = updater;
    this.domain = domain.endsWith(".") ? domain : domain + ".";
  }

  /** From the server's settings; empty unless both --dns-server and --dns-update-key are set. */
  public static Optional<DnsUpdates> of(ServerConfig config) {
    if (config.dns().updateKey().isEmpty()) {
      return Optional.empty();
    }
    Path keyFile = config.dns().updateKey().get();
    InetSocketAddress server =
        config
            .dns()
            .server()
            .orElseThrow(
                () ->
                    LuiException.invalid(
                        "--dns-update-key",
                        keyFile.toString(),
                        "needs --dns-server HOST:PORT, the server to send the updates to"));
    String text;
    try {
      text = Files.readString(keyFile);
    } catch (IOException e) {
      throw LuiException.invalid(
          "--dns-update-key", keyFile.toString(), "cannot read it: " + e.getMessage());
    }
    Matcher key = KEY.matcher(text);
    if (!key.find()) {
      throw LuiException.invalid(
          "--dns-update-key",
          keyFile.toString(),
          "a BIND key statement, key \"NAME\" { algorithm hmac-sha256; secret \"BASE64\"; }; (tsig-keygen NAME writes one)");
    }
    Matcher alg = ALGORITHM.matcher(key.group(2));
    Matcher secret = SECRET.matcher(key.group(2));
    if (!alg.find() || !secret.find()) {
      // Never quote the file: it holds the secret.
      throw LuiException.invalid(
          "--dns-update-key",
          keyFile.toString(),
          "the key statement needs an algorithm and a quoted base64 secret");
    }
    try {
      return Optional.of(
          new DnsUpdates(
              new DnsUpdater(
                  server, key.group(1), alg.group(1), secret.group(1), Duration.ofSeconds(5)),
              config.dns().domain()));
    } catch (InvalidValueException e) {
      throw LuiException.invalid("--dns-update-key", keyFile.toString(), e.getMessage());
    }
  }

  /** Sets the records of {@code current} and deletes those of {@code removed}. */
  void publish(List<DhcpHost> current, List<DhcpHost> removed) {
    try {
      if (!removed.isEmpty()) {
        updater.removeForward(domain, removed);
        for (DhcpHosts.Network network : DhcpHosts.networks(removed)) {
          updater.removeReverse(network, removed);
        }
      }
      if (!current.isEmpty()) {
        updater.replaceForward(domain, current);
        for (DhcpHosts.Network network : DhcpHosts.networks(current)) {
          updater.replaceReverse(network, domain, current);
        }
      }
      lastFailure.set(Optional.empty());
    } catch (DnsUpdater.DnsUpdateException | IllegalArgumentException e) {
      LOG.warn("DNS update failed: {}", e.getMessage());
      lastFailure.set(Optional.of(e.getMessage()));
    }
  }

  public Optional<String> lastFailure() {
    return lastFailure.get();
  }
}
