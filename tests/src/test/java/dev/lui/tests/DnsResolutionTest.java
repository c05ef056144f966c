package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.config.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** define-node without --ip, and the forward/reverse check with it, against a real named. */
@Tag("slow")
class DnsResolutionTest {
  @TempDir Path dir;

  @Test
  void aNodeWithoutAnIpGetsTheAddressDnsHasForItsHostName() throws Exception {
    try (Named named =
            new Named(
                dir,
                Map.of(
                    "cluster.example.org", Named.SOA + "ns IN A 10.0.0.1\nn07 IN A 10.0.0.17\n",
                    "0.0.10.in-addr.arpa",
                        Named.SOA
                            + "17 IN PTR n07.cluster.example.org.\n19 IN PTR printer.cluster.example.org.\n"),
                "",
                "");
        LiveServer lui =
            new LiveServer(
                dir.resolve("state"),
                c ->
                    c.withDns(
                        new ServerConfig.Dns(
                            "cluster.example.org",
                            Optional.of(named.address()),
                            Optional.empty())))) {
      LiveServer.Result r = null;
      // named needs a moment to load its zone: retry until it answers (bounded, not timed).
      for (int i = 0; i < 100; i++) {
        r =
            lui.lui(
                "define-node", "n07", "--mac", "52:54:00:00:00:07", "--netmask", "255.255.255.0");
        if (r.code() == 0 || !named.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(r.code()).as(r.err() + named.log()).isZero();
      assertThat(lui.lui("show-node", "n07").out()).contains("10.0.0.17");
      assertThat(r.err()).as("n07's A and PTR records agree").doesNotContain("warning");
      LiveServer.Result missing =
          lui.lui("define-node", "n08", "--mac", "52:54:00:00:00:08", "--netmask", "255.255.255.0");
      assertThat(missing.code()).isEqualTo(2);
      assertThat(missing.err())
          .contains("--hostname 'n08.cluster.example.org': has no A record")
          .contains("give --ip");
      // With both --ip and a DNS server, forward and reverse are checked: a warning, not a refusal.
      LiveServer.Result disagree =
          lui.lui(
              "define-node",
              "n09",
              "--mac",
              "52:54:00:00:00:09",
              "--ip",
              "10.0.0.19",
              "--netmask",
              "255.255.255.0");
      assertThat(disagree.code()).as(disagree.err()).isZero();
      assertThat(disagree.err())
          .contains("warning")
          .contains("n09.cluster.example.org")
          .contains("10.0.0.19")
          .contains("printer");
    }
  }
}
