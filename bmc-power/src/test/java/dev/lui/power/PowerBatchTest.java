package dev.lui.power;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PowerBatchTest {
  /** A driver that answers from a table: the in-memory BMCs of a batch. */
  static class FakeDriver implements BmcDriver {
    final Map<BmcAddress, PowerState> power = new ConcurrentHashMap<>();
    final Map<BmcAddress, BmcException> failures = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    private void call(BmcAddress bmc) throws BmcException, InterruptedException {
      int now = running.incrementAndGet();
      mostAtOnce.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(20);
        BmcException e = failures.get(bmc);
        if (e != null) {
          throw e;
        }
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public PowerState status(BmcAddress bmc, BmcPassword p)
        throws BmcException, InterruptedException {
      call(bmc);
      return power.getOrDefault(bmc, PowerState.OFF);
    }

    @Override
    public void powerOn(BmcAddress bmc, BmcPassword p) throws BmcException, InterruptedException {
      call(bmc);
      power.put(bmc, PowerState.ON);
    }

    @Override
    public void powerOff(BmcAddress bmc, BmcPassword p) throws BmcException, InterruptedException {
      call(bmc);
      power.put(bmc, PowerState.OFF);
    }

    @Override
    public void powerCycle(BmcAddress bmc, BmcPassword p)
        throws BmcException, InterruptedException {
      call(bmc);
    }

    @Override
    public void setNextBoot(BmcAddress bmc, BmcPassword p, BootDevice d)
        throws BmcException, InterruptedException {
      call(bmc);
    }
  }

  private static List<PowerTarget> nodes(int n) {
    List<PowerTarget> t = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      t.add(new PowerTarget("n" + i, BmcAddress.parse("ipmi://admin@10.0.0." + i)));
    }
    return t;
  }

  private static SecretSource everyone() {
    return bmc -> BmcPassword.of("pw");
  }

  @Test
  void oneResultPerNodeInOrder() throws Exception {
    FakeDriver d = new FakeDriver();
    List<PowerTarget> t = nodes(5);
    List<PowerResult> r = new PowerBatch(d, everyone()).run(PowerOperation.ON, t);
    assertThat(r).extracting(PowerResult::node).containsExactly("n1", "n2", "n3", "n4", "n5");
    assertThat(r).allMatch(x -> x instanceof PowerResult.Done);
    List<PowerResult> s = new PowerBatch(d, everyone()).run(PowerOperation.STATUS, t);
    assertThat(s)
        .extracting(x -> ((PowerResult.Done) x).state())
        .containsOnly(Optional.of(PowerState.ON));
    assertThat(s.get(0).line()).isEqualTo("n1 ipmi://admin@10.0.0.1:623 power status: on");
  }

  @Test
  void aFailingNodeIsItsResultAndTheOthersGoOn() throws Exception {
    FakeDriver d = new FakeDriver();
    List<PowerTarget> t = nodes(3);
    d.failures.put(
        t.get(1).bmc(),
        new BmcException(BmcFailure.REFUSED, "BMC refused the user or password (user admin)"));
    SecretSource secrets =
        bmc -> {
          if (bmc.host().equals("10.0.0.3")) {
            throw new BmcException(BmcFailure.NO_PASSWORD, "no password for BMC " + bmc);
          }
          return BmcPassword.of("pw");
        };
    List<PowerResult> r = new PowerBatch(d, secrets).run(PowerOperation.OFF, t);
    assertThat(r.get(0)).isInstanceOf(PowerResult.Done.class);
    assertThat(r.get(1))
        .isInstanceOfSatisfying(
            PowerResult.Failed.class,
            f -> {
              assertThat(f.failure()).isEqualTo(BmcFailure.REFUSED);
              assertThat(f.line())
                  .isEqualTo(
                      "n2 ipmi://admin@10.0.0.2:623 power off failed: BMC refused the user or"
                          + " password (user admin)");
            });
    assertThat(r.get(2))
        .isInstanceOfSatisfying(
            PowerResult.Failed.class,
            f -> assertThat(f.failure()).isEqualTo(BmcFailure.NO_PASSWORD));
  }

  @Test
  void talksToAtMostParallelismBmcsAtOnce() throws Exception {
    FakeDriver d = new FakeDriver();
    new PowerBatch(d, everyone()).withParallelism(3).run(PowerOperation.CYCLE, nodes(20));
    assertThat(d.mostAtOnce.get()).isBetween(1, 3);
    FakeDriver d16 = new FakeDriver();
    PowerBatch batch = new PowerBatch(d16, everyone());
    assertThat(batch.parallelism()).isEqualTo(16);
    batch.run(PowerOperation.BOOT_PXE, nodes(40));
    assertThat(d16.mostAtOnce.get()).isLessThanOrEqualTo(16);
  }

  @Test
  void aDriverBugBecomesThatNodesFailure() throws Exception {
    BmcDriver broken =
        new FakeDriver() {
          @Override
          public PowerState status(BmcAddress bmc, BmcPassword p) {
            throw new IllegalStateException("bug");
          }
        };
    List<PowerResult> r = new PowerBatch(broken, everyone()).run(PowerOperation.STATUS, nodes(2));
    assertThat(r)
        .allSatisfy(
            x ->
                assertThat(x)
                    .isInstanceOfSatisfying(
                        PowerResult.Failed.class,
                        f -> assertThat(f.message()).contains("IllegalStateException: bug")));
  }

  @Test
  void anEmptyBatchIsEmpty() throws Exception {
    assertThat(new PowerBatch(new FakeDriver(), everyone()).run(PowerOperation.ON, List.of()))
        .isEmpty();
  }
}
