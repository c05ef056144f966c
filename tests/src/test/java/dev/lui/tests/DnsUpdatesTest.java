package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The server keeps the nodes' A and PTR records on a real named with TSIG-signed RFC 2136 updates.
 */
@Tag("slow")
class DnsUpdatesTest {
  @TempDir Path dir;

  @Test
  void definingAndRemovingNodesUpdatesTheirRecordsOnTheAdminsDnsServer() throws Exception {
    String secret =
        Base64.getEncoder().encodeToString("lui-e2e-secret-0123456789abcdef!".getBytes());
    Path key =
        Files.writeString(
            dir.resolve("lui.key"),
            "key \"lui-update\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + secret + "\";\n};\n");
    try (Named named =
        new Named(
            dir,
            Map.of(
                "cluster.example.org",
                Named.SOA + "ns IN A 10.0.0.1\n",
                "0.0.10.in-addr.arpa",
                Named.SOA),
            "allow-update { key \"lui-update\"; };",
            "include \"" + key + "\";\n")) {
      SimpleResolver resolver = new SimpleResolver(named.address());
      for (int i = 0;
          i < 600
              && named.isAlive()
              && rcode(resolver, "cluster.example.org.", Type.SOA) != Rcode.NOERROR;
          i++) {
        Thread.sleep(100);
      }
      try (LiveServer lui =
          new LiveServer(
                  dir.resolve("state"),
                  c ->
                      c.withDns(
                          new ServerConfig.Dns(
                              "cluster.example.org",
                              Optional.of(named.address()),
                              Optional.of(key))))
              .withSystem()) {
        LiveServer.Result r =
            lui.lui(
                "define-node",
                "n31",
                "--mac",
                "52:54:00:00:00:31",
                "--ip",
                "10.0.0.31",
                "--netmask",
                "255.255.255.0");
        assertThat(r.code()).as(r.err() + named.log()).isZero();
        assertThat(answers(resolver, "n31.cluster.example.org.", Type.A))
            .as(named.log())
            .containsExactly("10.0.0.31");
        assertThat(answers(resolver, ReverseMap.fromAddress("10.0.0.31").toString(), Type.PTR))
            .containsExactly("n31.cluster.example.org.");
        assertThat(lui.lui("status").out()).doesNotContain("DNS:");
        assertThat(lui.lui("remove-node", "n31").code()).isZero();
        assertThat(answers(resolver, "n31.cluster.example.org.", Type.A)).isEmpty();
        assertThat(answers(resolver, ReverseMap.fromAddress("10.0.0.31").toString(), Type.PTR))
            .isEmpty();
      } catch (Exception | AssertionError e) {
        throw new AssertionError("named's log:\n" + named.log(), e);
      }
    }
  }

  private static int rcode(SimpleResolver r, String name, int type) {
    try {
      return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, 1))).getRcode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static List<String> answers(SimpleResolver r, String name, int type) throws Exception {
    Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, 1)));
    return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
  }
}
