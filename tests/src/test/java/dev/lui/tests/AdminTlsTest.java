package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.config.AdminListener;
import dev.lui.testkit.RealTools;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12: the admin listener over HTTPS with a self-signed certificate made as an admin makes it
 * (openssl, the command in 'lui server --help'), and the CLI that trusts exactly that certificate
 * and nothing else.
 */
class AdminTlsTest {
  @TempDir Path tmp;
  LiveServer lui;
  Path cert;
  Path token;

  /** {@code openssl req -x509 ...} as in {@code lui server --help}: NAME.pem and NAME.key. */
  static Path[] selfSigned(Path dir, String name, String subjectAltNames) throws Exception {
    Path openssl = RealTools.program("openssl");
    Path pem = dir.resolve(name + ".pem");
    Path key = dir.resolve(name + ".key");
    Process p =
        new ProcessBuilder(
                openssl.toString(),
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "825",
                "-subj",
                "/CN=" + name,
                "-addext",
                "subjectAltName=" + subjectAltNames,
                "-keyout",
                key.toString(),
                "-out",
                pem.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
    return new Path[] {pem, key};
  }

  @BeforeEach
  void start() throws Exception {
    Path[] pair = selfSigned(tmp, "head", "IP:127.0.0.1,DNS:localhost");
    cert = pair[0];
    lui =
        new LiveServer(
            tmp.resolve("state"),
            UnaryOperator.identity(),
            AdminListener.of(
                new InetSocketAddress("127.0.0.1", 0), Optional.of(cert), Optional.of(pair[1])));
    token = lui.state.resolve("admin.token");
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  private LiveServer.Result cli(String... extra) {
    List<String> args = new ArrayList<>(List.of("list-nodes", "--token-file", token.toString()));
    args.addAll(List.of(extra));
    return LiveServer.raw(args.toArray(String[]::new));
  }

  @Test
  void theCliTalksHttpsToTheAdminListenerWhenGivenItsCertificate() {
    assertThat(lui.server.adminUrl()).startsWith("https://127.0.0.1:");
    LiveServer.Result define =
        LiveServer.raw(
            "define-node",
            "n01",
            "--mac",
            "52:54:00:00:00:01",
            "--ip",
            "10.0.0.11",
            "--netmask",
            "255.255.255.0",
            "--server",
            lui.server.adminUrl(),
            "--ca-cert",
            cert.toString(),
            "--token-file",
            token.toString());
    assertThat(define.code()).as(define.err()).isZero();
    LiveServer.Result list = cli("--server", lui.server.adminUrl(), "--ca-cert", cert.toString());
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("n01");
    String localhost = lui.server.adminUrl().replace("127.0.0.1", "localhost");
    assertThat(cli("--server", localhost, "--ca-cert", cert.toString()).code())
        .as("a name the certificate has")
        .isZero();
  }

  @Test
  void withoutItsCertificateTheCliRefusesTheServerAndSaysHowToTrustIt() {
    LiveServer.Result r = cli("--server", lui.server.adminUrl());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith(
            "lui: the lui server at "
                + lui.server.adminUrl()
                + " presented a certificate this client does not accept: ")
        .contains("--ca-cert FILE or LUI_CA_CERT")
        .doesNotContain("\n\n");
    assertThat(r.err().lines()).as("one line").hasSize(1);
  }

  @Test
  void anotherCertificateIsNotTrustedInItsPlace() throws Exception {
    Path other = selfSigned(tmp, "other", "IP:127.0.0.1,DNS:localhost")[0];
    LiveServer.Result r = cli("--server", lui.server.adminUrl(), "--ca-cert", other.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("presented a certificate this client does not accept");
  }

  @Test
  void aCertificateThatDoesNotNameTheHostIsRefusedEvenWhenTrusted() throws Exception {
    lui.close();
    Path[] pair = selfSigned(tmp, "elsewhere", "DNS:head.example");
    lui =
        new LiveServer(
            tmp.resolve("state2"),
            UnaryOperator.identity(),
            AdminListener.of(
                new InetSocketAddress("127.0.0.1", 0), Optional.of(pair[0]), Optional.of(pair[1])));
    assertThat(Files.readString(lui.state.resolve("server.url")))
        .as("the URL names what the certificate names")
        .startsWith("https://head.example:");
    String byAddress = "https://127.0.0.1:" + lui.server.adminUrl().replaceAll(".*:", "");
    LiveServer.Result r =
        LiveServer.raw(
            "list-nodes",
            "--server",
            byAddress,
            "--ca-cert",
            pair[0].toString(),
            "--token-file",
            lui.state.resolve("admin.token").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("does not accept")
        .contains("127.0.0.1")
        .contains("the URL's host must be one the certificate names");
  }

  @Test
  void theCliOnTheServerHostFindsTheHttpsUrlAndTrustsTheCertificateTheServerLeftThere()
      throws Exception {
    assertThat(Files.readString(lui.state.resolve("server.url")).strip())
        .isEqualTo(lui.server.adminUrl());
    assertThat(Files.readString(lui.state.resolve("admin-cert.pem")))
        .isEqualTo(Files.readString(cert).replace("\r", ""));
    LiveServer.Result r = LiveServer.raw("list-nodes", "--state", lui.state.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(cli("--server", lui.server.adminUrl()).code())
        .as("a URL given by hand is not the state directory's")
        .isEqualTo(1);
  }

  @Test
  void plainHttpToTheHttpsListenerFailsSayingTheUrlStartsWithHttps() {
    LiveServer.Result r = cli("--server", lui.server.adminUrl().replace("https:", "http:"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("its URL starts with https://");
  }

  @Test
  void luiCaCertInTheEnvironmentIsTrustedLikeTheFlag() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lui.core.cli.LuiMain",
                "list-nodes",
                "--server",
                lui.server.adminUrl(),
                "--token-file",
                token.toString())
            .redirectErrorStream(true);
    pb.environment().put("LUI_CA_CERT", cert.toString());
    pb.environment().remove("LUI_SERVER");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
