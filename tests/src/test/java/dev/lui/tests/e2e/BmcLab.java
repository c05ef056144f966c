package dev.lui.tests.e2e;

import dev.lui.power.BmcAddress;
import dev.lui.power.IpmitoolDriver;
import dev.lui.power.PowerBatch;
import dev.lui.power.PowerTarget;
import dev.lui.power.SecretFiles;
import dev.lui.testkit.IpmiSim;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Machines behind their own BMCs, in the lab's network namespace: per VM, an {@code ipmi_sim}
 * (test-kit's {@link IpmiSim}) on {@code 127.0.0.1:PORT} of the namespace, whose chassis control
 * program owns the VM as docs/testing.md describes. {@code chassis power on} starts QEMU with the
 * machine {@link Qemu#machine} describes (the arguments the single-VM tests use) on the VM's own
 * tap of the lab's bridge, so it reaches lui's DHCP, TFTP and NFS there: a network boot when the
 * BMC's boot flag is {@code pxe} (the flag then goes back to {@code default}: IPMI boot flags are
 * for the next boot only), else a disk boot. {@code power off} kills QEMU, and the power is on
 * while QEMU runs; a guest that reboots ends QEMU ({@code -no-reboot}), which the BMC sees as off.
 * Each boot's serial console goes to {@code DIR/NAME/console-N.log}.
 *
 * <p>{@link #batch} is bmc-power's {@link PowerBatch} over its {@link IpmitoolDriver}, running
 * ipmitool inside the namespace. {@link #close} stops every QEMU (by the PID the program kept: QEMU
 * outlives the program, so ipmi_sim does not own it) and every simulator, by PID, also after a
 * failure.
 */
final class BmcLab implements AutoCloseable {
  /** The first BMC's UDP port in the namespace; the next VM's BMC is on the next port. */
  static final int FIRST_PORT = 6230;

  /** One machine: its BMC, its disk and its consoles. */
  record Vm(
      String name,
      Qemu.Firmware firmware,
      String mac,
      Path disk,
      Path dir,
      IpmiSim sim,
      BmcAddress bmc) {
    PowerTarget target() {
      return new PowerTarget(name, bmc);
    }

    /** How many times its BMC has started QEMU. */
    int boots() {
      String n = read(dir.resolve("chassis/boots"), "0").strip();
      return n.matches("\\d+") ? Integer.parseInt(n) : 0;
    }

    /** The serial console of its {@code n}-th boot (from 1). */
    Path console(int n) {
      return dir.resolve("console-" + n + ".log");
    }

    /** The console of its latest boot, or "" before the first. */
    String console() {
      int n = boots();
      return n == 0 ? "" : read(console(n), "");
    }

    /** What each power on did ({@code N network|disk EPOCH-SECONDS}), one line each. */
    String powerOns() {
      return read(dir.resolve("chassis/power-ons"), "");
    }

    Optional<ProcessHandle> qemu() {
      String pid = read(dir.resolve("qemu.pid"), "").strip();
      if (!pid.matches("\\d+")) {
        return Optional.empty();
      }
      // Only a QEMU: a pidfile left by an ended QEMU must never name another process.
      return ProcessHandle.of(Long.parseLong(pid))
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().orElse("").contains("qemu-system"));
    }

    String tail(int lines) {
      List<String> all = console().lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
  }

  private final NetLab lab;
  private final Path dir;
  private final Path passwordFile;
  private final IpmitoolDriver driver;
  private final List<Vm> vms = new ArrayList<>();

  private BmcLab(NetLab lab, Path dir, Path passwordFile, IpmitoolDriver driver) {
    this.lab = lab;
    this.dir = dir;
    this.passwordFile = passwordFile;
    this.driver = driver;
  }

  static BmcLab create(NetLab lab, Path dir) {
    RealTools.programs("ipmi_sim", "ipmitool", "qemu-system-x86_64");
    try {
      Files.createDirectories(dir);
      // ipmitool in the lab's namespace, where the BMCs are: ip execs it, so the driver's deadline
      // kills ipmitool itself. The password stays in the environment (-E), never in arguments.
      Path ipmitool = dir.resolve("ipmitool-in-lab");
      Files.writeString(
          ipmitool,
          "#!/bin/sh\nexec ip netns exec " + lab.ns + " ipmitool \"$@\"\n",
          StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(ipmitool, PosixFilePermissions.fromString("rwx------"));
      Path password = dir.resolve("bmc.password");
      Files.deleteIfExists(password);
      Files.createFile(
          password,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(password, IpmiSim.PASSWORD + "\n");
      // ipmi_sim does not answer Get Channel Cipher Suites: name suite 3. -N 1 -R 2: a BMC that
      // does not answer fails after 6 s.
      IpmitoolDriver driver =
          new IpmitoolDriver(
              IpmitoolDriver.Options.defaults()
                  .withProgram(ipmitool.toString())
                  .withTimeouts(1, 2)
                  .withCipherSuite(3));
      return new BmcLab(lab, dir, password, driver);
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare the BMC lab: " + e.getMessage(), e);
    }
  }

  /**
   * A machine with its own tap on the lab's bridge and its own BMC on the next port; powered off.
   */
  Vm add(String name, Qemu.Firmware firmware, String mac, Path disk) {
    int i = vms.size();
    Path vmDir = dir.resolve(name);
    try {
      Files.createDirectories(vmDir.resolve("chassis"));
      Files.writeString(vmDir.resolve("chassis/boot"), "default\n");
      Files.writeString(vmDir.resolve("chassis/boots"), "0\n");
      String tap = lab.addTap("tap-" + name);
      Path program =
          chassisControl(
              vmDir,
              Qemu.machine(lab, firmware, Qemu.Boot.NETWORK, disk, mac, tap),
              Qemu.machine(lab, firmware, Qemu.Boot.DISK, disk, mac, tap));
      IpmiSim sim =
          IpmiSim.builder()
              .port(FIRST_PORT + i)
              .serialPort(FIRST_PORT + 100 + i)
              .chassisControl(program)
              .launcher(lab.in(List.of()))
              .start(vmDir);
      BmcAddress bmc = address(i);
      Vm vm = new Vm(name, firmware, mac, disk, vmDir, sim, bmc);
      vms.add(vm);
      return vm;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the BMC of " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted starting the BMC of " + name, e);
    }
  }

  /**
   * The BMC of the {@code index}-th machine {@link #add}ed (from 0), known before it exists: a
   * cluster file names it ahead of the lab.
   */
  static BmcAddress address(int index) {
    return BmcAddress.parse("ipmi://" + IpmiSim.USER + "@127.0.0.1:" + (FIRST_PORT + index));
  }

  /** A batch over this lab's BMCs (their password in a 0600 file), {@code parallelism} at once. */
  PowerBatch batch(int parallelism) {
    return new PowerBatch(driver, SecretFiles.file(passwordFile)).withParallelism(parallelism);
  }

  List<Vm> vms() {
    return List.copyOf(vms);
  }

  /**
   * The chassis control program ipmi_sim runs as {@code PROG get PARM...} / {@code PROG set PARM
   * VAL...}: it owns the VM's QEMU (in the background, its PID in {@code DIR/qemu.pid}).
   */
  private static Path chassisControl(Path vmDir, List<String> network, List<String> disk)
      throws IOException {
    String script =
        String.join(
            "\n",
            "#!/bin/sh",
            "# Written by the lui e2e BmcLab: ipmi_sim's chassis control for one VM (a QEMU).",
            "d=" + quote(vmDir.toString()) + "; s=\"$d/chassis\"",
            "running() { [ -f \"$d/qemu.pid\" ] && kill -0 \"$(cat \"$d/qemu.pid\")\" 2>/dev/null; }",
            "boot_network() { " + qemu(network) + "; }",
            "boot_disk() { " + qemu(disk) + "; }",
            "power_on() {",
            "  running && return 0",
            "  n=$(( $(cat \"$s/boots\") + 1 )); echo \"$n\" > \"$s/boots\"",
            "  how=disk; [ \"$(cat \"$s/boot\")\" = pxe ] && how=network",
            "  echo default > \"$s/boot\"  # IPMI boot flags hold for the next boot only",
            "  echo \"$n $how $(date +%s.%N)\" >> \"$s/power-ons\"",
            "  boot_$how \"$d/console-$n.log\"",
            "}",
            "power_off() {  # returns once QEMU is gone (10 s at most), so status is off after it",
            "  running || return 0",
            "  p=$(cat \"$d/qemu.pid\"); kill \"$p\"; i=0",
            "  while kill -0 \"$p\" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done",
            "}",
            "op=$1; shift",
            "echo \"$(date +%s.%N) $op $*\" >> \"$s/calls\"",
            "case $op in",
            "  get) for p in \"$@\"; do",
            "         case $p in",
            "           power) if running; then echo power:1; else echo power:0; fi ;;",
            "           *) echo \"$p:$(cat \"$s/$p\" 2>/dev/null || echo default)\" ;;",
            "         esac",
            "       done ;;",
            "  set) while [ $# -ge 2 ]; do",
            "         case $1 in",
            "           power) if [ \"$2\" = 1 ]; then power_on; else power_off; fi ;;",
            "           *) echo \"$2\" > \"$s/$1\" ;;",
            "         esac",
            "         shift 2",
            "       done ;;",
            "  *) echo \"unknown operation $op\"; exit 1 ;;",
            "esac",
            "");
    Path program = vmDir.resolve("chassis-control");
    Files.writeString(program, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    return program;
  }

  /**
   * The machine's QEMU in the background, as a single-VM run starts it ({@code -nographic}: with it
   * QEMU tells SeaBIOS to print on the serial port too, which {@code -daemonize} does not allow),
   * its console and messages in the file the function's $1 names. nice execs QEMU, so $! is its
   * PID.
   */
  private static String qemu(List<String> machine) {
    return machine.stream().map(BmcLab::quote).collect(Collectors.joining(" "))
        + " -nographic </dev/null >\"$1\" 2>&1 & echo $! > \"$d/qemu.pid\"";
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static String read(Path file, String otherwise) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : otherwise;
    } catch (IOException e) {
      return otherwise;
    }
  }

  /** Every QEMU (SIGTERM, SIGKILL after 10 s), then every simulator, by PID; never throws. */
  @Override
  public void close() {
    for (Vm vm : vms) {
      vm.qemu()
          .ifPresent(
              p -> {
                p.destroy();
                try {
                  p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                  p.destroyForcibly();
                }
              });
    }
    for (Vm vm : vms) {
      try {
        vm.sim().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        System.err.println("lui-e2e: stopping the BMC of " + vm.name() + ": " + e.getMessage());
      }
    }
  }
}
