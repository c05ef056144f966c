package dev.lui.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server talks to nodes' BMCs (#14): where their passwords are and how ipmitool is run.
 *
 * @param secrets the directory of password files, one per BMC host or {@code default} (read by
 *     bmc-power's {@code SecretFiles.directory}); {@code STATE/bmc-secrets} unless set
 * @param cipherSuite ipmitool's {@code -C}; empty lets ipmitool ask the BMC (ipmi_sim needs 3)
 * @param timeoutSeconds ipmitool's {@code -N}
 * @param retries ipmitool's {@code -R}
 * @param waveTick how often the wave scheduler looks at the store
 * @param watch when a wave's boots are in trouble (boot timeout, stall, failed transfers)
 */
public record PowerConfig(
    Optional<Path> secrets,
    Optional<Integer> cipherSuite,
    int timeoutSeconds,
    int retries,
    Duration waveTick,
    WaveWatch watch) {
  public PowerConfig {
    Objects.requireNonNull(watch, "watch");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(cipherSuite, "cipherSuite");
    Objects.requireNonNull(waveTick, "waveTick");
  }

  public static PowerConfig defaults() {
    return new PowerConfig(
        Optional.empty(), Optional.empty(), 2, 2, Duration.ofSeconds(1), WaveWatch.defaults());
  }

  /** The password directory: the setting, else {@code STATE/bmc-secrets}. */
  public Path secretsDir(Path stateDir) {
    return secrets.orElse(stateDir.resolve("bmc-secrets"));
  }

  public PowerConfig withCipherSuite(int suite) {
    return new PowerConfig(secrets, Optional.of(suite), timeoutSeconds, retries, waveTick, watch);
  }

  public PowerConfig withTimeouts(int seconds, int tries) {
    return new PowerConfig(secrets, cipherSuite, seconds, tries, waveTick, watch);
  }

  public PowerConfig withSecrets(Path dir) {
    return new PowerConfig(Optional.of(dir), cipherSuite, timeoutSeconds, retries, waveTick, watch);
  }

  public PowerConfig withWaveTick(Duration tick) {
    return new PowerConfig(secrets, cipherSuite, timeoutSeconds, retries, tick, watch);
  }

  public PowerConfig withWatch(WaveWatch newWatch) {
    return new PowerConfig(secrets, cipherSuite, timeoutSeconds, retries, waveTick, newWatch);
  }
}
