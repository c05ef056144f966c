package dev.lui.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.power.PowerBatch;
import dev.lui.power.PowerOperation;
import dev.lui.power.PowerResult;
import dev.lui.power.PowerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The batch test's fixture alone, in seconds: a VM behind its ipmi_sim in the lab's namespace,
 * driven by bmc-power. No lui server: the VM only has to start and stop as its BMC says.
 */
@Tag("slow")
@Tag("e2e")
class BmcLabTest {
  @Test
  void theBmcOwnsItsVmPxeForOneBootThenDiskAndEveryQemuIsStoppedAtClose() throws Exception {
    Path dir = E2eDirs.fresh("bmc-lab");
    long qemuPid;
    try (NetLab lab = NetLab.create(dir.resolve("lab"));
        BmcLab bmcs = BmcLab.create(lab, dir.resolve("bmcs"))) {
      BmcLab.Vm vm =
          bmcs.add(
              "v01",
              Qemu.Firmware.BIOS,
              "52:54:00:e2:e2:01",
              Qemu.newDisk(dir.resolve("v01.qcow2"), "64M"));
      PowerBatch batch = bmcs.batch(2);
      assertThat(status(batch, vm)).isEqualTo(PowerState.OFF);

      done(batch.run(PowerOperation.BOOT_PXE, List.of(vm.target())));
      assertThat(vm.sim().chassis("boot")).isEqualTo("pxe");
      done(batch.run(PowerOperation.ON, List.of(vm.target())));
      awaitQemu(vm);
      assertThat(vm.qemu()).as(vm.sim().log()).isPresent();
      qemuPid = vm.qemu().orElseThrow().pid();
      assertThat(vm.qemu().orElseThrow().info().commandLine().orElse(""))
          .contains("drive=d0,bootindex=2 ")
          .contains("-boot n ")
          .contains("mac=52:54:00:e2:e2:01,bootindex=1")
          .contains("ifname=tap-v01");
      assertThat(status(batch, vm)).isEqualTo(PowerState.ON);
      assertThat(vm.sim().chassis("boot")).as("the flag holds for one boot").isEqualTo("default");
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!vm.console().contains("iPXE") && System.nanoTime() < end) {
        Daemon.sleep(200);
      }
      assertThat(vm.console()).as("the first boot is the network's").contains("iPXE");

      // Cycle: off, then on a second later, now from the disk.
      done(batch.run(PowerOperation.CYCLE, List.of(vm.target())));
      end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (vm.boots() < 2 && System.nanoTime() < end) {
        Daemon.sleep(200);
      }
      assertThat(vm.powerOns()).as(vm.sim().log()).startsWith("1 network ").contains("\n2 disk ");
      assertThat(vm.qemu()).isPresent().get().extracting(ProcessHandle::pid).isNotEqualTo(qemuPid);
      qemuPid = vm.qemu().orElseThrow().pid();

      done(batch.run(PowerOperation.OFF, List.of(vm.target())));
      end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (vm.qemu().isPresent() && System.nanoTime() < end) {
        Daemon.sleep(200);
      }
      assertThat(status(batch, vm)).isEqualTo(PowerState.OFF);

      // Left on for close() to stop.
      done(batch.run(PowerOperation.ON, List.of(vm.target())));
      awaitQemu(vm);
      qemuPid = vm.qemu().orElseThrow().pid();
    }
    assertThat(ProcessHandle.of(qemuPid).filter(ProcessHandle::isAlive))
        .as("close() stopped the QEMU its BMC started")
        .isEmpty();
  }

  /**
   * The chassis program starts QEMU in the background: right after {@code power on} returns, the
   * PID it wrote may still be the shell about to exec QEMU (seen under load: no QEMU found).
   */
  private static void awaitQemu(BmcLab.Vm vm) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (vm.qemu().isEmpty() && System.nanoTime() < end) {
      Daemon.sleep(100);
    }
  }

  private static PowerState status(PowerBatch batch, BmcLab.Vm vm) throws InterruptedException {
    PowerResult r = batch.run(PowerOperation.STATUS, List.of(vm.target())).get(0);
    assertThat(r).as(r.line()).isInstanceOf(PowerResult.Done.class);
    return ((PowerResult.Done) r).state().orElseThrow();
  }

  private static void done(List<PowerResult> results) {
    assertThat(results)
        .allSatisfy(r -> assertThat(r).as(r.line()).isInstanceOf(PowerResult.Done.class));
  }
}
