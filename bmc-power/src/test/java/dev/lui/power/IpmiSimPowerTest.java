package dev.lui.power;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lui.testkit.IpmiSim;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The driver and the batch against real ipmi_sim BMCs on loopback (ipmitool 1.8.19, OpenIPMI 2.0.33
 * on Debian 12). What ipmi_sim does is described on {@link IpmiSim}.
 */
@Tag("slow")
class IpmiSimPowerTest {
  @TempDir Path dir;

  private final List<IpmiSim> sims = new ArrayList<>();
  private IpmitoolDriver driver;

  @BeforeEach
  void tools() {
    RealTools.programs("ipmi_sim", "ipmitool");
    // ipmi_sim does not answer Get Channel Cipher Suites: name suite 3 (SHA1/AES), as a site
    // with such BMCs would. -N 1 -R 1: an unreachable BMC fails after 2 s.
    driver =
        new IpmitoolDriver(IpmitoolDriver.Options.defaults().withTimeouts(1, 1).withCipherSuite(3));
  }

  @AfterEach
  void stop() throws Exception {
    for (IpmiSim sim : sims) {
      sim.close();
    }
  }

  private IpmiSim start(String name, IpmiSim.Builder b) throws Exception {
    IpmiSim sim = b.start(dir.resolve(name));
    sims.add(sim);
    return sim;
  }

  private static BmcAddress address(IpmiSim sim) {
    return BmcAddress.parse("ipmi://" + IpmiSim.USER + "@" + sim.host() + ":" + sim.port());
  }

  private static final BmcPassword GOOD = BmcPassword.of(IpmiSim.PASSWORD);

  /** Polls status until it is {@code want} (ipmi_sim acts on its one-second tick). */
  private PowerState awaitState(BmcAddress bmc, PowerState want) throws Exception {
    PowerState now = driver.status(bmc, GOOD);
    for (int i = 0; i < 50 && now != want; i++) {
      Thread.sleep(200);
      now = driver.status(bmc, GOOD);
    }
    return now;
  }

  @Test
  void onOffCycleAndStatusFollowTheStartCommandsProcess() throws Exception {
    IpmiSim sim = start("bmc", IpmiSim.builder().startcmd("sleep 3600"));
    BmcAddress bmc = address(sim);
    assertThat(driver.status(bmc, GOOD)).isEqualTo(PowerState.OFF);
    assertThat(sim.started()).isEmpty();

    driver.powerOn(bmc, GOOD);
    // On as soon as ipmi_sim has forked the command.
    assertThat(driver.status(bmc, GOOD)).isEqualTo(PowerState.ON);
    assertThat(sim.started())
        .singleElement()
        .satisfies(p -> assertThat(p.info().commandLine().orElse("")).contains("sleep 3600"));
    long firstPid = sim.started().get(0).pid();

    // No VM is connected, so power off is SIGTERM at ipmi_sim's next tick: on, then off.
    driver.powerOff(bmc, GOOD);
    assertThat(awaitState(bmc, PowerState.OFF)).as(sim.log()).isEqualTo(PowerState.OFF);
    assertThat(sim.started()).isEmpty();

    driver.powerOn(bmc, GOOD);
    assertThat(driver.status(bmc, GOOD)).isEqualTo(PowerState.ON);
    long secondPid = sim.started().get(0).pid();
    assertThat(secondPid).isNotEqualTo(firstPid);
    // Cycle: the process is killed and a new one started a second later.
    driver.powerCycle(bmc, GOOD);
    for (int i = 0; i < 50 && pidOf(sim).map(p -> p == secondPid).orElse(true); i++) {
      Thread.sleep(200);
    }
    assertThat(pidOf(sim)).as(sim.log()).isPresent().get().isNotEqualTo(secondPid);
    assertThat(driver.status(bmc, GOOD)).isEqualTo(PowerState.ON);
  }

  private static Optional<Long> pidOf(IpmiSim sim) {
    return sim.started().stream().map(ProcessHandle::pid).findFirst();
  }

  @Test
  void bootdevPxeReachesAChassisControlProgram() throws Exception {
    IpmiSim sim = start("bmc", IpmiSim.builder().chassisControl());
    BmcAddress bmc = address(sim);
    assertThat(sim.chassis("boot")).isEqualTo("default");
    driver.setNextBoot(bmc, GOOD, BootDevice.PXE);
    assertThat(sim.chassis("boot")).isEqualTo("pxe");
    assertThat(driver.status(bmc, GOOD)).isEqualTo(PowerState.OFF);
    driver.powerOn(bmc, GOOD);
    assertThat(sim.chassis("power")).isEqualTo("1");
    assertThat(driver.status(bmc, GOOD)).isEqualTo(PowerState.ON);
    driver.powerOff(bmc, GOOD);
    assertThat(sim.chassis("power")).isEqualTo("0");
  }

  @Test
  void bootdevWithoutAChassisControlProgramIsRefusedInOneLine() throws Exception {
    IpmiSim sim = start("bmc", IpmiSim.builder());
    BmcAddress bmc = address(sim);
    List<PowerResult> r =
        new PowerBatch(driver, bmcAddress -> GOOD)
            .run(PowerOperation.BOOT_PXE, List.of(new PowerTarget("n1", bmc)));
    // ipmitool exits 0 here; the driver reads its "Set Chassis Boot Parameter 5 failed".
    assertThat(r)
        .singleElement()
        .isInstanceOfSatisfying(
            PowerResult.Failed.class,
            f -> {
              assertThat(f.failure()).isEqualTo(BmcFailure.UNSUPPORTED);
              assertThat(f.message())
                  .isEqualTo(
                      "BMC "
                          + bmc.hostPort()
                          + " refused to set the next boot device to pxe (Invalid data field in"
                          + " request)");
            });
  }

  @Test
  void aWrongPasswordAndAnUnreachableBmcFailAloneInABatch() throws Exception {
    IpmiSim a = start("a", IpmiSim.builder());
    IpmiSim b = start("b", IpmiSim.builder());
    IpmiSim c = start("c", IpmiSim.builder());
    BmcAddress wrong = address(c);
    BmcAddress nobody =
        BmcAddress.parse("ipmi://" + IpmiSim.USER + "@127.0.0.1:" + closedUdpPort());
    SecretSource secrets =
        SecretSource.of(
            Map.of(
                address(a),
                GOOD,
                address(b),
                GOOD,
                wrong,
                BmcPassword.of("not-the-password"),
                nobody,
                GOOD));
    List<PowerTarget> nodes =
        List.of(
            new PowerTarget("n1", address(a)),
            new PowerTarget("n2", wrong),
            new PowerTarget("n3", nobody),
            new PowerTarget("n4", address(b)));

    List<PowerResult> on = new PowerBatch(driver, secrets).run(PowerOperation.ON, nodes);
    List<PowerResult> status = new PowerBatch(driver, secrets).run(PowerOperation.STATUS, nodes);

    assertThat(on.get(0)).isInstanceOf(PowerResult.Done.class);
    assertThat(on.get(3)).isInstanceOf(PowerResult.Done.class);
    assertThat(status.get(0)).isEqualTo(done("n1", address(a), PowerState.ON));
    assertThat(status.get(3)).isEqualTo(done("n4", address(b), PowerState.ON));
    for (List<PowerResult> r : List.of(on, status)) {
      assertThat(r.get(1))
          .isInstanceOfSatisfying(
              PowerResult.Failed.class,
              f -> {
                assertThat(f.failure()).isEqualTo(BmcFailure.REFUSED);
                assertThat(f.message())
                    .isEqualTo(
                        "BMC refused the user or password (user "
                            + IpmiSim.USER
                            + " at "
                            + wrong.hostPort()
                            + ")");
              });
      assertThat(r.get(2))
          .isInstanceOfSatisfying(
              PowerResult.Failed.class,
              f -> {
                assertThat(f.failure()).isEqualTo(BmcFailure.UNREACHABLE);
                assertThat(f.message())
                    .matches(
                        "no answer from BMC 127\\.0\\.0\\.1:" + nobody.port() + " after \\d+ s");
              });
    }
    // The node whose password was wrong was not powered on.
    assertThat(c.started()).isEmpty();
  }

  private static PowerResult done(String node, BmcAddress bmc, PowerState state) {
    return new PowerResult.Done(node, bmc, PowerOperation.STATUS, Optional.of(state));
  }

  @Test
  void thePasswordIsInNoArgumentAndNoLogLine() throws Exception {
    IpmiSim sim = start("bmc", IpmiSim.builder());
    Path ipmitool = RealTools.program("ipmitool");
    // A wrapper that records the command line and whether IPMI_PASSWORD is in the environment of
    // the running process (read from /proc, as another user would try), then becomes ipmitool.
    Path seen = dir.resolve("seen");
    Path wrapper = dir.resolve("ipmitool-wrapper");
    Files.writeString(
        wrapper,
        // One printf per line: the batch runs two of these at once, and a line written in one
        // append is not interleaved with the other's.
        "#!/bin/sh\n"
            + "line=$(tr '\\0' ' ' < /proc/$$/cmdline)\n"
            + "printf '%s\\n' \"$line\" >> '"
            + seen
            + "'\n"
            + "found=$(tr '\\0' '\\n' < /proc/$$/environ | grep -c '^IPMI_PASSWORD=')\n"
            + "printf '%s\\n' \"$found\" >> '"
            + seen
            + ".env'\n"
            + "exec '"
            + ipmitool
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    IpmitoolDriver wrapped = new IpmitoolDriver(driver.options().withProgram(wrapper.toString()));

    Logger logger = (Logger) LoggerFactory.getLogger("dev.lui.power");
    Level before = logger.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    logger.setLevel(Level.DEBUG);
    String wrongPassword = "Wr0ng-Secret-42";
    try {
      BmcAddress bmc = address(sim);
      BmcAddress other = BmcAddress.parse("ipmi://" + IpmiSim.USER + "@localhost:" + sim.port());
      new PowerBatch(
              wrapped, SecretSource.of(Map.of(bmc, GOOD, other, BmcPassword.of(wrongPassword))))
          .run(
              PowerOperation.STATUS,
              List.of(new PowerTarget("n1", bmc), new PowerTarget("n2", other)));
    } finally {
      logger.detachAppender(logs);
      logger.setLevel(before);
    }

    List<String> cmdlines = Files.readAllLines(seen);
    assertThat(cmdlines).hasSize(2).allSatisfy(l -> assertThat(l).contains(" -E "));
    assertThat(String.join("\n", cmdlines))
        .doesNotContain(IpmiSim.PASSWORD)
        .doesNotContain(wrongPassword);
    assertThat(Files.readAllLines(Path.of(seen + ".env"))).containsExactly("1", "1");
    assertThat(logs.list).isNotEmpty();
    for (ILoggingEvent e : logs.list) {
      assertThat(e.getFormattedMessage())
          .doesNotContain(IpmiSim.PASSWORD)
          .doesNotContain(wrongPassword);
    }
  }

  /** A UDP port on 127.0.0.1 that nothing listens on (bound, then closed). */
  private static int closedUdpPort() throws Exception {
    try (java.net.DatagramSocket s =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
