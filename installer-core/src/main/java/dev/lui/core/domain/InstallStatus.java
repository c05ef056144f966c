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
 * @param wave the wave this arming waits or started in ({@code install --power-cycle --max-active};
 *     #14): the server's wave scheduler powers the node when the wave admits it
 * @param poweredOn when lui powered the node on (or cycled it) for this arming's install
 */
public record InstallStatus(
    NodeState state,
    Optional<String> step,
    Optional<String> error,
    String armId,
    String tokenHash,
    Instant since,
    Optional<Instant> started,
    Optional<Instant> ended,
    Optional<String> wave,
    Optional<Instant> poweredOn) {

  public static InstallStatus armed(String armId, String tokenHash, Instant now) {
    return begun(
        NodeState.DEFINED,
        armId,
        tokenHash,
        now,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** {@code state} since {@code now}: no step, error or end yet. */
  private static InstallStatus begun(
      NodeState state,
      String armId,
      String tokenHash,
      Instant now,
      Optional<Instant> started,
      Optional<String> wave,
      Optional<Instant> poweredOn) {
    Optional<String> none = Optional.empty();
    return new InstallStatus(
        state, none, none, armId, tokenHash, now, started, Optional.empty(), wave, poweredOn);
  }

  /** The same state with another arming (a store upgraded from before derived tokens). */
  public InstallStatus withArm(String newArmId, String newTokenHash) {
    return new InstallStatus(
        state, step, error, newArmId, newTokenHash, since, started, ended, wave, poweredOn);
  }

  public InstallStatus installing(Instant now) {
    return begun(NodeState.INSTALLING, armId, tokenHash, now, Optional.of(now), wave, poweredOn);
  }

  public InstallStatus atStep(String step) {
    return new InstallStatus(
        state, Optional.of(step), error, armId, tokenHash, since, started, ended, wave, poweredOn);
  }

  /** Records why the install is failing; the state changes when the agent says it ended. */
  public InstallStatus failedWith(String why) {
    return new InstallStatus(
        state, step, Optional.of(why), armId, tokenHash, since, started, ended, wave, poweredOn);
  }

  /** The first error recorded (a step's) wins over the agent's closing summary. */
  public InstallStatus finished(boolean ok, Optional<String> failure, Instant now) {
    return ended(
        ok ? NodeState.INSTALLED : NodeState.FAILED,
        ok ? Optional.empty() : error.or(() -> failure),
        now);
  }

  /** The one way an install ends: a final state, its error, the time. */
  private InstallStatus ended(NodeState end, Optional<String> why, Instant now) {
    return new InstallStatus(
        end, step, why, armId, tokenHash, now, started, Optional.of(now), wave, poweredOn);
  }

  /** The installed system reported its first boot; the install token is spent. */
  public InstallStatus verified(Instant now) {
    return new InstallStatus(
        NodeState.VERIFIED, step, error, armId, tokenHash, now, started, ended, wave, poweredOn);
  }

  /** The same arming, waiting in {@code wave} to be powered on by the wave scheduler. */
  public InstallStatus inWave(String wave) {
    return new InstallStatus(
        state, step, error, armId, tokenHash, since, started, ended, Optional.of(wave), poweredOn);
  }

  /** lui powered the node on for this install at {@code when}. */
  public InstallStatus poweredOnAt(Instant when) {
    return new InstallStatus(
        state, step, error, armId, tokenHash, since, started, ended, wave, Optional.of(when));
  }

  /** Its BMC failed when its wave started it: not powered, the reason kept; still armed. */
  public InstallStatus powerFailed(String why) {
    return new InstallStatus(
        state, step, Optional.of(why), armId, tokenHash, since, started, ended, wave, poweredOn);
  }

  /**
   * lui powered it on and its agent never called within the boot timeout: failed for {@code why}
   * (#14), which frees its place in its wave; still armed, so a late boot still installs.
   */
  public InstallStatus bootFailed(String why, Instant now) {
    return ended(NodeState.FAILED, Optional.of(why), now);
  }

  /** Waiting for its wave: in one, not yet powered on, no power failure, no agent seen yet. */
  public boolean waiting() {
    return wave.isPresent() && poweredOn.isEmpty() && error.isEmpty() && state == NodeState.DEFINED;
  }

  /** Powered on by lui, and its agent has not fetched its plan yet (booting). */
  public boolean booting() {
    return poweredOn.isPresent() && state == NodeState.DEFINED;
  }
}
