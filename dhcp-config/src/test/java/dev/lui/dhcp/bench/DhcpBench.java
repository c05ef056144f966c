package dev.lui.dhcp.bench;

import dev.lui.dhcp.BootFiles;
import dev.lui.dhcp.DhcpChecks;
import dev.lui.dhcp.DhcpHost;
import dev.lui.dhcp.DhcpHosts;
import dev.lui.dhcp.DhcpPublisher;
import dev.lui.dhcp.DhcpRenderer;
import dev.lui.dhcp.DhcpTarget;
import dev.lui.dhcp.ReloadPolicy;
import dev.lui.dhcp.TestHosts;
import dev.lui.dhcp.dns.DnsZones;
import dev.lui.dhcp.formats.DhcpFormats;
import dev.lui.io.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scale benchmark, not a test: N hosts (default 10,000) on one /16, firmware-aware boot files.
 * Prints the time of each stage: checks, rendering per backend, validation with each real program,
 * and a full publish of all four backends (render, validate, atomic write, one coalesced reload).
 * Usage: {@code DhcpBench [hosts] [work-dir]}; run by tests/bench/dhcp-bench.sh.
 */
public final class DhcpBench {
  private DhcpBench() {}

  private static long t0;

  private static void start() {
    t0 = System.nanoTime();
  }

  private static double ms() {
    return (System.nanoTime() - t0) / 1e6;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("dhcp-bench");
    BootFiles boot =
        BootFiles.defaults()
            .withUefiX64("grubx64.efi")
            .withUefiArm64("grubaa64.efi")
            .withIpxeScriptUrl("http://10.1.0.2/lui/boot.ipxe");
    Map<String, DhcpRenderer> renderers = new LinkedHashMap<>();
    renderers.put("isc", DhcpFormats.isc(boot));
    renderers.put("bootptab", DhcpFormats.bootptab());
    renderers.put("kea", DhcpFormats.kea(boot));
    renderers.put("dnsmasq", DhcpFormats.dnsmasq(boot));
    List<DhcpHost> hosts = TestHosts.cluster(n);

    // Warm-up (JIT), so the figures are of steady-state code, as in a long-running server.
    for (int i = 0; i < 3; i++) {
      for (DhcpRenderer r : renderers.values()) {
        r.render(hosts);
      }
      DnsZones.forward("cluster.example.org.", hosts);
      DhcpChecks.requireValid(hosts);
    }
    System.out.printf(
        "DHCP benchmark: %,d hosts on 10.1.0.0/16, %d cores, load average %.1f%n",
        n,
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    List<String[]> rows = new ArrayList<>();
    start();
    DhcpChecks.requireValid(hosts);
    rows.add(new String[] {"checks (duplicates, subnets)", String.format("%.1f", ms()), ""});
    Map<String, Path> files = new LinkedHashMap<>();
    for (Map.Entry<String, DhcpRenderer> e : renderers.entrySet()) {
      start();
      String text = e.getValue().render(hosts);
      double t = ms();
      Path f = work.resolve(e.getKey() + ".conf");
      Files.writeString(f, text);
      files.put(e.getKey(), f);
      rows.add(
          new String[] {
            "render " + e.getKey(),
            String.format("%.1f", t),
            String.format("%,d bytes", text.length())
          });
    }
    start();
    String fwd = DnsZones.forward("cluster.example.org.", hosts);
    String rev = DnsZones.reverse(DhcpHosts.networks(hosts).get(0), "cluster.example.org.", hosts);
    rows.add(
        new String[] {
          "render DNS forward+reverse",
          String.format("%.1f", ms()),
          String.format("%,d bytes", fwd.length() + rev.length())
        });
    Files.writeString(work.resolve("fwd.zone"), fwd);
    Files.writeString(work.resolve("rev.zone"), rev);

    ProcessRunner run = new ProcessRunner(Duration.ofMinutes(5));
    Map<String, List<String>> validators = new LinkedHashMap<>();
    validators.put(
        "isc", List.of("/usr/sbin/dhcpd", "-t", "-4", "-cf", files.get("isc").toString()));
    validators.put("kea", List.of("/usr/sbin/kea-dhcp4", "-t", files.get("kea").toString()));
    validators.put(
        "dnsmasq", List.of("/usr/sbin/dnsmasq", "--test", "--conf-file=" + files.get("dnsmasq")));
    validators.put(
        "DNS forward",
        List.of(
            "/usr/bin/named-checkzone",
            "cluster.example.org",
            work.resolve("fwd.zone").toString()));
    validators.put(
        "DNS reverse",
        List.of(
            "/usr/bin/named-checkzone", "1.10.in-addr.arpa", work.resolve("rev.zone").toString()));
    for (Map.Entry<String, List<String>> e : validators.entrySet()) {
      if (!Files.isExecutable(Path.of(e.getValue().get(0)))) {
        rows.add(new String[] {"validate " + e.getKey(), "n/a", e.getValue().get(0) + " missing"});
        continue;
      }
      start();
      ProcessRunner.Result r = run.run(e.getValue());
      double t = ms();
      rows.add(
          new String[] {
            "validate " + e.getKey(), String.format("%.1f", t), r.succeeded() ? "ok" : "FAILED"
          });
      if (!r.succeeded()) {
        System.out.println(r.describe());
      }
    }

    // The whole publish path for all four backends, as the server runs it after a batch define.
    Path out = Files.createDirectories(work.resolve("publish"));
    Path reloadLog = work.resolve("reloads.log");
    List<String> reload =
        List.of("/bin/sh", "-c", "echo reload >> \"$1\"", "sh", reloadLog.toString());
    List<DhcpTarget> targets =
        List.of(
            DhcpFormats.iscTarget(out.resolve("dhcpd.conf"), true).withReload(reload),
            DhcpFormats.bootptabTarget(out.resolve("bootptab")).withReload(reload),
            DhcpTarget.kea(out.resolve("kea-dhcp4.conf"), renderers.get("kea"), true)
                .withReload(reload),
            DhcpTarget.dnsmasq(out.resolve("lui-dnsmasq.conf"), renderers.get("dnsmasq"), true)
                .withReload(reload));
    try (DhcpPublisher publisher =
        new DhcpPublisher(
            targets, Duration.ofMinutes(5), new ReloadPolicy(Duration.ofHours(1), Duration.ZERO))) {
      start();
      publisher.publish(hosts);
      double publish = ms();
      start();
      publisher.flushReloads();
      double flush = ms();
      long commands = Files.exists(reloadLog) ? Files.readAllLines(reloadLog).size() : 0;
      int rounds = publisher.reloadStatus().reloadsRun();
      rows.add(
          new String[] {
            "publish 4 backends (render+validate+write)", String.format("%.1f", publish), ""
          });
      rows.add(
          new String[] {
            "coalesced reload",
            String.format("%.1f", flush),
            rounds + " reload round, " + commands + " commands (one per backend)"
          });
      start();
      publisher.publish(hosts);
      rows.add(
          new String[] {
            "publish again, unchanged", String.format("%.1f", ms()), "no write, no reload"
          });
      // One edit on a large cluster: one node more, everything re-rendered and re-validated.
      List<DhcpHost> plusOne = new ArrayList<>(hosts);
      plusOne.add(TestHosts.cluster(n + 1).get(n));
      start();
      publisher.publish(plusOne);
      publisher.flushReloads();
      rows.add(new String[] {"one more node: publish + reload", String.format("%.1f", ms()), ""});
      double total = publish + flush;
      rows.add(
          new String[] {
            "batch total (publish + reload)",
            String.format("%.1f", total),
            String.format("%.1fx under the 5 s target", 5000 / total)
          });
    }
    System.out.printf("%-44s %10s  %s%n", "stage", "ms", "");
    for (String[] r : rows) {
      System.out.printf("%-44s %10s  %s%n", r[0], r[1], r[2]);
    }
  }
}
