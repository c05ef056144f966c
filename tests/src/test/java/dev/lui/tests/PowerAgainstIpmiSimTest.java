package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.lui.testkit.IpmiSim;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code lui power} and {@code lui install --power-cycle} through a live server against real
 * ipmi_sim BMCs on loopback (#14): good BMCs, one with a wrong password, one that does not answer
 * and a node without a BMC, each a line of its own; passwords never in an answer or a log line.
 */
@Tag("slow")
class PowerAgainstIpmiSimTest {
  /** The password lui's file gives the "localhost" BMC: not ipmi_sim's. */
  private static final String WRONG = "wrong-pw-7431";

  @TempDir Path dir;

  private final List<IpmiSim> sims = new ArrayList<>();
  private LiveServer lui;
  private LogCapture logs;
  private Level level;
  private final Logger luiLogger = (Logger) LoggerFactory.getLogger("dev.lui");

  @BeforeEach
  void start() throws Exception {
    RealTools.programs("ipmi_sim", "ipmitool");
    level = luiLogger.getLevel();
    luiLogger.setLevel(Level.DEBUG); // the driver's command lines too
    logs = new LogCapture();
    lui =
        new LiveServer(
                dir.resolve("state"),
                c -> c.withPower(p -> p.withCipherSuite(3).withTimeouts(1, 1)))
            .withSystem();
  }

  @AfterEach
  void stop() throws Exception {
    if (lui != null) {
      lui.close();
    }
    for (IpmiSim sim : sims) {
      sim.close();
    }
    logs.close();
    luiLogger.setLevel(level);
  }

  private IpmiSim sim(String name) throws Exception {
    IpmiSim sim = IpmiSim.builder().start(dir.resolve(name));
    sims.add(sim);
    return sim;
  }

  private void password(String host, String password) throws Exception {
    Path file = lui.state.resolve("bmc-secrets").resolve(host);
    Files.writeString(file, password + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private void node(int i, String bmc) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "define-node",
                String.format("n%02d", i),
                "--mac",
                String.format("52:54:00:00:01:%02x", i),
                "--ip",
                "10.0.0." + (10 + i),
                "--netmask",
                "255.255.255.0",
                "--resource",
                LiveServer.SYSTEM));
    if (!bmc.isEmpty()) {
      args.addAll(List.of("--bmc", bmc));
    }
    LiveServer.Result r = lui.lui(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static String bmc(String host, int port) {
    return "ipmi://" + IpmiSim.USER + "@" + host + ":" + port;
  }

  @Test
  void eachNodeGetsOneLineAndOnlyTheFailedOnesFail() throws Exception {
    IpmiSim a = sim("a");
    IpmiSim b = sim("b");
    IpmiSim c = sim("c");
    int closed = closedUdpPort();
    // Files per BMC host: 127.0.0.1 has the right password, "localhost" (the same ipmi_sim
    // address, written another way) a wrong one.
    password("127.0.0.1", IpmiSim.PASSWORD);
    password("localhost", WRONG);
    node(1, bmc("127.0.0.1", a.port()));
    node(2, bmc("localhost", b.port()));
    node(3, bmc("127.0.0.1", closed));
    node(4, bmc("127.0.0.1", c.port()));
    node(5, "");

    LiveServer.Result on = lui.lui("power", "on", "n[01-05]");

    assertThat(on.code()).as(on.out() + on.err()).isEqualTo(1);
    // (How long ipmitool waited for the unreachable BMC is measured: not compared.)
    assertThat(on.out().lines().map(PowerAgainstIpmiSimTest::anyWait).toList())
        .containsExactly(
            "n01 " + bmc("127.0.0.1", a.port()) + " power on: ok",
            "n02 "
                + bmc("localhost", b.port())
                + " power on failed: BMC refused the user or password (user "
                + IpmiSim.USER
                + " at localhost:"
                + b.port()
                + ")",
            "n03 "
                + bmc("127.0.0.1", closed)
                + " power on failed: no answer from BMC 127.0.0.1:"
                + closed
                + " after N s",
            "n04 " + bmc("127.0.0.1", c.port()) + " power on: ok",
            "n05 on failed: the node has no BMC; define it again with --bmc"
                + " ipmi://USER@HOST[:PORT]");
    // (A progress line may come first: an unreachable BMC takes 2 s here.)
    assertThat(on.err()).endsWith("lui: 3 of 5 nodes failed: n[02-03,05]\n");

    LiveServer.Result status = lui.lui("power", "status", "n01", "n04");
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out().lines().toList())
        .containsExactly(
            "n01 " + bmc("127.0.0.1", a.port()) + " power status: on",
            "n04 " + bmc("127.0.0.1", c.port()) + " power status: on");

    LiveServer.Result json = lui.lui("power", "status", "n[01-05]", "--json");
    assertThat(json.code()).isEqualTo(1);
    assertThat(json.out())
        .contains("\"failure\" : \"refused\"", "\"failure\" : \"unreachable\"")
        .contains("\"failure\" : \"no-bmc\"", "\"state\" : \"on\"");

    List<String> lines = logs.events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).as("the driver logs its commands at DEBUG").anyMatch(l -> l.contains("-E"));
    for (String secret : List.of(IpmiSim.PASSWORD, WRONG)) {
      assertThat(on.out() + on.err() + status.out() + json.out()).doesNotContain(secret);
      assertThat(lines).noneMatch(l -> l.contains(secret));
    }
  }

  @Test
  void installPowerCyclesArmedNodesAndAFailingBmcLeavesItsNodeArmed() throws Exception {
    IpmiSim a = sim("a");
    password("default", IpmiSim.PASSWORD);
    node(1, bmc("127.0.0.1", a.port()));
    node(2, bmc("127.0.0.1", closedUdpPort()));

    LiveServer.Result r = lui.lui("install", "n01,n02", "--power-cycle");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    List<String> out = r.out().lines().toList();
    assertThat(out).startsWith("armed node n01 for install", "armed node n02 for install");
    // ipmi_sim without a chassis control program refuses a boot device: noted, not failed.
    assertThat(out.get(2))
        .startsWith(
            "n01 "
                + bmc("127.0.0.1", a.port())
                + " power on: ok (next boot device not set: BMC 127.0.0.1:"
                + a.port()
                + " refused to set the next boot device to pxe");
    assertThat(out.get(3))
        .startsWith("n02 ")
        .contains("next boot from the network failed: no answer from BMC");
    assertThat(r.err()).endsWith("lui: 1 of 2 nodes failed: n02\n");
    assertThat(a.started()).as("powered on").hasSize(1);
    LiveServer.Result n02 = lui.lui("show-node", "n02", "--json");
    assertThat(n02.out()).contains("\"armed\" : true", "\"state\" : \"defined\"");

    // On now: the next --power-cycle cycles it.
    LiveServer.Result again = lui.lui("install", "n01", "--power-cycle");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("power cycle: ok");
  }

  /** Waits (ipmi_sim acts on its one-second tick) until {@code sim} has started {@code n}. */
  private static void awaitStarted(IpmiSim sim, int n) throws InterruptedException {
    for (int i = 0; i < 100 && sim.started().size() != n; i++) {
      Thread.sleep(100);
    }
    assertThat(sim.started()).as(sim.log()).hasSize(n);
  }

  @Test
  void offAndCycleReachTheGoodBmcsWhileAWrongPasswordAndAnUnreachableBmcFailAlone()
      throws Exception {
    IpmiSim a = sim("a");
    IpmiSim b = sim("b");
    IpmiSim c = sim("c");
    int closed = closedUdpPort();
    password("127.0.0.1", IpmiSim.PASSWORD);
    password("localhost", WRONG);
    node(1, bmc("127.0.0.1", a.port()));
    node(2, bmc("localhost", b.port()));
    node(3, bmc("127.0.0.1", closed));
    node(4, bmc("127.0.0.1", c.port()));
    assertThat(lui.lui("power", "on", "n01,n04").code()).isZero();
    long before = a.started().get(0).pid();

    LiveServer.Result cycle = lui.lui("power", "cycle", "n[01-04]");

    assertThat(cycle.code()).isEqualTo(1);
    assertThat(cycle.out().lines().map(PowerAgainstIpmiSimTest::anyWait).toList())
        .containsExactly(
            "n01 " + bmc("127.0.0.1", a.port()) + " power cycle: ok",
            "n02 "
                + bmc("localhost", b.port())
                + " power cycle failed: BMC refused the user or password (user "
                + IpmiSim.USER
                + " at localhost:"
                + b.port()
                + ")",
            "n03 "
                + bmc("127.0.0.1", closed)
                + " power cycle failed: no answer from BMC 127.0.0.1:"
                + closed
                + " after N s",
            "n04 " + bmc("127.0.0.1", c.port()) + " power cycle: ok");
    assertThat(cycle.err()).endsWith("lui: 2 of 4 nodes failed: n02,n03\n");
    // A cycle kills what the BMC started and starts it again a second later.
    for (int i = 0; i < 50 && a.started().stream().allMatch(p -> p.pid() == before); i++) {
      Thread.sleep(200);
    }
    awaitStarted(a, 1);
    assertThat(a.started().get(0).pid()).as(a.log()).isNotEqualTo(before);
    assertThat(b.started()).as("the refused BMC did nothing").isEmpty();

    LiveServer.Result off = lui.lui("power", "off", "n[01-04]");

    assertThat(off.code()).isEqualTo(1);
    assertThat(off.out().lines().toList())
        .hasSize(4)
        .contains(
            "n01 " + bmc("127.0.0.1", a.port()) + " power off: ok",
            "n04 " + bmc("127.0.0.1", c.port()) + " power off: ok");
    assertThat(off.out()).contains("n02 ", "power off failed: BMC refused the user or password");
    assertThat(off.out()).contains("n03 ", "power off failed: no answer from BMC");
    awaitStarted(a, 0);
    awaitStarted(c, 0);
    LiveServer.Result status = lui.lui("power", "status", "n01,n04");
    assertThat(status.out()).contains("n01 " + bmc("127.0.0.1", a.port()) + " power status: off");
    for (LiveServer.Result r : List.of(cycle, off, status)) {
      assertThat(r.out() + r.err()).doesNotContain(IpmiSim.PASSWORD).doesNotContain(WRONG);
    }
  }

  @Test
  void installPowerCycleSetsTheNextBootToPxeOnABmcThatCan() throws Exception {
    IpmiSim a = IpmiSim.builder().chassisControl().start(dir.resolve("chassis"));
    sims.add(a);
    password("default", IpmiSim.PASSWORD);
    node(1, bmc("127.0.0.1", a.port()));
    assertThat(a.chassis("boot")).isEqualTo("default");

    LiveServer.Result r = lui.lui("install", "n01", "--power-cycle");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("n01 " + bmc("127.0.0.1", a.port()) + " power on: ok")
        .doesNotContain("next boot device not set");
    assertThat(a.chassis("boot")).isEqualTo("pxe");
    assertThat(a.chassis("power")).isEqualTo("1");
  }

  @Test
  void anUnknownActionIsRefusedNamingTheActions() {
    LiveServer.Result r = lui.lui("power", "reboot", "n01");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("action", "reboot", "on, off, cycle, status");
  }

  /** A line with the measured wait of an unreachable BMC as {@code after N s}. */
  private static String anyWait(String line) {
    return line.replaceAll(" after \\d+ s$", " after N s");
  }

  private static int closedUdpPort() throws Exception {
    try (java.net.DatagramSocket s =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
