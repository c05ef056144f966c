package dev.lui.contract.plan;

/**
 * Where the installed system reports its first boot: the agent installs a one-shot unit that POSTs
 * to {@code url} with {@code Authorization: Bearer token} once the system is up, then disables
 * itself. The server marks the node verified.
 *
 * @param url typically {@code {server}/api/v1/agent/{node}/first-boot}; {@code http://} works on
 *     any target (bash alone can send it), {@code https://} needs curl or wget in the target
 * @param token a secret: written only to a 0600 file in the target, never logged
 */
public record FirstBoot(String url, String token) {
  @Override
  public String toString() {
    return "FirstBoot[url=" + url + ", token=<redacted>]";
  }
}
