package dev.lui.tests.e2e;

import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One QEMU run inside the lab's namespace (software emulation, 2 vCPUs, a virtio disk and a virtio
 * NIC on the lab's tap). The serial console goes to a log file (tail -f it to watch) and named
 * markers seen on it give the phase timings. {@code -no-reboot} ends the run when the guest
 * reboots; a run that hangs is killed at its timeout.
 */
final class Qemu {
  enum Firmware {
    BIOS,
    UEFI
  }

  enum Boot {
    NETWORK,
    DISK
  }

  /** How a run ended and when each marker was first seen, from the start of QEMU. */
  record Run(
      Path serial,
      boolean exited,
      boolean timedOut,
      int exitCode,
      Duration total,
      Map<String, Duration> marks,
      String console) {
    boolean saw(String mark) {
      return marks.containsKey(mark);
    }

    String tail(int lines) {
      List<String> all = console.lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    String timings() {
      StringBuilder b = new StringBuilder();
      marks.forEach(
          (k, v) -> b.append(String.format("  %-28s %6.1f s%n", k, v.toMillis() / 1000.0)));
      b.append(
          String.format(
              "  %-28s %6.1f s%s%n",
              "end", total.toMillis() / 1000.0, timedOut ? " (timeout)" : ""));
      return b.toString();
    }
  }

  static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE.fd");
  static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS.fd");

  private Qemu() {}

  static Path newDisk(Path file, String size) {
    RealTools.program("qemu-img");
    Cmd.run(
        Duration.ofMinutes(1), "qemu-img", "create", "-q", "-f", "qcow2", file.toString(), size);
    return file;
  }

  /**
   * The machine, as QEMU's arguments without a console: 2 vCPUs under TCG at nice 10, 1 GiB, the
   * virtio disk and a virtio NIC on {@code tap}, the boot order for {@code boot} (bootindex, which
   * OVMF follows, and {@code -boot}, which SeaBIOS does), and for UEFI the OVMF code and the
   * machine's own NVRAM ({@code lab.dir/OVMF_VARS-MAC.fd}, kept across its boots so the entries the
   * install writes are there for its disk boot). {@code -no-reboot}: a reboot ends the process. A
   * run here and a BMC's power on ({@link BmcLab}) start the same machine.
   */
  static List<String> machine(
      NetLab lab, Firmware firmware, Boot boot, Path disk, String mac, String tap) {
    RealTools.program("qemu-system-x86_64");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "nice",
                "-n",
                "10",
                "qemu-system-x86_64",
                "-m",
                "1024",
                "-smp",
                "2",
                "-accel",
                "tcg,thread=multi",
                "-no-reboot",
                "-drive",
                "file=" + disk + ",if=none,id=d0,format=qcow2,cache=unsafe",
                // bootindex, not only -boot: OVMF follows the boot order QEMU gives it, not -boot.
                "-device",
                "virtio-blk-pci,drive=d0,bootindex=" + (boot == Boot.DISK ? 1 : 2),
                "-netdev",
                "tap,id=n0,ifname=" + tap + ",script=no,downscript=no",
                "-device",
                "virtio-net-pci,netdev=n0,mac="
                    + mac
                    + ",bootindex="
                    + (boot == Boot.NETWORK ? 1 : 2),
                "-boot",
                boot == Boot.NETWORK ? "n" : "c"));
    if (firmware == Firmware.UEFI) {
      RealTools.file(OVMF_CODE, "ovmf");
      Path vars = lab.dir.resolve("OVMF_VARS-" + mac.replace(":", "") + ".fd");
      try {
        if (!Files.exists(vars)) {
          Files.copy(RealTools.file(OVMF_VARS, "ovmf"), vars, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      cmd.addAll(
          List.of(
              "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
              "-drive", "if=pflash,format=raw,unit=1,file=" + vars));
    }
    return cmd;
  }

  /**
   * Runs QEMU until it exits, {@code stopWhen} holds for the console so far (the VM is then killed:
   * an installed system does not power itself off), or the timeout.
   */
  static Run run(
      NetLab lab,
      String name,
      Firmware firmware,
      Boot boot,
      Path disk,
      String mac,
      Duration timeout,
      Map<String, Pattern> marks,
      Optional<Predicate<String>> stopWhen) {
    List<String> cmd = new ArrayList<>(machine(lab, firmware, boot, disk, mac, NetLab.TAP));
    // The serial console (and QEMU's monitor) on stdout, which goes to the log file.
    cmd.add("-nographic");
    Path serial = lab.dir.resolve(name + ".serial.log");
    long start = System.nanoTime();
    Daemon vm = lab.start("qemu " + name, serial, cmd);
    Map<String, Duration> seen = new LinkedHashMap<>();
    boolean timedOut = false;
    boolean stopped = false;
    try {
      while (true) {
        String out = vm.output();
        Duration now = Duration.ofNanos(System.nanoTime() - start);
        marks.forEach(
            (k, p) -> {
              if (!seen.containsKey(k) && p.matcher(out).find()) {
                seen.put(k, now);
              }
            });
        if (!vm.alive()) {
          break;
        }
        if (stopWhen.isPresent() && stopWhen.get().test(out)) {
          stopped = true;
          break;
        }
        if (now.compareTo(timeout) > 0) {
          timedOut = true;
          break;
        }
        Daemon.sleep(100);
      }
    } finally {
      lab.stop(vm);
    }
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    boolean exited = !timedOut && !stopped;
    return new Run(serial, exited, timedOut, exited ? vm.exitCode() : -1, total, seen, vm.output());
  }
}
