package dev.lui.dhcp;

import dev.lui.dhcp.DhcpPublishException.Stage;
import dev.lui.dhcp.exec.CommandRunner;
import dev.lui.dhcp.file.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders, validates, writes atomically (keeping a .bak of the previous file) and reloads each
 * target. If validation fails the previous file stays and {@link DhcpPublishException} says why.
 *
 * <p>Per target: render; if the file already holds exactly that content, stop (no write, no
 * reload); else write a candidate next to the file, run the validator on it, and only if it passes
 * rename it over the file and run the reload command. A failing target does not stop the others:
 * all are tried, then the first failure is thrown with the rest attached as suppressed.
 *
 * <p>A reload that failed is retried on the next publish even if the content is unchanged, so the
 * daemon cannot stay on a stale config just because lui's file is already current.
 */
public final class DhcpPublisher {
  private static final Logger log = LoggerFactory.getLogger(DhcpPublisher.class);

  /** Longest a validator or reload command may run before it is killed. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final List<DhcpTarget> targets;
  private final CommandRunner runner;
  private final Set<Path> reloadPending = new HashSet<>();

  public DhcpPublisher(List<DhcpTarget> targets) {
    this(targets, DEFAULT_COMMAND_TIMEOUT);
  }

  public DhcpPublisher(List<DhcpTarget> targets, Duration commandTimeout) {
    this.targets = List.copyOf(targets);
    this.runner = new CommandRunner(commandTimeout);
    Set<Path> files = new HashSet<>();
    for (DhcpTarget t : this.targets) {
      if (!files.add(t.file().toAbsolutePath().normalize())) {
        throw new IllegalArgumentException(
            "target file '" + t.file() + "' is invalid: two targets would write the same file");
      }
    }
  }

  public List<DhcpTarget> targets() {
    return targets;
  }

  /**
   * Brings every target's file in line with {@code hosts} (the complete set: a host left out
   * loses its entries).
   *
   * @throws DhcpPublishException for the first target that failed; others are suppressed on it
   */
  public synchronized void publish(List<DhcpHost> hosts) throws DhcpPublishException {
    Objects.requireNonNull(hosts, "hosts");
    List<DhcpPublishException> failures = new ArrayList<>();
    for (DhcpTarget target : targets) {
      try {
        publish(target, hosts);
      } catch (DhcpPublishException e) {
        log.warn("publishing {} ({}) failed: {}", target.file(), target.format(), e.getMessage());
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      DhcpPublishException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private void publish(DhcpTarget target, List<DhcpHost> hosts) throws DhcpPublishException {
    Path file = target.file();
    byte[] content = render(target, hosts);
    try {
      if (AtomicFile.hasContent(file, content)) {
        log.debug("{} unchanged", file);
      } else {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path candidate = AtomicFile.writeTemp(file, content);
        try {
          validate(target, candidate);
        } catch (DhcpPublishException e) {
          AtomicFile.discard(candidate);
          throw e;
        }
        AtomicFile.commit(candidate, file, true);
        log.info("wrote {} ({}, {} hosts)", file, target.format(), hosts.size());
        if (target.reloadCommand().isPresent()) {
          reloadPending.add(file);
        }
      }
    } catch (IOException e) {
      throw new DhcpPublishException(
          Stage.WRITE,
          file,
          "cannot write " + target.format() + " file " + file + ": " + e,
          Optional.empty(),
          e);
    }
    if (reloadPending.contains(file)) {
      reload(target);
      reloadPending.remove(file);
    }
  }

  private static byte[] render(DhcpTarget target, List<DhcpHost> hosts)
      throws DhcpPublishException {
    try {
      return target.renderer().render(hosts).getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new DhcpPublishException(
          Stage.RENDER,
          target.file(),
          "cannot render " + target.format() + " for " + target.file() + ": " + e.getMessage(),
          Optional.empty(),
          e);
    }
  }

  private void validate(DhcpTarget target, Path candidate) throws DhcpPublishException {
    if (target.validateCommand().isEmpty()) {
      return;
    }
    List<String> command =
        target.validateCommand().get().stream()
            .map(a -> a.replace(DhcpTarget.FILE_PLACEHOLDER, candidate.toString()))
            .toList();
    CommandRunner.Result result = run(Stage.VALIDATE, target, command);
    if (!result.succeeded()) {
      throw new DhcpPublishException(
          Stage.VALIDATE,
          target.file(),
          "new "
              + target.format()
              + " file for "
              + target.file()
              + " rejected, old file kept: "
              + result.describe(),
          Optional.of(result.output()),
          null);
    }
  }

  private void reload(DhcpTarget target) throws DhcpPublishException {
    List<String> command = target.reloadCommand().orElseThrow();
    CommandRunner.Result result = run(Stage.RELOAD, target, command);
    if (!result.succeeded()) {
      throw new DhcpPublishException(
          Stage.RELOAD,
          target.file(),
          target.file()
              + " is updated but reloading failed (retried on next publish): "
              + result.describe(),
          Optional.of(result.output()),
          null);
    }
  }

  private CommandRunner.Result run(Stage stage, DhcpTarget target, List<String> command)
      throws DhcpPublishException {
    try {
      return runner.run(command);
    } catch (IOException e) {
      throw new DhcpPublishException(
          stage,
          target.file(),
          "cannot run " + String.join(" ", command) + " for " + target.file() + ": " + e,
          Optional.empty(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DhcpPublishException(
          stage,
          target.file(),
          "interrupted while running " + String.join(" ", command),
          Optional.empty(),
          e);
    }
  }
}
