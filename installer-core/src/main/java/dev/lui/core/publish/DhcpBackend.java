package dev.lui.core.publish;

import dev.lui.core.LuiException;
import dev.lui.core.WireNames;
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
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP/BOOTP backends lui can keep, each in one place: its name (for {@code dhcp-backends}, the
 * API and {@code lui dhcp render}), what it is, and the target the server writes - file, renderer,
 * checker. The server's publisher and the render endpoint build targets through {@link #target}, so
 * a render is byte for byte what the server writes.
 */
public enum DhcpBackend {
  ISC("a complete dhcpd.conf (STATE/dhcp/dhcpd.conf), checked with dhcpd -t") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return complete(
          c,
          DhcpFormats.isc(c.boot().firmware()),
          "dhcpd.conf",
          checker(c, DhcpTarget.DHCPD, DhcpTarget.dhcpdValidateCommand()));
    }
  },
  ISC_MANAGED("lui's hosts in a marked block of your own dhcpd.conf (--dhcp-admin-conf)") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return managed(
          c.dhcp().adminConf(),
          "--dhcp-admin-conf FILE, the dhcpd.conf",
          DhcpFormats.iscInclude(c.boot().firmware()),
          checker(c, DhcpTarget.DHCPD, DhcpTarget.dhcpdValidateCommand()));
    }
  },
  BOOTPTAB("a bootptab for bootpd (STATE/dhcp/bootptab)") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return DhcpFormats.bootptabTarget(c.dhcpDir().resolve("bootptab"));
    }
  },
  BOOTPTAB_MANAGED("lui's entries in a marked block of your own bootptab (--bootptab-admin-file)") {
    @Override
    DhcpTarget base(ServerConfig c) {
      // bootpd has no config checker; the renderer's own rules keep the file loadable.
      return managed(
          c.dhcp().bootptabAdminFile(),
          "--bootptab-admin-file FILE, the bootptab",
          DhcpFormats.bootptab(),
          Optional.empty());
    }
  },
  KEA("a complete kea-dhcp4.conf (STATE/dhcp/kea-dhcp4.conf), checked with kea-dhcp4 -t") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return complete(
          c,
          DhcpFormats.kea(c.boot().firmware()),
          "kea-dhcp4.conf",
          checker(c, DhcpTarget.KEA_DHCP4, DhcpTarget.keaValidateCommand()));
    }
  },
  KEA_INCLUDE("Kea reservations only, for your own Kea config (STATE/dhcp/kea-reservations.json)") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return DhcpFormats.keaIncludeTarget(c.dhcpDir().resolve("kea-reservations.json"));
    }
  },
  DNSMASQ("a dnsmasq conf-dir file (STATE/dhcp/dnsmasq.conf), checked with dnsmasq --test") {
    @Override
    DhcpTarget base(ServerConfig c) {
      return complete(
          c,
          DhcpFormats.dnsmasq(c.boot().firmware()),
          "dnsmasq.conf",
          checker(c, DhcpTarget.DNSMASQ, DhcpTarget.dnsmasqValidateCommand()));
    }
  };

  private static final Logger LOG = LoggerFactory.getLogger(DhcpBackend.class);

  private final String description;

  DhcpBackend(String description) {
    this.description = description;
  }

  /** Its name in {@code dhcp-backends}, the API and {@code lui dhcp render}. */
  public String wireName() {
    return WireNames.of(this);
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
        && config.dhcp().backends().get(0).equals(wireName())
        && !config.dhcp().reload().isEmpty()) {
      target = target.withReload(config.dhcp().reload());
    }
    return config
        .dhcp()
        .backendSettings()
        .getOrDefault(wireName(), DhcpBackendSettings.none())
        .applyTo(target);
  }

  public static DhcpBackend parse(String field, String text) {
    return WireNames.find(DhcpBackend.class, text)
        .orElseThrow(() -> LuiException.invalid(field, text, "one of " + names()));
  }

  public static String names() {
    return WireNames.list(DhcpBackend.class);
  }

  /** The targets of the configured backends, in the configured order. */
  public static List<DhcpTarget> targets(ServerConfig config) {
    List<DhcpTarget> out = new ArrayList<>();
    for (String name : config.dhcp().backends()) {
      out.add(parse("dhcp-backends", name).target(config));
    }
    return out;
  }

  /** lui's own whole file {@code name} in STATE/dhcp. */
  DhcpTarget complete(
      ServerConfig c, DhcpRenderer renderer, String name, Optional<List<String>> checker) {
    return new DhcpTarget(
        wireName(), renderer, c.dhcpDir().resolve(name), checker, Optional.empty());
  }

  /** lui's block in the admin's {@code file}, which the backend {@code needs} to be given. */
  DhcpTarget managed(
      Optional<Path> file, String needs, DhcpRenderer inner, Optional<List<String>> checker) {
    Path f =
        file.orElseThrow(
            () ->
                LuiException.invalid(
                    "dhcp-backends", wireName(), "needs " + needs + " to manage a block in"));
    return new DhcpTarget(wireName(), managedBlock(f, inner), f, checker, Optional.empty());
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
