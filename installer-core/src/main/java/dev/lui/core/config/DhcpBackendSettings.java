package dev.lui.core.config;

import dev.lui.core.LuiException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An admin's overrides for one DHCP backend: where its file goes, how a candidate is checked
 * ({@code {file}} stands for the candidate's path) and what runs after it changed. Empty: lui's
 * defaults (STATE/dhcp/NAME, the backend's own checker when installed, no reload).
 */
public record DhcpBackendSettings(
    Optional<Path> file, Optional<List<String>> validate, Optional<List<String>> reload) {
  public DhcpBackendSettings {
    file.ifPresent(
        f -> {
          if (!f.isAbsolute()) {
            throw LuiException.invalid(
                "dhcp-backend-settings file", f.toString(), "an absolute path");
          }
        });
    validate = validate.map(List::copyOf);
    reload = reload.map(List::copyOf);
    validate.ifPresent(
        v -> {
          if (v.isEmpty() || !v.contains(dev.lui.dhcp.DhcpTarget.FILE_PLACEHOLDER)) {
            throw LuiException.invalid(
                "dhcp-backend-settings validate",
                String.join(" ", v),
                "a command with {file} where the candidate's path goes, like [dhcpd, -t, -cf, \"{file}\"]");
          }
        });
    reload.ifPresent(
        r -> {
          if (r.isEmpty()) {
            throw LuiException.invalid(
                "dhcp-backend-settings reload",
                "[]",
                "a command, like [systemctl, restart, isc-dhcp-server]");
          }
        });
  }

  public static DhcpBackendSettings none() {
    return new DhcpBackendSettings(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public DhcpBackendSettings withFile(Path f) {
    return new DhcpBackendSettings(Optional.of(f), validate, reload);
  }

  public dev.lui.dhcp.DhcpTarget applyTo(dev.lui.dhcp.DhcpTarget t) {
    dev.lui.dhcp.DhcpTarget out = t;
    if (file.isPresent()) {
      out =
          new dev.lui.dhcp.DhcpTarget(
              out.format(), out.renderer(), file.get(), out.validateCommand(), out.reloadCommand());
    }
    if (validate.isPresent()) {
      out = out.withValidation(validate.get());
    }
    if (reload.isPresent()) {
      out = out.withReload(reload.get());
    }
    return out;
  }
}
