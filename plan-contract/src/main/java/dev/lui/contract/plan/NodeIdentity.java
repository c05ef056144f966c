package dev.lui.contract.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * Who the node is once installed: names, its address on the install network and, optionally, DNS
 * settings and the ssh host keys it keeps across reinstalls. The lists are optional in JSON
 * (omitted when empty) so plans without them read and write exactly as before.
 */
public record NodeIdentity(
    String name,
    String hostname,
    String mac,
    String ip,
    String netmask,
    Optional<String> gateway,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> nameservers,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> searchDomains,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SshHostKey> sshHostKeys) {
  public NodeIdentity {
    nameservers = nameservers == null ? List.of() : List.copyOf(nameservers);
    searchDomains = searchDomains == null ? List.of() : List.copyOf(searchDomains);
    sshHostKeys = sshHostKeys == null ? List.of() : List.copyOf(sshHostKeys);
  }

  /** Without DNS settings or kept ssh keys (the agent generates fresh keys). */
  public NodeIdentity(
      String name,
      String hostname,
      String mac,
      String ip,
      String netmask,
      Optional<String> gateway) {
    this(name, hostname, mac, ip, netmask, gateway, List.of(), List.of(), List.of());
  }

  @Override
  public String toString() {
    // Keys print redacted (SshHostKey.toString); everything else is not secret.
    return "NodeIdentity[name="
        + name
        + ", hostname="
        + hostname
        + ", mac="
        + mac
        + ", ip="
        + ip
        + ", netmask="
        + netmask
        + ", gateway="
        + gateway
        + ", nameservers="
        + nameservers
        + ", searchDomains="
        + searchDomains
        + ", sshHostKeys="
        + sshHostKeys
        + "]";
  }
}
