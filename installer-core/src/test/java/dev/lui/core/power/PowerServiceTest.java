package dev.lui.core.power;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.Fixtures;
import dev.lui.power.BmcPassword;
import dev.lui.power.PowerBatch;
import dev.lui.power.PowerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerServiceTest {
  final FakeBmcs bmcs = new FakeBmcs();
  final PowerService power =
      new PowerService(new PowerBatch(bmcs, bmc -> BmcPassword.of("secret")));

  @Test
  void answersOneResultPerNodeInOrderAndANodeWithoutABmcFailsAlone() {
    bmcs.power.put("10.0.1.1", PowerState.ON);
    bmcs.refusing.add("10.0.1.3");
    List<NodePower> r =
        power.run(
            PowerAction.STATUS,
            List.of(
                Fixtures.nodeWithBmc(1),
                Fixtures.node(2),
                Fixtures.nodeWithBmc(3),
                Fixtures.nodeWithBmc(4)));
    assertThat(r).extracting(NodePower::node).containsExactly("n01", "n02", "n03", "n04");
    assertThat(r).extracting(NodePower::ok).containsExactly(true, false, false, true);
    assertThat(r.get(0).line()).isEqualTo("n01 ipmi://admin@10.0.1.1:623 power status: on");
    assertThat(r.get(0).state()).contains("on");
    assertThat(r.get(3).state()).contains("off");
    assertThat(r.get(1).failure()).contains("no-bmc");
    assertThat(r.get(1).line())
        .isEqualTo(
            "n02 status failed: the node has no BMC; define it again with --bmc"
                + " ipmi://USER@HOST[:PORT]");
    assertThat(r.get(2).failure()).contains("refused");
    assertThat(r.get(2).line())
        .isEqualTo(
            "n03 ipmi://admin@10.0.1.3:623 power status failed: BMC refused the user or password"
                + " (user admin at 10.0.1.3:623)");
  }

  @Test
  void recordsEachPowerActionWithItsOutcomeForTheNodesTimelineButNotAStatusQuery() {
    dev.lui.core.store.MemoryStore store = new dev.lui.core.store.MemoryStore();
    store.putNode(Fixtures.nodeWithBmc(1));
    store.putNode(Fixtures.nodeWithBmc(2));
    bmcs.refusing.add("10.0.1.2");
    PowerService recording =
        power.recordingTo(
            store,
            java.time.Clock.fixed(
                java.time.Instant.parse("2026-12-01T10:00:00Z"), java.time.ZoneOffset.UTC));

    recording.start(List.of(Fixtures.nodeWithBmc(1), Fixtures.nodeWithBmc(2)));
    recording.run(PowerAction.STATUS, List.of(Fixtures.nodeWithBmc(1)));
    recording.run(PowerAction.OFF, List.of(Fixtures.nodeWithBmc(1)));

    assertThat(store.nodeEvents("n01"))
        .extracting(
            dev.lui.core.store.NodeEvent::title,
            dev.lui.core.store.NodeEvent::ok,
            dev.lui.core.store.NodeEvent::armId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("power start", true, "arm1"),
            org.assertj.core.groups.Tuple.tuple("power off", true, "arm1"));
    assertThat(store.nodeEvents("n02"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.ok()).isFalse();
              assertThat(e.detail()).contains("BMC refused the user or password");
            });
  }

  @Test
  void startSetsTheNextBootThenCyclesANodeThatIsOnAndPowersOnOneThatIsOff() {
    bmcs.power.put("10.0.1.1", PowerState.ON);
    List<NodePower> r = power.start(List.of(Fixtures.nodeWithBmc(1), Fixtures.nodeWithBmc(2)));
    assertThat(r).allMatch(NodePower::ok);
    assertThat(bmcs.calls())
        .containsSubsequence("10.0.1.1 bootdev pxe", "10.0.1.1 status", "10.0.1.1 cycle")
        .containsSubsequence("10.0.1.2 bootdev pxe", "10.0.1.2 status", "10.0.1.2 on")
        .doesNotContain("10.0.1.1 on", "10.0.1.2 cycle");
    assertThat(r.get(0).line()).isEqualTo("n01 ipmi://admin@10.0.1.1:623 power cycle: ok");
    assertThat(r.get(1).line()).isEqualTo("n02 ipmi://admin@10.0.1.2:623 power on: ok");
  }

  @Test
  void startNotesABmcThatCannotSetTheBootDeviceAndStillPowersTheNode() {
    bmcs.noBootDevice.add("10.0.1.1");
    List<NodePower> r = power.start(List.of(Fixtures.nodeWithBmc(1)));
    assertThat(r).singleElement().satisfies(p -> assertThat(p.ok()).isTrue());
    assertThat(r.get(0).line())
        .isEqualTo(
            "n01 ipmi://admin@10.0.1.1:623 power on: ok (next boot device not set: BMC"
                + " 10.0.1.1:623 refused to set the next boot device to pxe)");
    assertThat(bmcs.power).containsEntry("10.0.1.1", PowerState.ON);
  }

  @Test
  void startStopsAtARefusingBmcWithoutTouchingTheOthers() {
    bmcs.refusing.add("10.0.1.2");
    List<NodePower> r =
        power.start(
            List.of(Fixtures.nodeWithBmc(1), Fixtures.nodeWithBmc(2), Fixtures.nodeWithBmc(3)));
    assertThat(r).extracting(NodePower::ok).containsExactly(true, false, true);
    assertThat(bmcs.calls()).filteredOn(c -> c.startsWith("10.0.1.2")).hasSize(1);
  }
}
