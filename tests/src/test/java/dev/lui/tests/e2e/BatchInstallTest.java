package dev.lui.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.power.PowerBatch;
import dev.lui.power.PowerOperation;
import dev.lui.power.PowerResult;
import dev.lui.power.PowerState;
import dev.lui.testkit.IpmiSim;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue #14's batch: three VMs, two BIOS and one UEFI, each behind its own BMC ({@code ipmi_sim}
 * owning the VM's QEMU, see {@link BmcLab}), all defined by one cluster file ({@code lui apply}),
 * each node with its BMC (the password in the server's bmc-secrets directory). One node's disk
 * selector matches no disk. Only {@code lui install @batch --power-cycle --max-active 2} starts the
 * machines: lui's wave scheduler sets each next boot to pxe and powers it on through its BMC, at
 * most two between their power-on and their agent's first call; the test watches the status (and
 * checks that limit at every look and by lui's recorded times) and the consoles. Then: two nodes
 * installed, their disks boot (power on through the BMC with the boot flag back to default) and
 * report {@code verified} with the plan's identity and payload on the console; the third {@code
 * failed} at {@code select-disk} with the guard's reason, its disk unchanged byte for byte; {@code
 * lui report} says so. Each VM's phase timings go to the test output.
 *
 * <p>It proves what PxeInstallTest (one VM per firmware, which it replaced) proved, for BIOS and
 * UEFI (every step in the log, the boot and DHCP entries gone after the install, the served files
 * recorded, the booted disk's host name, address, file and first-boot report), in one run.
 */
@Tag("slow")
@Tag("e2e")
class BatchInstallTest {
  /** A selector no VM's 4 GiB disk matches. */
  static final String NO_SUCH_DISK = "size=100G..200G";

  static final int MAX_ACTIVE = 2;

  record Node(String name, Qemu.Firmware firmware, String mac, String ip, String disk) {
    boolean installs() {
      return !disk.equals(NO_SUCH_DISK);
    }

    String group() {
      return firmware.name().toLowerCase(Locale.ROOT);
    }
  }

  static final List<Node> NODES =
      List.of(
          new Node("b01", Qemu.Firmware.BIOS, "52:54:00:e2:e1:01", "10.77.0.61", "path=/dev/vda"),
          new Node("u02", Qemu.Firmware.UEFI, "52:54:00:e2:e1:02", "10.77.0.62", "path=/dev/vda"),
          new Node("b03", Qemu.Firmware.BIOS, "52:54:00:e2:e1:03", "10.77.0.63", NO_SUCH_DISK));

  /** What each node went through, from the batch's start. */
  static final class Timing {
    final Map<String, Duration> marks = new LinkedHashMap<>();

    void mark(String what, long t0) {
      marks.putIfAbsent(what, E2eText.since(t0));
    }

    /** A time someone else recorded (lui, the BMC), from the batch's start. */
    void at(String what, Duration sinceStart) {
      marks.putIfAbsent(what, sinceStart);
    }
  }

  @Test
  void threeNodesStartedThroughTheirBmcsInstallAndOneRefusesADiskItsSelectorDoesNotMatch()
      throws Exception {
    RealTools.root();
    RealTools.programs("qemu-img", "ipmi_sim", "ipmitool");
    Path image = E2eCache.image().orElse(null);
    if (image == null) {
      RealTools.missing(
          "no install image in " + E2eCache.dir().resolve("images") + " after lui image build");
    }
    Path tarball = E2eCache.targetTarball();
    Path dir = E2eDirs.fresh("batch");
    Path cluster = clusterFile(dir.resolve("cluster"), tarball);
    Path jar = LabServer.jarCopy(dir);
    Map<String, Duration> phases = new LinkedHashMap<>();
    Map<String, Timing> timings = new LinkedHashMap<>();
    NODES.forEach(n -> timings.put(n.name(), new Timing()));
    long t0 = System.nanoTime();
    List<String> serverArgs =
        List.of(
            "--install-root",
            image.resolve("root").toString(),
            "--kernel-arg",
            "console=ttyS0,115200",
            "--uefi-boot-file",
            BootFiles.GRUB_EFI,
            // ipmi_sim does not answer ipmitool's question for its cipher suites
            "--bmc-cipher-suite",
            "3");
    try (NetLab lab = NetLab.create(dir.resolve("lab"));
        LabServer lui = LabServer.start(lab, dir.resolve("state"), jar, serverArgs)) {
      lui.luiOk("apply", cluster.toString(), "--yes");
      BootFiles.pxelinux(lui.tftpRoot());
      BootFiles.grubNetDir(lui.tftpRoot());
      BootFiles.installKernel(
          lui.tftpRoot(), image.resolve("vmlinuz"), image.resolve("initrd.img"));
      Map<String, Path> entries = new LinkedHashMap<>();
      for (Node n : NODES) {
        Path entry = entry(lui, n);
        assertThat(Files.readString(entry))
            .as(entry.toString())
            .contains(
                "lui.noderoot="
                    + NetLab.ADDRESS
                    + ":"
                    + lui.state.resolve("nfsroot/nodes/" + n.name()));
        entries.put(n.name(), entry);
      }
      try (Dhcpd dhcpd = Dhcpd.start(lab, lui.state.resolve("dhcp/dhcpd.conf"));
          Ganesha nfs = Ganesha.start(lab, ganeshaConf(lui, image));
          BmcLab bmcs = BmcLab.create(lab, dir.resolve("bmcs"))) {
        Map<String, BmcLab.Vm> vms = new LinkedHashMap<>();
        Path untouched = dir.resolve("untouched.raw");
        for (Node n : NODES) {
          Path disk = dir.resolve(n.name() + ".qcow2");
          if (n.installs()) {
            Qemu.newDisk(disk, "4G");
          } else {
            // A disk with content: a refused install must leave every byte of it.
            patternedDisk(untouched, disk);
          }
          vms.put(n.name(), bmcs.add(n.name(), n.firmware(), n.mac(), disk));
        }
        phases.put("lab and BMCs up", E2eText.since(t0));
        // The BMC passwords the documented way: the server's bmc-secrets directory (created 0700
        // at its start), one 0600 file for every BMC without its own; never a command line.
        writeSecret(lui.state.resolve("bmc-secrets/default"), IpmiSim.PASSWORD);
        String before = lui.luiOk("power", "status", "@batch");
        assertThat(before.lines().filter(l -> l.endsWith("power status: off")))
            .as("every machine is off before the batch, as lui's BMC calls see it:\n" + before)
            .hasSize(NODES.size());
        PowerBatch batch = bmcs.batch(MAX_ACTIVE);

        // The batch's start: lui alone powers the machines on, through their BMCs, at most
        // MAX_ACTIVE between power-on and their agent's first call. The test only watches.
        long batchStart = System.nanoTime();
        Instant batchStartAt = Instant.now();
        String install =
            lui.luiOk(
                "install", "@batch", "--power-cycle", "--max-active", Integer.toString(MAX_ACTIVE));
        System.out.println(
            "lui-e2e batch: lui install @batch --power-cycle --max-active "
                + MAX_ACTIVE
                + "\n"
                + E2eText.indent(install));
        int mostBooting = 0;
        String mostBootingAt = "";
        Map<String, Instant> poweredOn = new LinkedHashMap<>();
        Map<String, Instant> firstCall = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(40).toNanos();
        List<String> open = new ArrayList<>(NODES.stream().map(Node::name).toList());
        Map<String, Long> offSince = new LinkedHashMap<>();
        List<String> wentOff = new ArrayList<>();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
          Map<String, JsonNode> status = batchStatus(lui);
          if (status.isEmpty()) {
            Daemon.sleep(1000); // no answer this time (a loaded machine): look again
            continue;
          }
          List<String> booting =
              status.values().stream()
                  .filter(BatchInstallTest::booting)
                  .map(n -> n.path("name").asText())
                  .toList();
          if (booting.size() > mostBooting) {
            mostBooting = booting.size();
            mostBootingAt = E2eText.since(batchStart).toSeconds() + " s: " + booting;
          }
          for (JsonNode n : status.values()) {
            String name = n.path("name").asText();
            Timing t = timings.get(name);
            instant(n, "poweredOn")
                .ifPresent(
                    at -> {
                      poweredOn.putIfAbsent(name, at);
                      t.at("powered on (lui)", Duration.between(batchStartAt, at));
                    });
            // The agent's first call: its plan fetch, which opens the run and sets "started".
            instant(n, "started")
                .filter(at -> poweredOn.containsKey(name))
                .ifPresent(
                    at -> {
                      firstCall.putIfAbsent(name, at);
                      t.at("agent's first call (lui)", Duration.between(batchStartAt, at));
                    });
          }
          for (String name : List.copyOf(open)) {
            BmcLab.Vm vm = vms.get(name);
            Timing t = timings.get(name);
            chassisMarks(vm, t, batchStartAt);
            consoleMarks(vm, installMarks(vm.firmware()), t, batchStart);
            String state = status.get(name).path("state").asText();
            if (state.equals("installed") || state.equals("failed")) {
              t.mark(state, batchStart);
            }
            boolean ended =
                (state.equals("installed") && vm.qemu().isEmpty())
                    // the agent never reboots after a failure: the machine waits for a look
                    || state.equals("failed");
            if (ended) {
              if (vm.qemu().isEmpty()) {
                t.mark("QEMU exited (reboot)", batchStart);
              }
              open.remove(name);
            } else if (vm.boots() > 0 && vm.qemu().isEmpty()) {
              // Off before the server knows how its install ended (a crash, a PXE failure): give
              // its last events 30 s to arrive, then stop waiting for the 40 min deadline.
              offSince.putIfAbsent(name, System.nanoTime());
              if (System.nanoTime() - offSince.get(name) > Duration.ofSeconds(30).toNanos()) {
                wentOff.add(name + " (" + state + ")");
                open.remove(name);
              }
            } else {
              // Running (a QEMU just started by its BMC may not show yet): off must be for 30 s.
              offSince.remove(name);
            }
          }
          Daemon.sleep(1000);
        }
        phases.put("batch install (3 VMs)", E2eText.since(batchStart));
        // Asked for only when an assertion fails: it runs the CLI a few times.
        Supplier<String> why = () -> failureReport(lui, vms, dhcpd, nfs);
        assertThat(open).as(() -> "nodes still installing after 40 min:\n" + why.get()).isEmpty();
        assertThat(wentOff)
            .as(() -> "machines that went off before their install ended:\n" + why.get())
            .isEmpty();
        printTimings("install", timings);
        System.out.println(
            "lui-e2e batch: most machines booting (powered on, no first call) at one look: "
                + mostBooting
                + " (at "
                + mostBootingAt
                + "); by lui's times: "
                + mostBootingBetween(poweredOn, firstCall));

        SoftAssertions softly = new SoftAssertions();
        softly
            .assertThat(mostBooting)
            .as(
                "machines between power-on and their agent's first call at one look (most at "
                    + mostBootingAt
                    + ")")
            .isLessThanOrEqualTo(MAX_ACTIVE);
        softly
            .assertThat(poweredOn.keySet())
            .as("lui powered every machine on")
            .containsExactlyInAnyOrderElementsOf(NODES.stream().map(Node::name).toList());
        softly
            .assertThat(mostBootingBetween(poweredOn, firstCall))
            .as(
                "machines between power-on and first call at any power-on, by lui's times "
                    + poweredOn
                    + ", first calls "
                    + firstCall)
            .isLessThanOrEqualTo(MAX_ACTIVE);
        // The wave held the third machine back until a first call freed a place.
        poweredOn.values().stream()
            .sorted()
            .skip(MAX_ACTIVE)
            .findFirst()
            .ifPresent(
                third ->
                    softly
                        .assertThat(firstCall.values().stream().anyMatch(c -> !c.isAfter(third)))
                        .as(
                            "the third power-on ("
                                + third
                                + ") came after a first call "
                                + firstCall)
                        .isTrue());
        for (Node n : NODES) {
          BmcLab.Vm vm = vms.get(n.name());
          softly
              .assertThat(vm.powerOns())
              .as(n.name() + "'s first power on was a network boot (bootdev pxe)")
              .startsWith("1 network ");
        }

        // The refused node: failed at select-disk with the guard's reason, its disk unchanged.
        Node refused = NODES.get(2);
        BmcLab.Vm refusedVm = vms.get(refused.name());
        JsonNode failed = node(lui, refused.name());
        softly.assertThat(failed.path("state").asText()).as(why).isEqualTo("failed");
        softly.assertThat(failed.path("step").asText()).as(why).isEqualTo("select-disk");
        softly
            .assertThat(failed.path("error").asText())
            .as("the guard's reason")
            .contains("no disk matches '" + NO_SUCH_DISK + "'");
        // Power it off through its BMC before looking at its disk.
        assertDone(batch.run(PowerOperation.OFF, List.of(refusedVm.target())));
        awaitOff(refusedVm, Duration.ofSeconds(30));
        softly.assertThat(power(batch, refusedVm)).isEqualTo(PowerState.OFF);
        Cmd.Result compare =
            Cmd.tryRun(
                Duration.ofMinutes(5),
                List.of(
                    "qemu-img",
                    "compare",
                    "-f",
                    "raw",
                    "-F",
                    "qcow2",
                    untouched.toString(),
                    refusedVm.disk().toString()));
        softly
            .assertThat(compare.code())
            .as(
                "the refused node's disk is byte for byte what it was (qemu-img compare: "
                    + compare.output().strip()
                    + ")")
            .isZero();

        // The installed nodes: every step logged, boot and DHCP entries gone.
        String dhcpConf = Files.readString(lui.state.resolve("dhcp/dhcpd.conf"));
        for (Node n : NODES) {
          if (!n.installs()) {
            softly
                .assertThat(entries.get(n.name()))
                .as("a failed node stays armed: its boot entry is kept for the retry")
                .exists();
            continue;
          }
          softly
              .assertThat(nodeState(lui, n.name()))
              .as(() -> n.name() + " after the install:\n" + why.get())
              .isEqualTo("installed");
          String log = lui.luiOk("logs", n.name());
          for (String step :
              List.of(
                  "select-disk",
                  "partition",
                  "make-filesystems",
                  "payloads",
                  "bootloader",
                  "scripts",
                  "unmount")) {
            softly
                .assertThat(log)
                .as(n.name() + "'s log has step " + step)
                .contains(step + " == ok");
          }
          softly.assertThat(log).contains("payload e2e-file").contains("e2e-booted");
          softly
              .assertThat(entries.get(n.name()))
              .as(n.name() + "'s boot entry is removed after the install")
              .doesNotExist();
          softly
              .assertThat(dhcpConf)
              .as(n.name() + "'s DHCP entry is removed")
              .doesNotContain("host " + n.name());
          System.out.println(
              "lui-e2e batch "
                  + n.name()
                  + " agent steps:\n"
                  + E2eText.indent(
                      String.join(
                          "\n",
                          BmcLab.read(vms.get(n.name()).console(1), "")
                              .lines()
                              .filter(l -> l.contains("<== ") || l.contains("install finished"))
                              .toList())));
        }
        String transfers = lui.get("/api/v1/transfers");
        softly
            .assertThat(transfers)
            .as("served files recorded")
            .contains("pxelinux.0")
            .contains(BootFiles.GRUB_EFI)
            .contains("lui/vmlinuz")
            .contains("lui/initrd.img");
        for (Node n : NODES) {
          softly.assertThat(transfers).contains("\"" + n.name() + "\"");
        }

        // The installed disks boot: power on through the BMC, the boot flag back to default.
        long diskStart = System.nanoTime();
        List<BmcLab.Vm> installed =
            NODES.stream().filter(Node::installs).map(n -> vms.get(n.name())).toList();
        for (BmcLab.Vm vm : installed) {
          // QEMU ended at the guest's reboot (-no-reboot): the BMC sees the machine off.
          PowerOperation up =
              power(batch, vm) == PowerState.ON ? PowerOperation.CYCLE : PowerOperation.ON;
          assertDone(batch.run(up, List.of(vm.target())));
          timings.get(vm.name()).mark("disk boot: power on (BMC)", batchStart);
        }
        Pattern booted = Pattern.compile(Payload.BOOTED + "[^\\r\\n]*[\\r\\n]");
        List<BmcLab.Vm> bootingDisks = new ArrayList<>(installed);
        long diskDeadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (!bootingDisks.isEmpty() && System.nanoTime() < diskDeadline) {
          for (BmcLab.Vm vm : List.copyOf(bootingDisks)) {
            Timing t = timings.get(vm.name());
            consoleMarks(vm, diskMarks(), t, batchStart);
            if (booted.matcher(vm.console()).find()
                && nodeState(lui, vm.name()).equals("verified")) {
              t.mark("verified", batchStart);
              bootingDisks.remove(vm);
            }
          }
          Daemon.sleep(1000);
        }
        assertDone(
            batch.run(PowerOperation.OFF, installed.stream().map(BmcLab.Vm::target).toList()));
        phases.put("disk boots (2 VMs)", E2eText.since(diskStart));
        printTimings("install and disk boot", timings);
        for (Node n : NODES) {
          if (!n.installs()) {
            continue;
          }
          BmcLab.Vm vm = vms.get(n.name());
          String bootWhy =
              n.name() + "'s disk boot console (" + vm.console(vm.boots()) + "):\n" + vm.tail(60);
          softly
              .assertThat(vm.powerOns())
              .as(n.name() + "'s second power on boots its disk (the pxe flag held for one boot)")
              .contains("\n2 disk ");
          softly
              .assertThat(vm.console())
              .as(bootWhy)
              .containsPattern(Payload.BOOTED + " hostname=" + n.name() + " ")
              .containsPattern("addrs=[^\\r\\n]*" + Pattern.quote(n.ip() + "/24"))
              .contains("file=" + Payload.FILE_CONTENT.replace(' ', '_'));
          softly
              .assertThat(nodeState(lui, n.name()))
              .as(
                  n.name()
                      + " after its disk boot:\n"
                      + bootWhy
                      + "\n--- lui server:\n"
                      + E2eText.tail(lui.log(), 30))
              .isEqualTo("verified");
        }

        // lui report: two verified, one failed at select-disk with the guard's reason.
        String report = lui.luiOk("report", "@batch");
        System.out.println("lui-e2e batch: lui report @batch\n" + E2eText.indent(report));
        softly
            .assertThat(report)
            .containsPattern("(?m)^b01\\s+verified\\s")
            .containsPattern("(?m)^u02\\s+verified\\s")
            .containsPattern("(?m)^b03\\s+failed\\s+select-disk\\s")
            .contains("no disk matches '" + NO_SUCH_DISK + "'")
            .contains("2 succeeded, 1 failed, 0 not finished");
        softly.assertAll();
      }
    } finally {
      phases.put("total", E2eText.since(t0));
      printTimings("(final)", timings);
      StringBuilder b = new StringBuilder("lui-e2e batch phases:\n");
      phases.forEach(
          (k, v) -> b.append(String.format("  %-26s %6.1f s%n", k, v.toMillis() / 1000.0)));
      System.out.println(b);
    }
  }

  /** A 0600 file holding {@code secret}, as lui's bmc-secrets directory wants it. */
  static void writeSecret(Path file, String secret) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, secret + "\n");
  }

  /** The batch's nodes as {@code GET /api/v1/status?nodes=@batch} says, by name; empty on error. */
  static Map<String, JsonNode> batchStatus(LabServer lui) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    try {
      for (JsonNode n :
          new ObjectMapper().readTree(lui.get("/api/v1/status?nodes=%40batch")).path("nodes")) {
        out.put(n.path("name").asText(), n);
      }
    } catch (IOException | RuntimeException e) {
      System.out.println("lui-e2e batch: no status this time: " + e.getMessage());
      return Map.of();
    }
    return out.size() == NODES.size() ? out : Map.of();
  }

  /** Powered on by lui, its agent not heard from yet: what --max-active counts. */
  static boolean booting(JsonNode n) {
    return n.hasNonNull("poweredOn") && n.path("state").asText().equals("defined");
  }

  static Optional<Instant> instant(JsonNode n, String field) {
    return n.hasNonNull(field)
        ? Optional.of(Instant.parse(n.get(field).asText()))
        : Optional.empty();
  }

  /**
   * The most machines powered on and not yet heard from at any power-on, by lui's times: a machine
   * counts from its power-on until its agent's first call.
   */
  static long mostBootingBetween(Map<String, Instant> poweredOn, Map<String, Instant> firstCall) {
    long most = 0;
    for (Instant at : poweredOn.values()) {
      long booting =
          poweredOn.entrySet().stream()
              .filter(e -> !e.getValue().isAfter(at))
              .filter(
                  e -> firstCall.get(e.getKey()) == null || firstCall.get(e.getKey()).isAfter(at))
              .count();
      most = Math.max(most, booting);
    }
    return most;
  }

  /** When the BMC's chassis program started the machine's first QEMU (its power-ons file). */
  static void chassisMarks(BmcLab.Vm vm, Timing t, Instant batchStartAt) {
    vm.powerOns()
        .lines()
        .findFirst()
        .map(l -> l.split(" "))
        .filter(f -> f.length == 3 && f[2].matches("\\d+(\\.\\d+)?"))
        .ifPresent(
            f -> {
              long nanos =
                  new java.math.BigDecimal(f[2]).movePointRight(9).toBigInteger().longValue();
              Instant at = Instant.ofEpochSecond(0, nanos);
              t.at("QEMU started (BMC, " + f[1] + ")", Duration.between(batchStartAt, at));
            });
  }

  /** The machine's power as its BMC reports it. */
  static PowerState power(PowerBatch batch, BmcLab.Vm vm) throws InterruptedException {
    PowerResult r = batch.run(PowerOperation.STATUS, List.of(vm.target())).get(0);
    assertThat(r).as(r.line()).isInstanceOf(PowerResult.Done.class);
    return ((PowerResult.Done) r).state().orElseThrow();
  }

  /**
   * The cluster file: two groups by firmware and the batch, the payload, three nodes, each with its
   * BMC ({@link BmcLab#address}: the machines are added in this order).
   */
  static Path clusterFile(Path dir, Path tarball) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("bios.parts"), Payload.BIOS_TABLE);
    Files.writeString(dir.resolve("uefi.parts"), Payload.UEFI_TABLE);
    Files.writeString(dir.resolve("e2e-file"), Payload.FILE_CONTENT + "\n");
    Files.writeString(dir.resolve("e2e-booted.sh"), Payload.SCRIPT);
    StringBuilder y = new StringBuilder();
    y.append("# lui e2e BatchInstallTest: issue #14's batch of three.\n")
        .append("groups: [bios, uefi, batch]\n")
        .append("resources:\n")
        .append("  - {name: debian, type: tarball, source: ")
        .append(tarball)
        .append("}\n")
        .append("  - {name: bios-disk, type: partition-table, source: bios.parts}\n")
        .append("  - {name: uefi-disk, type: partition-table, source: uefi.parts}\n")
        .append("  - {name: e2e-file, type: file, source: e2e-file, target: ")
        .append(Payload.FILE_TARGET)
        .append(", mode: \"0644\"}\n")
        .append("  - {name: e2e-booted, type: script, source: e2e-booted.sh}\n")
        .append("allocations:\n")
        .append("  - {resources: [debian, e2e-file, e2e-booted], to: [bios, uefi]}\n")
        .append("  - {resources: [bios-disk], to: [bios]}\n")
        .append("  - {resources: [uefi-disk], to: [uefi]}\n")
        .append("nodes:\n");
    for (Node n : NODES) {
      y.append("  - {name: ")
          .append(n.name())
          .append(", mac: \"")
          .append(n.mac())
          .append("\", ip: ")
          .append(n.ip())
          .append(", netmask: 255.255.255.0, gateway: ")
          .append(NetLab.ADDRESS)
          .append(", groups: [")
          .append(n.group())
          .append(", batch], disk: \"")
          .append(n.disk())
          .append("\", bmc: \"")
          .append(BmcLab.address(NODES.indexOf(n)))
          .append("\"}\n");
    }
    return Files.writeString(dir.resolve("cluster.yaml"), y.toString());
  }

  /** A 4 GiB disk whose first MiB is a pattern (kept raw in {@code raw} to compare with later). */
  static void patternedDisk(Path raw, Path qcow2) throws IOException {
    byte[] line =
        "lui-e2e: a disk the refused install must not touch\n".getBytes(StandardCharsets.US_ASCII);
    try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
      f.setLength(4L << 30);
      byte[] mib = new byte[1 << 20];
      for (int i = 0; i < mib.length; i++) {
        mib[i] = line[i % line.length];
      }
      f.write(mib);
    }
    Cmd.run(
        Duration.ofMinutes(2),
        "qemu-img",
        "convert",
        "-f",
        "raw",
        "-O",
        "qcow2",
        raw.toString(),
        qcow2.toString());
  }

  static Path entry(LabServer lui, Node n) {
    String mac = n.mac().replace(':', '-');
    return lui.tftpRoot()
        .resolve(
            n.firmware() == Qemu.Firmware.UEFI
                ? "boot/grub/grub.cfg-01-" + mac
                : "pxelinux.cfg/01-" + mac);
  }

  /** lui's nfs-ganesha configuration, after checking it exports what every node needs. */
  static Path ganeshaConf(LabServer lui, Path image) throws IOException {
    Path conf = lui.state.resolve("nfs/ganesha.conf");
    String text = Files.readString(conf);
    assertThat(text)
        .as(conf.toString())
        .contains("Path = \"" + image.resolve("root") + "\"")
        .contains("Bind_addr = " + NetLab.ADDRESS + ";");
    for (Node n : NODES) {
      assertThat(text)
          .as(conf.toString())
          .contains("Path = \"" + lui.state.resolve("nfsroot/nodes/" + n.name()) + "\"")
          .contains("Clients = " + n.ip() + ";");
    }
    return conf;
  }

  static Map<String, Pattern> installMarks(Qemu.Firmware firmware) {
    Map<String, Pattern> marks = new LinkedHashMap<>();
    if (firmware == Qemu.Firmware.UEFI) {
      marks.put("PXE (OVMF)", Pattern.compile("Start PXE over IPv4|PXE"));
      marks.put("GRUB", Pattern.compile("Welcome to GRUB|GNU GRUB|lui install"));
    } else {
      marks.put("iPXE", Pattern.compile("iPXE initialising"));
      marks.put("pxelinux", Pattern.compile("PXELINUX"));
    }
    marks.put("kernel started", Pattern.compile("Linux version"));
    marks.put("systemd (NFS root)", Pattern.compile("systemd\\[1\\]|Welcome to Debian"));
    marks.put("agent started", Pattern.compile("lui install agent|lui-agent"));
    marks.put("rebooting", Pattern.compile("reboot: Restarting system"));
    return marks;
  }

  static Map<String, Pattern> diskMarks() {
    Map<String, Pattern> marks = new LinkedHashMap<>();
    marks.put("disk boot: kernel started", Pattern.compile("Linux version"));
    marks.put("disk boot: booted marker", Pattern.compile(Payload.BOOTED));
    return marks;
  }

  static void consoleMarks(BmcLab.Vm vm, Map<String, Pattern> marks, Timing t, long t0) {
    String console = vm.console();
    marks.forEach(
        (k, p) -> {
          if (p.matcher(console).find()) {
            t.mark(k, t0);
          }
        });
  }

  static void awaitOff(BmcLab.Vm vm, Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    while (vm.qemu().isPresent() && System.nanoTime() < end) {
      Daemon.sleep(200);
    }
  }

  static void assertDone(List<PowerResult> results) {
    assertThat(results)
        .allSatisfy(r -> assertThat(r).as(r.line()).isInstanceOf(PowerResult.Done.class));
  }

  static JsonNode node(LabServer lui, String name) throws IOException {
    return new ObjectMapper().readTree(lui.get("/api/v1/nodes/" + name));
  }

  static String nodeState(LabServer lui, String name) {
    try {
      return node(lui, name).path("state").asText();
    } catch (IOException | RuntimeException e) {
      return "(no answer: " + e.getMessage() + ")";
    }
  }

  static void printTimings(String what, Map<String, Timing> timings) {
    StringBuilder b =
        new StringBuilder("lui-e2e batch " + what + ", per VM from the batch's start:\n");
    timings.forEach(
        (node, t) -> {
          b.append("  ").append(node).append('\n');
          // In time order: lui's and the BMC's times arrive later than the console's marks.
          t.marks.entrySet().stream()
              .sorted(Map.Entry.comparingByValue())
              .forEach(
                  e ->
                      b.append(
                          String.format(
                              "    %-30s %7.1f s%n",
                              e.getKey(), e.getValue().toMillis() / 1000.0)));
        });
    System.out.println(b);
  }

  /** Each VM's console tail and agent log, the nodes as the server sees them, the daemons' logs. */
  static String failureReport(LabServer lui, Map<String, BmcLab.Vm> vms, Dhcpd dhcpd, Ganesha nfs) {
    List<String> parts = new ArrayList<>();
    for (BmcLab.Vm vm : vms.values()) {
      parts.add(
          "--- "
              + vm.name()
              + " serial console (boot "
              + vm.boots()
              + ", "
              + vm.console(Math.max(1, vm.boots()))
              + "), last lines:\n"
              + vm.tail(40));
      parts.add(
          "--- lui logs "
              + vm.name()
              + ":\n"
              + E2eText.tail(lui.lui("logs", vm.name()).output(), 30));
      parts.add("--- power ons: " + vm.powerOns().strip());
    }
    parts.add("--- lui status:\n" + lui.lui("status").output());
    parts.add("--- dhcpd:\n" + E2eText.tail(dhcpd.log(), 15));
    parts.add("--- ganesha:\n" + E2eText.tail(nfs.log(), 15));
    parts.add("--- lui server:\n" + E2eText.tail(lui.log(), 30));
    return String.join("\n", parts);
  }
}
