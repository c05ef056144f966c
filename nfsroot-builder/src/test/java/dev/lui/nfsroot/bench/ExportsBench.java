package dev.lui.nfsroot.bench;

import dev.lui.nfsroot.export.ExportPlan;
import dev.lui.nfsroot.export.ExportsWriter;
import dev.lui.nfsroot.export.GaneshaProcess;
import dev.lui.nfsroot.export.NodeExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scale benchmark, not a test: N node roots (default 10,000) on one /16. Prints the time of each
 * stage: building and checking the plan, writing the kernel exports file and the ganesha config
 * (first write, unchanged rewrite, rewrite with one node removed) and, with a network namespace
 * name as third argument (needs root, nfs-ganesha, rpcbind), ganesha's start with all exports and a
 * SIGHUP reload. Usage: {@code ExportsBench [nodes] [work-dir] [netns]}; run by
 * tests/bench/exports-bench.sh.
 */
public final class ExportsBench {
  private ExportsBench() {}

  private static long t0;

  private static void start() {
    t0 = System.nanoTime();
  }

  private static void report(String stage) {
    System.out.printf("%-44s %9.1f ms%n", stage, (System.nanoTime() - t0) / 1e6);
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("exports-bench");
    Optional<String> netns = args.length > 2 ? Optional.of(args[2]) : Optional.empty();
    Path image = Files.createDirectories(work.resolve("image"));
    System.out.println("exports benchmark: " + n + " node roots, work dir " + work);

    start();
    List<NodeExport> nodes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      nodes.add(
          new NodeExport(
              String.format("n%05d", i),
              work.resolve(String.format("nodes/n%05d", i)),
              "10.1." + (i / 250) + "." + (i % 250 + 2)));
    }
    ExportPlan plan = new ExportPlan(List.of(image), "10.1.0.0/16", nodes);
    report("build + check plan");

    Path kernel = work.resolve("lui.exports");
    start();
    ExportsWriter.writeKernel(kernel, plan);
    report("kernel exports: first write");
    start();
    boolean changed = ExportsWriter.writeKernel(kernel, plan).changed();
    report("kernel exports: unchanged rewrite (" + (changed ? "changed!" : "no write") + ")");

    Path ganesha = work.resolve("ganesha.conf");
    start();
    ExportsWriter.writeGanesha(ganesha, Optional.of("10.1.0.1"), plan);
    report("ganesha config: first write (ids assigned)");
    start();
    changed = ExportsWriter.writeGanesha(ganesha, Optional.of("10.1.0.1"), plan).changed();
    report("ganesha config: unchanged rewrite (" + (changed ? "changed!" : "no write") + ")");
    ExportPlan minusOne = new ExportPlan(List.of(image), "10.1.0.0/16", nodes.subList(1, n));
    start();
    ExportsWriter.writeGanesha(ganesha, Optional.of("10.1.0.1"), minusOne);
    report("ganesha config: one node removed");
    System.out.printf(
        "sizes: kernel %d KiB, ganesha %d KiB%n",
        Files.size(kernel) / 1024, Files.size(ganesha) / 1024);

    if (netns.isPresent()) {
      for (NodeExport e : nodes) {
        Files.createDirectories(e.root());
      }
      ExportsWriter.writeGanesha(ganesha, Optional.of("10.1.0.1"), plan);
      start();
      try (GaneshaProcess g =
          GaneshaProcess.start(ganesha, netns.get(), work.resolve("run"), Duration.ofMinutes(10))) {
        report("ganesha.nfsd start with " + (n + 1) + " exports");
        ExportsWriter.writeGanesha(ganesha, Optional.of("10.1.0.1"), minusOne);
        long before = countReloads(g);
        start();
        g.reload().reload();
        while (countReloads(g) == before && g.isAlive()) {
          Thread.sleep(20);
        }
        report("ganesha SIGHUP reload, one export removed");
      }
    }
  }

  private static long countReloads(GaneshaProcess g) throws java.io.IOException {
    return g.log().lines().filter(l -> l.contains("Reread exports complete")).count();
  }
}
