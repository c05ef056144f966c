package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.TerminalText;
import dev.lui.core.domain.NodeSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One frame of {@code lui status --watch}: the counts, elapsed time and estimated end on one line,
 * and the nodes not yet in a final state folded into node sets per state (per step for installing
 * nodes), so 1,000 nodes fit on a screen. Pure: the command fetches and draws, this only formats.
 *
 * <p>A node is final when installed, verified or failed, or when it is not armed (it will not
 * install, so waiting for it would never end). The batch started at the earliest {@code started} of
 * the nodes (their current install's plan fetch); the estimate assumes the rest go at the rate the
 * finished ones went: {@code start + elapsed * total / finished}.
 */
final class StatusWatch {
  private StatusWatch() {}

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /**
   * @param summary the one line (counts, elapsed, estimate)
   * @param counts the counts alone: a change of them is a change worth a line when not drawing
   * @param sets one line per state (and step) with its nodes folded, final states last
   * @param done every node is final
   * @param failed how many failed
   */
  record Frame(String summary, String counts, List<String> sets, boolean done, int failed) {
    List<String> lines() {
      List<String> all = new ArrayList<>(sets);
      all.add(summary);
      return all;
    }
  }

  static Frame of(JsonNode nodes, Instant now) {
    return of(nodes, com.fasterxml.jackson.databind.node.MissingNode.getInstance(), now);
  }

  /**
   * The frame of {@code nodes}; each paused wave of {@code waves} (the status answer's) adds a line
   * with its reason, and its count to the summary (#14).
   */
  static Frame of(JsonNode nodes, JsonNode waves, Instant now) {
    Map<String, List<String>> pending = new LinkedHashMap<>();
    List<String> failedNames = new ArrayList<>();
    List<String> notArmed = new ArrayList<>();
    int waiting = 0;
    int installing = 0;
    int installed = 0;
    Optional<Instant> start = Optional.empty();
    for (JsonNode n : nodes) {
      String name = n.path("name").asText();
      String state = n.path("state").asText();
      Optional<Instant> started = instant(n.path("started"));
      if (started.isPresent() && (start.isEmpty() || started.get().isBefore(start.get()))) {
        start = started;
      }
      switch (state) {
        case "defined" -> {
          if (n.path("armed").asBoolean()) {
            waiting++;
            boolean booting = !n.path("waiting").asBoolean() && n.hasNonNull("poweredOn");
            pending
                .computeIfAbsent(booting ? "booting" : "waiting", k -> new ArrayList<>())
                .add(name);
          } else {
            notArmed.add(name);
          }
        }
        case "installing" -> {
          installing++;
          String step = n.path("step").asText("");
          pending
              .computeIfAbsent(
                  step.isEmpty() ? "installing" : "installing (" + step + ")",
                  k -> new ArrayList<>())
              .add(name);
        }
        case "installed", "verified" -> installed++;
        case "failed" -> failedNames.add(name);
        default -> pending.computeIfAbsent(state, k -> new ArrayList<>()).add(name);
      }
    }
    List<String> sets = new ArrayList<>();
    pending.forEach((label, names) -> sets.add(line(label, names)));
    if (!failedNames.isEmpty()) {
      sets.add(line("failed", failedNames));
    }
    if (!notArmed.isEmpty()) {
      sets.add(line("not armed", notArmed));
    }
    int paused = 0;
    for (JsonNode w : waves) {
      if (w.hasNonNull("paused")) {
        paused++;
        sets.add(
            TerminalText.escape(
                "wave " + w.path("id").asText() + " paused: " + w.path("paused").asText()));
      }
    }
    int failed = failedNames.size();
    String counts =
        waiting
            + " waiting, "
            + installing
            + " installing, "
            + installed
            + " installed/verified, "
            + failed
            + " failed"
            + (notArmed.isEmpty() ? "" : ", " + notArmed.size() + " not armed")
            + (paused == 0 ? "" : ", " + paused + (paused == 1 ? " wave" : " waves") + " paused");
    int finished = installed + failed;
    int total = finished + waiting + installing;
    boolean done = pending.isEmpty();
    StringBuilder summary = new StringBuilder(counts);
    if (start.isPresent()) {
      Duration elapsed = Duration.between(start.get(), now);
      summary.append("; elapsed ").append(duration(elapsed));
      if (!done && finished > 0) {
        Duration whole = elapsed.multipliedBy(total).dividedBy(finished);
        Instant end = start.get().plus(whole);
        summary
            .append("; estimated end ")
            .append(CLOCK.format(end))
            .append(" (in about ")
            .append(duration(Duration.between(now, end)))
            .append(")");
      } else if (!done) {
        summary.append("; estimated end: when the first install ends");
      }
    }
    return new Frame(summary.toString(), counts, List.copyOf(sets), done, failed);
  }

  /** {@code LABEL: SET}, escaped: names and steps come from the store and the nodes. */
  private static String line(String label, List<String> names) {
    return TerminalText.escape(label)
        + " ("
        + names.size()
        + "): "
        + TerminalText.escape(NodeSet.compress(names));
  }

  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s >= 3600
        ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }

  private static Optional<Instant> instant(JsonNode v) {
    if (!v.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(v.asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
