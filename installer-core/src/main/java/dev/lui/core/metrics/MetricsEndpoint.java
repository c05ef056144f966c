package dev.lui.core.metrics;

import dev.lui.core.domain.NodeState;
import dev.lui.core.publish.Publisher;
import dev.lui.core.store.Store;
import dev.lui.dhcp.DhcpPublisher;
import dev.lui.tftp.TftpMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics}: the server's meters in Prometheus text format. Besides the {@link
 * ServerMetrics} fed as things happen, it reads on each scrape what other parts already count (the
 * TFTP server's refusals, the publisher's publications and DHCP reloads) and the nodes by state
 * (one SQL count per scrape), plus Micrometer's JVM binders.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** The content type of Prometheus' text exposition format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final ServerMetrics events;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<NodeState, Long> nodes = new EnumMap<>(NodeState.class);
  private Supplier<Map<NodeState, Long>> nodeCounts = Map::of;

  /** Micrometer holds what a gauge reads weakly: this keeps the TFTP server's reader alive. */
  private Supplier<TftpMetrics> tftp;

  public MetricsEndpoint() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Two binder names promtool's lint refuses (process_cpu_time_ns_total: an abbreviated unit;
    // system_cpu_count: a gauge ending in _count). process_cpu_usage and system_cpu_usage stay.
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"));
    events = new ServerMetrics(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The meters fed by events (TFTP records, HTTP requests, agent events). */
  public ServerMetrics events() {
    return events;
  }

  /** Reads the TFTP server's own counters on each scrape: refusals by reason, queue, active. */
  public void observeTftp(Supplier<TftpMetrics> tftp) {
    this.tftp = tftp;
    refusal(tftp, "busy", TftpMetrics::refusedBusy);
    refusal(tftp, "rate_limited", TftpMetrics::rateLimited);
    refusal(tftp, "malformed", TftpMetrics::malformedDatagrams);
    refusal(tftp, "wrong_tid", TftpMetrics::wrongTidDatagrams);
    refusal(tftp, "dropped_unacknowledged", TftpMetrics::droppedUnacknowledged);
    FunctionCounter.builder("lui.tftp.retransmissions", tftp, t -> t.get().retransmissions())
        .description("TFTP timeouts that resent an OACK or a window")
        .register(registry);
    Gauge.builder("lui.tftp.active", tftp, t -> t.get().active())
        .description("TFTP transfers running now")
        .register(registry);
    Gauge.builder("lui.tftp.queued", tftp, t -> t.get().queued())
        .description("TFTP requests waiting for a transfer slot now")
        .register(registry);
  }

  private void refusal(
      Supplier<TftpMetrics> tftp, String reason, ToDoubleFunction<TftpMetrics> count) {
    FunctionCounter.builder("lui.tftp.refusals", tftp, t -> count.applyAsDouble(t.get()))
        .description("TFTP requests or datagrams refused or left unanswered, by reason")
        .tag("reason", reason)
        .register(registry);
  }

  /** Publications (changes and reconciles) and DHCP reloads, as the publisher counts them. */
  public void observePublisher(Publisher publisher) {
    for (String kind : new String[] {"change", "reconcile"}) {
      for (boolean ok : new boolean[] {true, false}) {
        FunctionCounter.builder("lui.publish", publisher, p -> p.published(kind, ok))
            .description("Publications of DHCP, boot entries, roots and exports, by result")
            .tags("kind", kind, "result", ok ? "ok" : "failed")
            .register(registry);
      }
    }
    FunctionCounter.builder("lui.dhcp.reloads", publisher, p -> dhcp(p).reloadsRun())
        .description("Rounds of DHCP reload commands run (a burst of changes is one)")
        .register(registry);
    FunctionCounter.builder("lui.dhcp.reload.failures", publisher, p -> dhcp(p).reloadsFailed())
        .description("Rounds of DHCP reload commands of which one failed")
        .register(registry);
  }

  private static DhcpPublisher.ReloadStatus dhcp(Publisher p) {
    return p.dhcpStatus();
  }

  /** Nodes by state, counted from the store once per scrape. */
  public void observeNodes(Store store) {
    nodeCounts = store::nodeCountsByState;
    for (NodeState s : NodeState.values()) {
      Gauge.builder("lui.nodes", nodes, m -> m.getOrDefault(s, 0L))
          .description("Nodes by state")
          .tag("state", s.wireName())
          .register(registry);
    }
  }

  /** Every meter, in Prometheus text format. */
  public synchronized String scrape() {
    Map<NodeState, Long> counts = nodeCounts.get();
    nodes.clear(); // read by the gauges below, on this thread
    nodes.putAll(counts);
    return registry.scrape();
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
