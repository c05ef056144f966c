package dev.lui.contract.disk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.PlanCodec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiskIdentityTest {
  private static BlockDevice disk(Optional<String> serial, Optional<String> wwn, long size) {
    return new BlockDevice(
        "sda", "/dev/sda", size, serial, wwn, Optional.of("Disk"), "disk", List.of(), List.of());
  }

  @Test
  void theSameDiskMatches() {
    BlockDevice d = disk(Optional.of("S1"), Optional.of("0x5000"), 1000);
    assertThat(DiskIdentity.of(d).mismatch(d)).isEmpty();
  }

  @Test
  void aSwappedDiskWithAnotherSerialDoesNot() {
    DiskIdentity was = new DiskIdentity(Optional.of("S1"), Optional.empty(), 1000);
    assertThat(was.mismatch(disk(Optional.of("S2"), Optional.empty(), 1000)))
        .contains("serial S2, expected S1");
  }

  @Test
  void aDiskThatLostItsWwnDoesNot() {
    DiskIdentity was = new DiskIdentity(Optional.empty(), Optional.of("0x5000"), 1000);
    assertThat(was.mismatch(disk(Optional.empty(), Optional.empty(), 1000)))
        .contains("wwn (none), expected 0x5000");
  }

  @Test
  void withoutSerialOrWwnTheSizeDecides() {
    DiskIdentity was = new DiskIdentity(Optional.empty(), Optional.empty(), 1000);
    assertThat(was.mismatch(disk(Optional.empty(), Optional.empty(), 2000)))
        .contains("size 2000 bytes, expected 1000");
    assertThat(was.mismatch(disk(Optional.of("new"), Optional.empty(), 1000))).isEmpty();
  }

  @Test
  void aPlanWithAnExpectedDiskRoundTripsAndOldPlansStayAsTheyWere() throws Exception {
    InstallPlan plan = dev.lui.contract.plan.TestPlans.sample();
    String before = PlanCodec.toJson(plan);
    assertThat(before).doesNotContain("expectedDisk");
    InstallPlan with =
        plan.withExpectedDisk(
            Optional.of(new DiskIdentity(Optional.of("S1"), Optional.empty(), 1000)));
    assertThat(PlanCodec.fromJson(PlanCodec.toJson(with))).isEqualTo(with);
  }
}
