package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Networks (#14) through the CLI and the API of a real server on loopback. */
class NetworksAgainstLiveServerTest {
  @TempDir Path tmp;
  LiveServer lui;

  @BeforeEach
  void start() {
    lui = new LiveServer(tmp.resolve("state")).withSystem();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  LiveServer.Result ok(String... args) {
    LiveServer.Result r = lui.lui(args);
    assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  LiveServer.Result node(String name, int i, String... more) {
    String[] base = {
      "define-node",
      name,
      "--mac",
      String.format("52:54:00:00:00:%02x", i),
      "--resource",
      LiveServer.SYSTEM
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return lui.lui(all);
  }

  @Test
  void aNodeOnANetworkInheritsItAndItsPlanGetsTheDnsServers() throws Exception {
    assertThat(
            ok(
                    "define-network",
                    "cluster",
                    "--cidr",
                    "10.0.0.0/24",
                    "--gateway",
                    "10.0.0.1",
                    "--dns",
                    "10.0.0.2,10.0.0.3",
                    "--domain",
                    "cluster.example.org")
                .out())
        .isEqualTo(
            "defined network cluster (10.0.0.0/24, gateway 10.0.0.1, dns 10.0.0.2,10.0.0.3,"
                + " domain cluster.example.org)\n");
    LiveServer.Result n01 = node("n01", 1, "--ip", "10.0.0.11");
    assertThat(n01.code()).as(n01.err()).isZero();
    assertThat(ok("show-node", "n01").out())
        .contains("netmask:       255.255.255.0")
        .contains("gateway:       10.0.0.1")
        .contains("network:       cluster");
    assertThat(ok("list-nodes").out()).contains("NETWORK").contains("cluster");
    assertThat(Files.readString(lui.dhcpdConf())).contains("10.0.0.11");
    JsonNode plan = Json.json().readTree(ok("show-node", "n01", "--plan").out());
    assertThat(plan.path("node").path("nameservers").toString())
        .isEqualTo("[\"10.0.0.2\",\"10.0.0.3\"]");
    assertThat(plan.path("node").path("searchDomains").toString())
        .isEqualTo("[\"cluster.example.org\"]");
    assertThat(Files.readString(lui.nodeRoot("n01").resolve("lui/plan.json")))
        .contains("cluster.example.org");

    LiveServer.Result n02 = node("n02", 2, "--ip", "10.0.0.12/24", "--network", "cluster");
    assertThat(n02.code()).as(n02.err()).isZero();
    assertThat(ok("list-networks").out())
        .isEqualTo(
            "NAME     CIDR         GATEWAY   DNS                DOMAIN               NODES\n"
                + "cluster  10.0.0.0/24  10.0.0.1  10.0.0.2,10.0.0.3  cluster.example.org  n01,n02\n");
  }

  @Test
  void refusalsNameTheValuesAndTheRule() {
    ok("define-network", "cluster", "--cidr", "10.0.0.0/24", "--gateway", "10.0.0.1");
    LiveServer.Result overlap = lui.lui("define-network", "wide", "--cidr", "10.0.0.0/16");
    assertThat(overlap.code()).isEqualTo(2);
    assertThat(overlap.err())
        .isEqualTo(
            "lui: network wide (10.0.0.0/16) overlaps network cluster (10.0.0.0/24): networks"
                + " share no address, so that each node address is on one network\n");
    LiveServer.Result gw = node("n01", 1, "--ip", "10.0.0.11", "--gateway", "10.0.0.254");
    assertThat(gw.code()).isEqualTo(2);
    assertThat(gw.err())
        .contains("--gateway '10.0.0.254'")
        .contains("network cluster (10.0.0.0/24), whose gateway is 10.0.0.1");
    LiveServer.Result noMask = node("n01", 1, "--ip", "10.9.0.11");
    assertThat(noMask.code()).isEqualTo(2);
    assertThat(noMask.err()).contains("required, like 255.255.255.0").contains("define-network");
    assertThat(ok("list-nodes", "--json").out()).isEqualTo("[ ]\n");

    assertThat(node("n01", 1, "--ip", "10.0.0.11").code()).isZero();
    assertThat(node("n02", 2, "--ip", "10.0.0.12").code()).isZero();
    assertThat(node("n03", 3, "--ip", "10.0.0.13").code()).isZero();
    LiveServer.Result inUse = lui.lui("remove-network", "cluster");
    assertThat(inUse.code()).isEqualTo(2);
    assertThat(inUse.err())
        .isEqualTo(
            "lui: network cluster is used by 3 nodes: n[01-03]; remove them or define them on"
                + " another network first\n");
    ok("remove-node", "n01", "n02", "n03");
    assertThat(ok("remove-network", "cluster").out()).isEqualTo("removed network cluster\n");
    assertThat(ok("list-networks", "--json").out()).isEqualTo("[ ]\n");
    LiveServer.Result gone = lui.lui("remove-network", "cluster");
    assertThat(gone.code()).isEqualTo(2);
    assertThat(gone.err()).contains("network").contains("cluster");
  }

  @Test
  void theApiDefinesReadsAndRemovesNetworks() throws Exception {
    Api api = new Api(lui);
    assertThat(
            api.send(
                    "POST",
                    "/api/v1/networks",
                    "{\"name\": \"ib\", \"cidr\": \"10.1.0.0/16\", \"dns\": [\"10.1.0.2\"]}")
                .statusCode())
        .isEqualTo(201);
    var one = api.send("GET", "/api/v1/networks/ib", null);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(Json.json().readTree(one.body()).path("dns").toString()).isEqualTo("[\"10.1.0.2\"]");
    assertThat(
            api.send(
                    "POST",
                    "/api/v1/networks",
                    "{\"name\": \"x\", \"cidr\": \"10.1.0.0/16\", \"typo\": 1}")
                .statusCode())
        .isEqualTo(400);
    assertThat(api.send("GET", "/api/v1/networks/none", null).statusCode()).isEqualTo(404);
    assertThat(api.send("DELETE", "/api/v1/networks/ib", null).statusCode()).isEqualTo(204);
    assertThat(Json.json().readTree(api.send("GET", "/api/v1/networks", null).body()).size())
        .isZero();
  }

  static final String CLUSTER =
      """
      networks:
        - name: cluster
          cidr: 10.0.0.0/24
          gateway: 10.0.0.1
          dns: [10.0.0.2, 10.0.0.3]
          domain: cluster.example.org
        - name: ib
          cidr: 10.1.0.0/16
      groups: [compute]
      nodes:
        - name: n01
          mac: 52:54:00:00:00:01
          ip: 10.0.0.11
          groups: [compute]
        - name: n02
          mac: 52:54:00:00:00:02
          ip: 10.1.0.12
          network: ib
        - name: n03
          mac: 52:54:00:00:00:03
          ip: 10.9.0.13
          netmask: 255.255.255.0
      """;

  @Test
  void aClusterFileCarriesNetworksAndRoundTrips() throws Exception {
    Path file = Files.writeString(tmp.resolve("cluster.yaml"), CLUSTER);
    LiveServer.Result first = ok("apply", file.toString());
    assertThat(first.out())
        .startsWith("define network cluster (10.0.0.0/24)\ndefine network ib (10.1.0.0/16)\n")
        .contains("define node n01");
    assertThat(ok("show-node", "n01").out())
        .contains("gateway:       10.0.0.1")
        .contains("network:       cluster");
    assertThat(ok("apply", file.toString()).out()).endsWith("nothing changed\n");

    String exported = ok("export").out();
    assertThat(exported)
        .contains(
            """
            networks:
            - name: "cluster"
              cidr: "10.0.0.0/24"
              gateway: "10.0.0.1"
              dns:
              - "10.0.0.2"
              - "10.0.0.3"
              domain: "cluster.example.org"
            - name: "ib"
              cidr: "10.1.0.0/16"
            """)
        .contains("network: \"ib\"");
    Path again = Files.writeString(tmp.resolve("exported.yaml"), exported);
    assertThat(ok("apply", again.toString()).out()).endsWith("nothing changed\n");
    assertThat(ok("export").out()).isEqualTo(exported);

    // DNS may change under nodes; the CIDR may not.
    Files.writeString(file, CLUSTER.replace("[10.0.0.2, 10.0.0.3]", "[10.0.0.4]"));
    assertThat(ok("apply", file.toString(), "--yes").out())
        .contains("update network cluster: dns 10.0.0.2,10.0.0.3 -> 10.0.0.4");
    assertThat(ok("show-node", "n01", "--plan").out()).contains("10.0.0.4");
    Files.writeString(file, CLUSTER.replace("cidr: 10.1.0.0/16", "cidr: 10.1.0.0/20"));
    LiveServer.Result moved = lui.lui("apply", file.toString(), "--yes");
    assertThat(moved.code()).isEqualTo(2);
    assertThat(moved.err())
        .contains("network ib: its cidr and gateway cannot change while nodes are on it (n02)");
  }

  /** Plain HTTP calls to the admin listener with the admin token. */
  record Api(LiveServer lui) {
    java.net.http.HttpResponse<String> send(String method, String path, String body)
        throws Exception {
      String base = Files.readString(lui.state.resolve("server.url")).trim();
      var request =
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
              .header("Authorization", "Bearer " + lui.adminToken())
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? java.net.http.HttpRequest.BodyPublishers.noBody()
                      : java.net.http.HttpRequest.BodyPublishers.ofString(body));
      return java.net.http.HttpClient.newHttpClient()
          .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }
  }
}
