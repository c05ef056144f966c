package dev.lui.core.publish;

import dev.lui.core.LuiException;
import dev.lui.core.config.DhcpBackendSettings;
import dev.lui.core.config.ServerConfig;
import dev.lui.dhcp.DhcpRenderer;
import dev.lui.dhcp.DhcpTarget;
import dev.lui.dhcp.file.ManagedBlock;
import dev.lui.dhcp.formats.DhcpFormats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP/BOOTP backends lui can keep, each in one place: its name (for {@code dhcp-backends}, the
 * API and {@code lui dhcp render}), what it is, and the target the server writes - file, renderer,
 * checker. The server's publisher and the render endpoint build targets through {@link #target}, so
 * a render is byte for byte what the server writes.
 */
public enum DhcpBackend {
  ISC("isc", "a complete dhcpd.conf (STATE/dhcp/dhcpd.conf), checked with dhcpd -t") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return new DhcpTarget(
          "isc",
          DhcpFormats.isc(c.boot().firmware()),
          c.dhcpDir().resolve("dhcpd.conf"),
          checker(c, DhcpTarget.DHCPD, DhcpTarget.dhcpdValidateCommand()),
          Optional.empty());
    }
  },
  ISC_MANAGED(
      "isc-managed", "lui's hosts in a marked block of your own dhcpd.conf (--dhcp-admin-conf)") {
    @Override
    DhcpTarget base(ServerConfig c) {
      Path file =
          c.dhcp()
              .adminConf()
              .orElseThrow(
                  () ->
                      LuiException.invalid(
                          "dhcp-backends",
                          "isc-managed",
                          "needs --dhcp-admin-conf FILE, the dhcpd.conf to manage a block in"));
      return new DhcpTarget(
          "isc-managed",
          managedBlock(file, DhcpFormats.iscInclude(c.boot().firmware())),
          file,
          checker(c, DhcpTarget.DHCPD, DhcpTarget.dhcpdValidateCommand()),
          Optional.empty());
    }
  },
  BOOTPTAB("bootptab", "a bootptab for bootpd (STATE/dhcp/bootptab)") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return DhcpFormats.bootptabTarget(c.dhcpDir().resolve("bootptab"));
    }
  },
  BOOTPTAB_MANAGED(
      "bootptab-managed",
      "lui's entries in a marked block of your own bootptab (--bootptab-admin-file)") {
    @Override
    DhcpTarget base(ServerConfig c) {
      Path file =
          c.dhcp()
              .bootptabAdminFile()
              .orElseThrow(
                  () ->
                      LuiException.invalid(
                          "dhcp-backends",
                          "bootptab-managed",
                          "needs --bootptab-admin-file FILE, the bootptab to manage a block in"));
      // bootpd has no config checker; the renderer's own rules keep the file loadable.
      return new DhcpTarget(
          "bootptab-managed",
          managedBlock(file, DhcpFormats.bootptab()),
          file,
          Optional.empty(),
          Optional.empty());
    }
  },
  KEA("kea", "a complete kea-dhcp4.conf (STATE/dhcp/kea-dhcp4.conf), checked with kea-dhcp4 -t") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return new DhcpTarget(
          "kea",
          DhcpFormats.kea(c.boot().firmware()),
          c.dhcpDir().resolve("kea-dhcp4.conf"),
          checker(c, DhcpTarget.KEA_DHCP4, DhcpTarget.keaValidateCommand()),
          Optional.empty());
    }
  },
  KEA_INCLUDE(
      "kea-include",
      "Kea reservations only, for your own Kea config (STATE/dhcp/kea-reservations.json)") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return DhcpFormats.keaIncludeTarget(c.dhcpDir().resolve("kea-reservations.json"));
    }
  },
  DNSMASQ(
      "dnsmasq", "a dnsmasq conf-dir file (STATE/dhcp/dnsmasq.conf), checked with dnsmasq --test") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return new DhcpTarget(
          "dnsmasq",
          DhcpFormats.dnsmasq(c.boot().firmware()),
          c.dhcpDir().resolve("dnsmasq.conf"),
          checker(c, DhcpTarget.DNSMASQ, DhcpTarget.dnsmasqValidateCommand()),
          Optional.empty());
    }
  };

  private static final Logger LOG = LoggerFactory.getLogger(DhcpBackend.class);

  private final String wireName;
  private final String description;

  DhcpBackend(String wireName, String description) {
    this.wireName = wireName;
    this.description = description;
  }

  public String wireName() {
    return wireName;
  }

  public String description() {
    return description;
  }

  /** The backend's target with lui's defaults (file, checker), before the admin's overrides. */
  abstract DhcpTarget base(ServerConfig config);

  /**
   * The target the server writes for this backend: defaults, the admin's per-backend settings, and
   * the reload command when it is the first configured backend.
   */
  public DhcpTarget target(ServerConfig config) {
    DhcpTarget target = base(config);
    // One reload command for the server the admin runs; it follows the first backend.
    if (!config.dhcp().backends().isEmpty()
        && config.dhcp().backends().get(0).equals(wireName)
        && !config.dhcp().reload().isEmpty()) {
      target = target.withReload(config.dhcp().reload());
    }
    return config
        .dhcp()
        .backendSettings()
        .getOrDefault(wireName, DhcpBackendSettings.none())
        .applyTo(target);
  }

  public static DhcpBackend parse(String field, String text) {
    for (DhcpBackend b : values()) {
      if (b.wireName.equals(text)) {
        return b;
      }
    }
    throw LuiException.invalid(field, text, "one of " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(DhcpBackend::wireName).collect(Collectors.joining(", "));
  }

  /** The targets of the configured backends, in the configured order. */
  public static List<DhcpTarget> targets(ServerConfig config) {
    List<DhcpTarget> out = new ArrayList<>();
    for (String name : config.dhcp().backends()) {
      out.add(parse("dhcp-backends", name).target(config));
    }
    return out;
  }

  private static Optional<List<String>> checker(
      ServerConfig config, Path program, List<String> command) {
    if (!config.dhcp().validate()) {
      return Optional.empty();
    }
    if (!Files.isExecutable(program)) {
      LOG.warn("{} is not installed: its file is written without validation", program);
      return Optional.empty();
    }
    return Optional.of(command);
  }

  /** The admin's file as it is now with lui's part between markers; every other byte unchanged. */
  private static DhcpRenderer managedBlock(Path file, DhcpRenderer inner) {
    return list -> {
      try {
        String current = Files.exists(file) ? Files.readString(file) : "";
        return ManagedBlock.standard().replace(current, inner.render(list));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
      }
    };
  }
}
