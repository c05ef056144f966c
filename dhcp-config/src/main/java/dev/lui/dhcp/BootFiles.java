package dev.lui.dhcp;

import dev.lui.contract.value.InvalidValueException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which boot file each kind of firmware gets. A client is recognised by DHCP option 93 (client
 * system architecture, RFC 4578 / IANA registry) or, for iPXE, by its user class {@code "iPXE"}:
 *
 * <ul>
 *   <li>iPXE (any firmware), user-class "iPXE": {@link #ipxeScriptUrl()}
 *   <li>UEFI HTTP boot, arch 16 (answered with vendor class HTTPClient): {@link #httpBootUrl()}
 *   <li>x86-64 UEFI, arch 7 or 9: {@link #uefiX64()}
 *   <li>ARM64 UEFI, arch 11: {@link #uefiArm64()}
 *   <li>BIOS (arch 0) and anything else: {@link #bios()}, else the host's own {@link
 *       DhcpHost#bootFile()}
 * </ul>
 *
 * <p>An empty entry means "no special case": that firmware falls through to the BIOS file. {@link
 * #defaults()} has no special cases at all, which renders exactly the configuration lui wrote
 * before firmware awareness (every client gets the host's {@code pxelinux.0}).
 *
 * @param bios overrides every host's {@link DhcpHost#bootFile()} when present
 * @param uefiX64 TFTP path for x86-64 UEFI, e.g. {@code grubx64.efi}
 * @param uefiArm64 TFTP path for ARM64 UEFI, e.g. {@code grubaa64.efi}
 * @param httpBootUrl {@code http://} URL of an EFI binary for UEFI HTTP boot
 * @param ipxeScriptUrl {@code http://} URL of the iPXE script a chain-loaded iPXE fetches
 */
public record BootFiles(
    Optional<String> bios,
    Optional<String> uefiX64,
    Optional<String> uefiArm64,
    Optional<String> httpBootUrl,
    Optional<String> ipxeScriptUrl) {

  private static final Pattern URL = Pattern.compile("https?://[^/\\s]+(/.*)?");

  public BootFiles {
    // Each check refuses null too (NullPointerException).
    bios.ifPresent(v -> DhcpHost.requireBootFile("bios", v));
    uefiX64.ifPresent(v -> DhcpHost.requireBootFile("uefiX64", v));
    uefiArm64.ifPresent(v -> DhcpHost.requireBootFile("uefiArm64", v));
    httpBootUrl.ifPresent(v -> requireUrl("httpBootUrl", v));
    ipxeScriptUrl.ifPresent(v -> requireUrl("ipxeScriptUrl", v));
  }

  /** No firmware special cases: every client gets its host's boot file (lui's old behaviour). */
  public static BootFiles defaults() {
    return new BootFiles(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** True if some firmware gets something other than the BIOS file. */
  public boolean firmwareAware() {
    return uefiX64.isPresent()
        || uefiArm64.isPresent()
        || httpBootUrl.isPresent()
        || ipxeScriptUrl.isPresent();
  }

  /** The file a BIOS client of {@code host} gets. */
  public String biosFor(DhcpHost host) {
    return bios.orElse(host.bootFile());
  }

  public BootFiles withBios(String file) {
    return new BootFiles(Optional.of(file), uefiX64, uefiArm64, httpBootUrl, ipxeScriptUrl);
  }

  public BootFiles withUefiX64(String file) {
    return new BootFiles(bios, Optional.of(file), uefiArm64, httpBootUrl, ipxeScriptUrl);
  }

  public BootFiles withUefiArm64(String file) {
    return new BootFiles(bios, uefiX64, Optional.of(file), httpBootUrl, ipxeScriptUrl);
  }

  public BootFiles withHttpBootUrl(String url) {
    return new BootFiles(bios, uefiX64, uefiArm64, Optional.of(url), ipxeScriptUrl);
  }

  public BootFiles withIpxeScriptUrl(String url) {
    return new BootFiles(bios, uefiX64, uefiArm64, httpBootUrl, Optional.of(url));
  }

  private static void requireUrl(String field, String value) {
    // Same character rules as a boot file (it lands in the same quoted field), plus a scheme.
    DhcpHost.requireBootFile(field, value);
    if (!URL.matcher(value).matches()) {
      throw new InvalidValueException(
          field,
          value,
          "must be an http:// or https:// URL with a host",
          field + " '" + value + "' is invalid: must be an http:// or https:// URL with a host");
    }
  }
}
