package dev.lui.core.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A node's install progress.
 *
 * @param armId random id of the node's current arming (its definition or last {@code lui install});
 *     the install token is derived from it and the server's key (see {@code InstallTokens}), so the
 *     store never holds the token itself; empty in stores written before tokens were derived (the
 *     server re-arms such nodes at start)
 * @param tokenHash SHA-256 (hex) of the node's current install token
 * @param since when the state last changed
 */
public record InstallStatus(
    NodeState state,
    Optional<String> step,
    Optional<String> error,
    String armId,
    String tokenHash,
    Instant since,
    Optional<Instant> started,
    Optional<Instant> ended) {

  public static InstallStatus armed(String armId, String tokenHash, Instant now) {
    return new InstallStatus(
        NodeState.DEFINED,
        Optional.empty(),
        Optional.empty(),
        armId,
        tokenHash,
        now,
        Optional.empty(),
        Optional.empty());
  }

  /** The same state with another arming (a store upgraded from before derived tokens). */
  public InstallStatus withArm(String newArmId, String newTokenHash) {
    return new InstallStatus(state, step, error, newArmId, newTokenHash, since, started, ended);
  }

  public InstallStatus installing(Instant now) {
    return new InstallStatus(
        NodeState.INSTALLING,
        Optional.empty(),
        Optional.empty(),
        armId,
        tokenHash,
        now,
        Optional.of(now),
        Optional.empty());
  }

  public InstallStatus atStep(String newStep) {
    return new InstallStatus(
        state, Optional.of(newStep), error, armId, tokenHash, since, started, ended);
  }

  /** Records why the install is failing; the state changes when the agent says it ended. */
  public InstallStatus failedWith(String why) {
    return new InstallStatus(
        state, step, Optional.of(why), armId, tokenHash, since, started, ended);
  }

  /** The first error recorded (a step's) wins over the agent's closing summary. */
  public InstallStatus finished(boolean ok, Optional<String> failure, Instant now) {
    return new InstallStatus(
        ok ? NodeState.INSTALLED : NodeState.FAILED,
        step,
        ok ? Optional.empty() : error.or(() -> failure),
        armId,
        tokenHash,
        now,
        started,
        Optional.of(now));
  }

  /** The installed system reported its first boot; the install token is spent. */
  public InstallStatus verified(Instant now) {
    return new InstallStatus(
        NodeState.VERIFIED, step, error, armId, tokenHash, now, started, ended);
  }
}
