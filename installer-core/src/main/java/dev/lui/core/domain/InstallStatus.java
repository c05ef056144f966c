package dev.lui.core.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A node's install progress.
 *
 * @param tokenHash SHA-256 (hex) of the node's current install token; the token itself is only in
 *     the node's NFS root
 * @param since when the state last changed
 */
public record InstallStatus(
    NodeState state,
    Optional<String> step,
    Optional<String> error,
    String tokenHash,
    Instant since,
    Optional<Instant> started,
    Optional<Instant> ended) {

  public static InstallStatus armed(String tokenHash, Instant now) {
    return new InstallStatus(
        NodeState.DEFINED, Optional.empty(), Optional.empty(), tokenHash, now, Optional.empty(),
        Optional.empty());
  }

  public InstallStatus installing(Instant now) {
    return new InstallStatus(
        NodeState.INSTALLING, Optional.empty(), Optional.empty(), tokenHash, now, Optional.of(now),
        Optional.empty());
  }

  public InstallStatus atStep(String newStep) {
    return new InstallStatus(state, Optional.of(newStep), error, tokenHash, since, started, ended);
  }

  /** Records why the install is failing; the state changes when the agent says it ended. */
  public InstallStatus failedWith(String why) {
    return new InstallStatus(state, step, Optional.of(why), tokenHash, since, started, ended);
  }

  /** The first error recorded (a step's) wins over the agent's closing summary. */
  public InstallStatus finished(boolean ok, Optional<String> failure, Instant now) {
    return new InstallStatus(
        ok ? NodeState.INSTALLED : NodeState.FAILED, step,
        ok ? Optional.empty() : error.or(() -> failure), tokenHash, now, started, Optional.of(now));
  }

  /** The installed system reported its first boot; the install token is spent. */
  public InstallStatus verified(Instant now) {
    return new InstallStatus(NodeState.VERIFIED, step, error, tokenHash, now, started, ended);
  }
}
