package dev.lui.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.Fixtures;
import dev.lui.core.domain.Node;
import dev.lui.core.store.MemoryStore;
import dev.lui.tftp.TftpMetrics;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scrape: Prometheus names, nodes by state read from the store, the TFTP server's counters. */
class MetricsEndpointTest {
  final MemoryStore store = new MemoryStore();
  final MetricsEndpoint endpoint = new MetricsEndpoint();

  @AfterEach
  void close() {
    endpoint.close();
  }

  @Test
  void countsNodesByStateFromTheStoreAtEachScrape() {
    endpoint.observeNodes(store);
    store.putNode(Fixtures.node(1));
    Node failed = Fixtures.node(2);
    store.putNode(
        failed.withStatus(
            failed
                .status()
                .finished(false, Optional.of("boom"), Instant.parse("2026-12-01T01:00:00Z"))));

    assertThat(endpoint.scrape())
        .contains("lui_nodes{state=\"defined\"} 1.0")
        .contains("lui_nodes{state=\"failed\"} 1.0")
        .contains("lui_nodes{state=\"installed\"} 0.0");

    store.deleteNode("n02");
    assertThat(endpoint.scrape()).contains("lui_nodes{state=\"failed\"} 0.0");
  }

  @Test
  void readsTheTftpServersRefusalsByReason() {
    TftpMetrics m = new TftpMetrics(9, 5, 1, 0, 0, 0, 3, 4096, 2, 1, 4, 3, 0, 7, 0, 11, 6, 0, 0);
    endpoint.observeTftp(() -> m);
    System.gc(); // the reader is held by the endpoint, not only weakly by Micrometer

    assertThat(endpoint.scrape())
        .contains("lui_tftp_refusals_total{reason=\"busy\"} 3.0")
        .contains("lui_tftp_refusals_total{reason=\"malformed\"} 7.0")
        .contains("lui_tftp_refusals_total{reason=\"rate_limited\"} 6.0")
        .contains("lui_tftp_retransmissions_total 11.0")
        .contains("lui_tftp_active 2.0");
  }

  @Test
  void namesEventMetersAsPrometheusDoesWithTheJvmsBeside() {
    endpoint.events().httpRequest("node", "GET", "/<path>", 200);
    String text = endpoint.scrape();
    assertThat(text)
        .contains(
            "lui_http_requests_total{listener=\"node\",method=\"GET\",route=\"/<path>\",status=\"200\"} 1.0")
        .contains("lui_tftp_transfers_total{outcome=\"completed\"} 0.0")
        .contains("lui_tftp_transferred_bytes_total 0.0")
        .contains("jvm_memory_used_bytes")
        .contains("jvm_threads_live_threads")
        .contains("jvm_classes_loaded_classes")
        .contains("process_uptime_seconds")
        .contains("system_cpu_usage")
        .doesNotContain("system_cpu_count", "process_cpu_time_ns");
  }
}
