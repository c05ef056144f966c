package dev.lui.power;

import java.util.Optional;

/**
 * What {@link PowerBatch} does to each node: one constant per operation, each calling its {@link
 * BmcDriver} method (a new operation is one constant here and one driver method).
 */
public enum PowerOperation {
  ON("power on") {
    @Override
    Optional<PowerState> apply(BmcDriver driver, BmcAddress bmc, BmcPassword password)
        throws BmcException, InterruptedException {
      driver.powerOn(bmc, password);
      return Optional.empty();
    }
  },
  OFF("power off") {
    @Override
    Optional<PowerState> apply(BmcDriver driver, BmcAddress bmc, BmcPassword password)
        throws BmcException, InterruptedException {
      driver.powerOff(bmc, password);
      return Optional.empty();
    }
  },
  CYCLE("power cycle") {
    @Override
    Optional<PowerState> apply(BmcDriver driver, BmcAddress bmc, BmcPassword password)
        throws BmcException, InterruptedException {
      driver.powerCycle(bmc, password);
      return Optional.empty();
    }
  },
  STATUS("power status") {
    @Override
    Optional<PowerState> apply(BmcDriver driver, BmcAddress bmc, BmcPassword password)
        throws BmcException, InterruptedException {
      return Optional.of(driver.status(bmc, password));
    }
  },
  BOOT_PXE("next boot from the network") {
    @Override
    Optional<PowerState> apply(BmcDriver driver, BmcAddress bmc, BmcPassword password)
        throws BmcException, InterruptedException {
      driver.setNextBoot(bmc, password, BootDevice.PXE);
      return Optional.empty();
    }
  };

  private final String description;

  PowerOperation(String description) {
    this.description = description;
  }

  /** What it does, for messages: {@code power on}. */
  public String description() {
    return description;
  }

  /** Runs this operation; the power state when the operation reports one ({@link #STATUS}). */
  abstract Optional<PowerState> apply(BmcDriver driver, BmcAddress bmc, BmcPassword password)
      throws BmcException, InterruptedException;
}
