package dev.lui.agent.steps;

import dev.lui.agent.exec.CommandRunner;
import dev.lui.agent.fetch.Fetcher;
import dev.lui.agent.report.EventLog;
import dev.lui.contract.plan.InstallPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What steps share: the plan and services (fixed), and what earlier steps found out (the chosen
 * disk, partition device paths, what is mounted), which later steps and the unmount need.
 */
public final class StepContext {
  /** Configuration of the environment; {@link #defaults()} is the real system. */
  public record Environment(Path procMounts, Path procSwaps, Duration partitionWait) {
    public static Environment defaults() {
      return new Environment(
          Path.of("/proc/mounts"), Path.of("/proc/swaps"), Duration.ofSeconds(20));
    }
  }

  private final InstallPlan plan;
  private final CommandRunner runner;
  private final EventLog events;
  private final Fetcher fetcher;
  private final Path target;
  private final Environment env;

  private String diskPath;
  private OptionalLong diskBytes = OptionalLong.empty();
  private final List<String> partitionPaths = new ArrayList<>();
  private final List<Path> mounted = new ArrayList<>();

  public StepContext(
      InstallPlan plan,
      CommandRunner runner,
      EventLog events,
      Fetcher fetcher,
      Path target,
      Environment env) {
    this.plan = plan;
    this.runner = runner;
    this.events = events;
    this.fetcher = fetcher;
    this.target = target;
    this.env = env;
  }

  public InstallPlan plan() {
    return plan;
  }

  public CommandRunner runner() {
    return runner;
  }

  public EventLog events() {
    return events;
  }

  public Fetcher fetcher() {
    return fetcher;
  }

  public Path target() {
    return target;
  }

  public Environment env() {
    return env;
  }

  public boolean dryRun() {
    return runner.dryRun();
  }

  /** The selected disk; set by {@link SelectDisk}. */
  public String diskPath() {
    if (diskPath == null) {
      throw new IllegalStateException("no disk selected yet");
    }
    return diskPath;
  }

  void disk(String path, OptionalLong bytes) {
    this.diskPath = path;
    this.diskBytes = bytes;
  }

  public OptionalLong diskBytes() {
    return diskBytes;
  }

  /** Device path of partition i (0-based, plan order); set by {@link Partition}. */
  public String partitionPath(int i) {
    return partitionPaths.get(i);
  }

  void partitionPaths(List<String> paths) {
    partitionPaths.clear();
    partitionPaths.addAll(paths);
  }

  /** Directories mounted so far, in mount order; {@link Unmount} undoes them in reverse. */
  public List<Path> mounted() {
    return List.copyOf(mounted);
  }

  void addMounted(Path dir) {
    mounted.add(dir);
  }

  void removeMounted(Path dir) {
    mounted.remove(dir);
  }

  /** The target path of an absolute path inside the installed system. */
  public Path inTarget(String absolute) {
    return absolute.equals("/") ? target : target.resolve(absolute.substring(1));
  }
}
